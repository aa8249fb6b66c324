"""Mentions -> events: within each article (coreference), then across articles, incrementally.

Public API::

    from communique.services.cluster import cluster_articles, plan_batch
    events = cluster_articles(coded_articles)        # MergedEvent list, no store (``communique code``)
    plan = plan_batch(store, coded_articles)          # EventPlan for Store.add_articles (``ingest``)

``within`` groups one article's mentions; ``incremental`` places each group among the live
events (blocked by family, week and participant code; scored by ``rules``); ``model`` holds the
features compared. The numbers (symmetric types, windows, weights, threshold) are data:
``data/cluster.yaml``; the threshold was chosen on the tune half of the dedup dev set
(``communique eval dedup``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from communique.core.article import Article
from communique.core.event import Event
from communique.core.merged import MentionRef, MergedEvent
from communique.io.store import Store
from communique.io.store.events import Candidate, EventPlan, EventWrite
from communique.services.cluster.incremental import Index
from communique.services.cluster.model import Cluster
from communique.services.cluster.settings import ClusterSettings, settings
from communique.services.cluster.within import article_clusters

__all__ = ["Cluster", "ClusterSettings", "Index", "cluster_articles", "plan_batch", "settings"]


def _local(articles: Iterable[Article], cfg: ClusterSettings) -> list[Cluster]:
    """Return every article's within-article clusters, oldest article first (ties keep input order)."""
    seen: set[str] = set()
    unique = []
    for a in articles:  # an article given twice is one article (the store keeps the first)
        if not a.failed and a.id not in seen:
            seen.add(a.id)
            unique.append(a)
    ordered = sorted(unique, key=lambda a: a.date or "")
    return [c for a in ordered for c in article_clusters(a, cfg)]


def cluster_articles(articles: Iterable[Article], cfg: ClusterSettings | None = None,
                     index: Index | None = None) -> list[MergedEvent]:
    """Return the events of ``articles``: their mentions merged within and across them.

    Events come in the order of their first mention (oldest article first). ``index`` carries
    live events from earlier calls; events of earlier calls are not returned again.
    """
    cfg = cfg or settings()
    index = index or Index(cfg)
    order: dict[int, Cluster] = {}
    for c in _local(articles, cfg):
        live = index.place(c)
        order.setdefault(id(live), live)
    seen: set[int] = set()
    out = []
    for c in order.values():
        live = c.live()
        if id(live) in seen or not live.members:
            continue
        seen.add(id(live))
        out.append(merged_event(live))
    return out


def merged_event(c: Cluster) -> MergedEvent:
    """Return the MergedEvent of a cluster (its members are all its mentions)."""
    refs = [MentionRef.of(m.record, m.source, m.url, m.article_date) for m in c.members]
    return MergedEvent.of(c.event(), refs)


def _stored(cand: Candidate, record: Event, cfg: ClusterSettings) -> Cluster:
    """Return the cluster of a stored event (``record``: its representative record, or the candidate's part of it)."""
    return Cluster.stored_event(cand.event_id, cand.mention_id, record, cand.features, cand.first_date,
                                cand.last_date, cand.num_mentions, cfg)


def plan_batch(store: Store, articles: list[Article], cfg: ClusterSettings | None = None) -> EventPlan:
    """Return how a coded batch's mentions join the store's events (and which stored events merge).

    One blocking query reads the stored events that the batch's dates, types and participant
    codes can reach, streamed without their records; only those a new cluster may join are
    kept (``Index.joinable``), with their records read then, and everything else is decided in
    memory.
    """
    cfg = cfg or settings()
    local = _local(articles, cfg)
    index = Index(cfg)
    dated = [c for c in local if c.lo and c.hi and not c.past]
    if dated:
        pad = dt.timedelta(days=cfg.max_gap_days)
        since = (min(c.lo for c in dated) - pad).isoformat()
        until = (max(c.hi for c in dated) + pad).isoformat()
        codes = None if any(not c.codes for c in dated) else sorted({x for c in dated for x in c.codes})
        reached = ((_stored(cand, cand.event, cfg), cand)
                   for cand in store.candidates(sorted({c.family for c in dated}), codes, since, until))
        kept = sorted(index.joinable(reached, dated), key=lambda cand: cand.event_id)
        records = store.event_records([cand.event_id for cand in kept if cand.partial])
        for cand in kept:
            record = records.get(cand.event_id) if cand.partial else cand.event
            if record is not None:  # None: merged away meanwhile by another writer
                index.add(_stored(cand, record, cfg))
    for c in local:
        index.place(c)
    plan = EventPlan()
    touched: dict[int, Cluster] = {}
    for c in local:
        live = c.live()
        touched.setdefault(id(live), live)
        for m in c.members:
            plan.mentions[m.record.event_id] = m.record
    # Stored events merged away: every stored cluster whose live cluster is another one.
    merges: dict[str, str] = {}
    for pool in index.blocks.values():
        for c in pool:
            if c.stored and c.merged_into is not None:
                merges[c.event_id] = c.live().event_id
    plan.merges = sorted(merges.items())
    for live in touched.values():
        for m in live.members:
            plan.assign[m.record.event_id] = live.event_id
        if live.changed or not live.stored:
            lo, hi = live.lo, live.hi
            plan.events.append(EventWrite(live.event(), live.best_mention, live.family, sorted(live.codes),
                                          lo.isoformat() if lo else None, hi.isoformat() if hi else None,
                                          live.features()))
    return plan
