"""Tune and check halves of the dev sets: which half every dev item belongs to, and nothing else.

Tuning on a dev set and reporting on the same items over-states accuracy. Each dev set is
therefore cut into two halves: engineers look at the *tune* half (errors, confusions) while they
work, and the *check* half tells whether a change generalises. Every report carries its
headline figures for both halves and for the whole; the quality gate pins floors for each.

The half of an item depends on its key alone, never on file order, ``--limit`` or the other
items, so an item keeps its half when a data set grows or is read in another order:

- the key is the item's sentence text for sentence data sets, its document id for document
  data sets (``KEYS`` names the key of every data set);
- the key is normalised (Unicode NFKC, case-folded, each run of white space one space, stripped),
  so that a re-tokenised or re-cased copy of a sentence lands in the same half;
- the half is the lowest bit of the first byte of the SHA-256 digest of the normalised key,
  UTF-8 encoded: 0 is tune, 1 is check. About half of any large set falls on each side.

Identical sentences in two data sets share a half, so tuning on one set's tune half never
tunes on another set's check half through a duplicate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

from communique.core.errors import UsageError

T = TypeVar("T")

TUNE = "tune"
CHECK = "check"
HALVES = (TUNE, CHECK)

# data set -> what its split key is (the dataset modules build the key; this table documents it
# and the tests check the two agree).
KEYS: dict[str, str] = {
    "plover_gsr": "sentence text",
    "conflibert_cameo": "sentence text",
    "case2021_task2": "snippet text",
    "conll2003": "sentence text (tokens joined by single spaces)",
    "india_police_events": "document id",
    "geowebnews": "document id (the article's file attribute)",
    "lgl_dev": "document id",
    "dedup": "the hard-negative group of the report's incident, else the incident id",
    "dedup_enlarged": "the hard-negative group of the report's incident, else the incident id",
}

_SPACE = re.compile(r"\s+")


def normalise(key: str) -> str:
    """Return ``key`` in the form that is hashed: NFKC, case-folded, white space collapsed, stripped."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", str(key)).casefold()).strip()


def half_of(key: str) -> str:
    """Return ``"tune"`` or ``"check"``: the half of the item whose split key is ``key``."""
    digest = hashlib.sha256(normalise(key).encode("utf-8")).digest()
    return HALVES[digest[0] & 1]


def check_half(half: str | None) -> str | None:
    """Return ``half`` when it is None, "tune" or "check"; raise UsageError (E005) otherwise."""
    if half is not None and half not in HALVES:
        raise UsageError(f"unknown half '{half}': choose tune or check (or leave --half out for both).")
    return half


def partition(items: Sequence[T], key: Callable[[T], str]) -> dict[str, list[int]]:
    """Return half -> the indices (in order) of the ``items`` that fall in it."""
    out: dict[str, list[int]] = {h: [] for h in HALVES}
    for i, item in enumerate(items):
        out[half_of(key(item))].append(i)
    return out


def select(items: Sequence[T], key: Callable[[T], str], half: str | None) -> list[T]:
    """Return the ``items`` of one half (all of them when ``half`` is None), in their order."""
    if half is None:
        return list(items)
    return [it for it in items if half_of(key(it)) == half]
