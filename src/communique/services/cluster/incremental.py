"""Cross-article clustering, incremental: each new cluster joins the best live event or starts one.

Blocking keeps it from comparing all pairs: live events are indexed by (family, week, code)
(codeless events under the code ""), and a new cluster is compared only with the events of its
family, in the weeks its date window reaches, that share a participant code with it (a codeless
cluster looks at every event of its family and weeks). The cost of one cluster follows the
number of events of its type and dyad in a fortnight, not the size of the corpus. Of the stored
events a batch's window reaches, only those one of its new clusters may join are indexed
(``joinable``): the others could change nothing, and a window can reach a year of them.

A cluster joins the best-scoring compatible and anchored event (``rules``) at or above the
threshold whose evidence is at least ``min_evidence`` alike (the other signals say only that two
reports could be one; the evidence, its words or its meaning, says that they are), or ``min_evidence_anchored`` when both name
the same full dyad or the same person by full name (``rules.evidence_floor``). Any other event
that also scores at or above the threshold and stays compatible with the joined event is the
same event, reported twice until now: it is merged into it (the survivor is the stored event
with more mentions, then the older id), and a stored event merged away leaves a redirect.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from communique.services.cluster.model import Cluster
from communique.services.cluster.rules import anchored, compatible, evidence_floor, signals
from communique.services.cluster.settings import ClusterSettings

WEEK = 7
T = TypeVar("T")


class Index:
    """Live events by (family, week, code): the blocks a new cluster is compared within."""

    def __init__(self, cfg: ClusterSettings):
        self.cfg = cfg
        self.blocks: dict[tuple[str, int, str], list[Cluster]] = defaultdict(list)
        self.by_week: dict[tuple[str, int], list[Cluster]] = defaultdict(list)
        self.keys: dict[int, set[tuple[str, int, str]]] = defaultdict(set)  # where each cluster is indexed
        self.comparisons = 0

    def _weeks(self, c: Cluster, pad: int) -> range:
        lo = (c.lo - dt.timedelta(days=pad)).toordinal() // WEEK
        hi = (c.hi + dt.timedelta(days=pad)).toordinal() // WEEK
        return range(lo, hi + 1)

    def add(self, c: Cluster) -> None:
        """Index a live event (an undated one is never a candidate)."""
        if c.lo is None or c.hi is None or c.past:
            return
        done = self.keys[id(c)]
        for w in self._weeks(c, 0):
            for code in c.codes or {""}:
                key = (c.family, w, code)
                if key in done:
                    continue
                if not any(k[1] == w for k in done):
                    self.by_week[(c.family, w)].append(c)
                done.add(key)
                self.blocks[key].append(c)

    def candidates(self, c: Cluster) -> list[Cluster]:
        """Return the live events in ``c``'s blocks (each once, merged-away ones left out)."""
        if c.lo is None or c.hi is None or c.past:
            return []
        seen: dict[int, Cluster] = {}
        for w in self._weeks(c, self.cfg.max_gap_days):
            if c.codes:
                pools: Iterable[list[Cluster]] = [self.blocks.get((c.family, w, code), []) for code in (*c.codes, "")]
            else:
                pools = [self.by_week.get((c.family, w), [])]
            for pool in pools:
                for other in pool:
                    live = other.live()
                    if live is not c:
                        seen.setdefault(id(live), live)
        return list(seen.values())

    def joins(self, other: Cluster, c: Cluster) -> float | None:
        """Return the score with which ``c`` may join the live event ``other`` (None: it may not)."""
        cfg = self.cfg
        if compatible(other, c, cfg, across=across(other, c)) and anchored(other, c, cfg):
            sig = signals(other, c, cfg)
            s = sum(cfg.weights[k] * v for k, v in sig.items())
            if s >= cfg.threshold and sig["evidence"] >= evidence_floor(other, c, cfg):
                return s
        return None

    def reaches(self, c: Cluster, other: Cluster) -> bool:
        """Return True when the event ``other``, once indexed, is in one of ``c``'s blocks (``candidates``)."""
        if c.lo is None or c.hi is None or c.past or other.lo is None or other.hi is None or other.past:
            return False
        if other.family != c.family:
            return False
        mine, theirs = self._weeks(c, self.cfg.max_gap_days), self._weeks(other, 0)
        if not (mine and theirs) or theirs.start >= mine.stop or mine.start >= theirs.stop:
            return False
        return not c.codes or not other.codes or bool(other.codes & c.codes)

    def joinable(self, stored: Iterable[tuple[Cluster, T]], new: list[Cluster]) -> list[T]:
        """Return the tags of the stored events that one of the clusters ``new`` (about to be placed) may join.

        ``stored`` pairs each stored event's cluster with a tag of the caller's (its row). Only
        those events need indexing: each of the others would be compared and left as it is, for
        a stored event changes, or takes part in a merge, only once a new cluster scores with it
        (``joins``) while it is still as stored, and ``place`` merges only events that scored.
        So the stored events a batch's window reaches (all of a type's events in a year, for a
        mention dated by its year alone) are tested as they stream in, and not all held at
        once. ``new`` must be those clusters as they will be placed.
        """
        by_family: dict[str, list[Cluster]] = defaultdict(list)
        for c in new:
            by_family[c.family].append(c)
        return [tag for other, tag in stored
                if any(self.reaches(c, other) and self.joins(other, c) is not None
                       for c in by_family.get(other.family, ()))]

    def place(self, c: Cluster) -> Cluster:
        """Join ``c`` to the event it reports (merging events it shows to be one), or index it as new.

        Returns the live cluster ``c`` ended in.
        """
        cfg = self.cfg
        scored = []
        for other in self.candidates(c):
            self.comparisons += 1
            s = self.joins(other, c)
            if s is not None:
                scored.append((s, other))
        if not scored:
            self.add(c)
            return c
        scored.sort(key=lambda x: (-x[0], x[1].event_id))
        target = scored[0][1]
        target.absorb(c)
        for _, other in scored[1:]:
            other = other.live()
            target = target.live()
            if other is target or not (compatible(target, other, cfg, across=across(target, other))
                                       and anchored(target, other, cfg)):
                continue
            keep, gone = survivor(target, other)
            keep.absorb(gone)
            self.add(keep)  # its window may have grown: index it under its new blocks too
        target = target.live()
        self.add(target)
        return target


def across(a: Cluster, b: Cluster) -> bool:
    """Return False when two clusters hold mentions of one report (its roles are read strictly there)."""
    return not ({m.article_id for m in a.members} & {m.article_id for m in b.members})


def survivor(a: Cluster, b: Cluster) -> tuple[Cluster, Cluster]:
    """Return (kept, merged away) for two events that are one: stored first, more mentions, older id."""
    def key(c: Cluster) -> tuple:
        return (not c.stored, -c.num_mentions, c.event_id)

    return (a, b) if key(a) <= key(b) else (b, a)
