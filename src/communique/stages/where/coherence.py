"""Spatial coherence: the places one article names lie together (part of step 4 of ``where.resolve``).

A local report names several places of one county or state ("Paris" with "Henry County" and
"Dunlap St."), and its outlet's home (``where.home``) is one of them. Decided here: every distinct
name of the article votes for the candidates of every other name that lie with one of its own
candidates:
- in the same second-level division (a town and its county, two towns of one county): ``SAME_ADMIN2``;
- in the same first-level division (a town and its state, two towns of one state): ``SAME_ADMIN1``;
each vote weighted by how likely the voter's candidate is (``weight``: 1 for its best candidate,
less for the others by their first-pass score gap, ``SHARPNESS``), the best vote of each voter
counting once, and the votes at the state level counting together as one at most; a name never
votes for itself. Countries are not voted on here: the country
context of ``where.ranking`` counts them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from communique.stages.where.gazetteer import GeoEntry, NameHit, normalize

SAME_ADMIN2 = 1.0
SAME_ADMIN1 = 0.5
# A voter's candidate at a first-pass score gap g below its best weighs exp(-SHARPNESS * g).
SHARPNESS = 8.0
# A voter's candidates below this weight do not vote (a name with dozens of namesakes).
MIN_WEIGHT = 0.1


def admin1_key(e: GeoEntry) -> tuple[str, str] | None:
    """Return the first-level division a town or division lies in, or None (countries, regions)."""
    if not e.country or not e.admin1 or e.feature == "PCLI":
        return None
    return (e.country, e.admin1)


def admin2_key(e: GeoEntry) -> tuple[str, str, str] | None:
    """Return the second-level division a town lies in (or that a second-level division is), or None."""
    a1 = admin1_key(e)
    if a1 is None:
        return None
    name = e.name if e.feature == "ADM2" else e.admin2
    return (*a1, name) if name else None


def weight(gap: float) -> float:
    """Return how much a voter's candidate counts at a first-pass score ``gap`` below its best."""
    return math.exp(-SHARPNESS * max(gap, 0.0))


@dataclass
class Voter:
    """One distinct name of the article: the divisions its candidates lie in, with their weights."""

    key: str
    admin1: dict[tuple[str, str], float] = field(default_factory=dict)
    admin2: dict[tuple[str, str, str], float] = field(default_factory=dict)


def voter(key: str, scored: Iterable[tuple[float, NameHit]]) -> Voter:
    """Return the voter of the name ``key`` from its candidates scored in the first pass."""
    v = Voter(key)
    scored = list(scored)
    if not scored:
        return v
    best = max(s for s, _ in scored)
    for s, h in scored:
        w = weight(best - s)
        if w < MIN_WEIGHT:
            continue
        a1, a2 = admin1_key(h.entry), admin2_key(h.entry)
        if a1 is not None and w > v.admin1.get(a1, 0.0):
            v.admin1[a1] = w
        if a2 is not None and w > v.admin2.get(a2, 0.0):
            v.admin2[a2] = w
    return v


@dataclass
class Coherence:
    """The voters of an article (its distinct names, and the outlet's home)."""

    voters: list[Voter] = field(default_factory=list)

    def add(self, v: Voter) -> None:
        """Add a voter, merged into the one of the same name (each name votes once)."""
        for old in self.voters:
            if old.key == v.key:
                for k, w in v.admin1.items():
                    old.admin1[k] = max(old.admin1.get(k, 0.0), w)
                for k2, w in v.admin2.items():
                    old.admin2[k2] = max(old.admin2.get(k2, 0.0), w)
                return
        self.voters.append(v)

    def support(self, e: GeoEntry, own: str) -> float:
        """Return the votes of the other names for the candidate ``e`` of the name ``own``."""
        a1, a2 = admin1_key(e), admin2_key(e)
        if a1 is None:
            return 0.0
        own = normalize(own)
        county = state = 0.0
        for v in self.voters:
            if v.key == own:
                continue
            c = SAME_ADMIN2 * v.admin2.get(a2, 0.0) if a2 else 0.0
            st = SAME_ADMIN1 * v.admin1.get(a1, 0.0)
            if c >= st:
                county += c
            else:
                state += st
        # Names of the same state count once: a state is large, and a report on its capital
        # names teams and towns from all over it.
        return county + min(state, SAME_ADMIN1)
