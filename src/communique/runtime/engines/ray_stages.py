"""The pieces of a Ray Data plan that run on the cluster: groups of stages over batches of pickled articles.

A batch is ``{"i": input positions, "blob": pickled Articles}`` (numpy format): an Article is a
tree of dataclasses that Arrow cannot hold as columns, and pickling it once per hop is cheaper
than converting it. ``StageGroup`` is both the stateful actor class (its stages, with their
models, are built once per actor) and, through ``run_group``, the body of a task (stages built
once per Ray worker process and kept, so a light task does not rebuild its gazetteers per batch).
No ray import here: Ray wraps these when the plan is built.
"""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np

from communique.core.config import Settings
from communique.core.knowledge import Knowledge

_GROUPS: dict[tuple[str, ...], StageGroup] = {}


def pack(articles: list[Any]) -> np.ndarray:
    """Return ``articles`` pickled, as a numpy object array."""
    out = np.empty(len(articles), dtype=object)
    for k, a in enumerate(articles):
        out[k] = pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def unpack(blobs: Any) -> list[Any]:
    """Return the articles of a ``blob`` column."""
    return [pickle.loads(b) for b in blobs]


class StageGroup:
    """Runs consecutive stages of the pipeline over a batch, each bound to the run's knowledge."""

    def __init__(self, settings: Settings, names: list[str], knowledge: Knowledge | None = None):
        from communique.runtime.engines.threads import pin_threads

        pin_threads(1)
        from communique.runtime.pipeline import build_stage
        from communique.runtime.wiring import build_wiring

        wiring = build_wiring(settings)
        stages = [build_stage(n, settings, wiring) for n in names]
        if knowledge is not None:
            stages = [s.bind(knowledge) if hasattr(s, "bind") else s for s in stages]
        self.stages = stages

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from communique.runtime.engines.threads import pin_torch
        from communique.runtime.pipeline import run_batch

        articles = run_batch(self.stages, unpack(batch["blob"]))
        pin_torch(1)
        return {"i": batch["i"], "blob": pack(articles)}


def run_group(batch: dict[str, np.ndarray], settings: Settings, names: list[str],
              knowledge: Knowledge | None, key: str) -> dict[str, np.ndarray]:
    """Run the light stages ``names`` over ``batch`` as a task (their group built once per process)."""
    group = _GROUPS.get((key, *names))
    if group is None:
        group = _GROUPS[(key, *names)] = StageGroup(settings, names, knowledge)
    return group(batch)
