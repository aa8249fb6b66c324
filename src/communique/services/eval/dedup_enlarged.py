"""dedup_enlarged: the de-duplication set with its later batches of reports, scored as ``dedup`` is.

The second batch (``data/dedup-more/``, written by the project in the style of the first: more
outlets, incidents and hard-negative groups of every kind) makes the set larger without moving
the figures the gate pins on the first (``dedup``); the third to sixth batches
(``dedup.BATCHES``) were each written before any of their errors was read. Its items fall in both halves by the same
split rule; ``communique eval dedup_enlarged`` reports the whole set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from communique.services.eval import dedup
from communique.services.eval.report import Report

# The same items, the same key: an incident, its hard negatives and their reports share one half.
split_key = dedup.split_key


def load(root: Path | None = None) -> dedup.DedupSet:
    """Return every batch of the packaged set (``root``, the shared data folder, is not read)."""
    return dedup.load_enlarged()


def evaluate(root: Path | None = None, limit: int | None = None, pipeline: Any = None, *, half: str | None = None,
             errors: bool = False, settings: Any = None) -> Report:
    """Return the dedup report of the real pipeline over both batches of the set."""
    return dedup.evaluate(root, limit, pipeline, half=half, errors=errors, settings=settings,
                          data=load(root), name="dedup_enlarged")
