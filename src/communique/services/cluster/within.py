"""Within-article coreference: the mentions of one act in one report become one cluster.

A report names its event once with a date and a place ("... met in Ankara the previous day")
and goes on about it ("The parties discussed ...", "During the meeting, the sides ..."). In
sentence order, each mention joins the most recent cluster of the same article that the
never-merge rules (``rules.compatible``) allow, or the cluster of a mention of the same type in
the same sentence from the same trigger word or with a participant in common (one act told
once, however its participants were read); no score is needed inside one report, where a
second act of the same type and dyad shows itself by its own date or place. A follow-up that
joins takes the cluster's date and place when it has none of its own (its date was the
report's), so that its record is dated as the event is; the cluster never takes a follow-up's
place (mostly where something was said about the event: "told reporters in Phnom Penh").
"""

from __future__ import annotations

from dataclasses import replace

from communique.core.article import Article
from communique.services.cluster.model import Cluster, codes_of, members_of
from communique.services.cluster.rules import compatible
from communique.services.cluster.settings import ClusterSettings

UNDATED = (None, "article")  # granularities that say the mention had no date expression of its own


def article_clusters(article: Article, cfg: ClusterSettings) -> list[Cluster]:
    """Return the article's mentions grouped into clusters (in order of their first mention)."""
    clusters: list[Cluster] = []
    for member in members_of(article, cfg):
        c = Cluster.of(member, cfg)
        for other in reversed(clusters):
            if same_act(other, c) or compatible(other, c, cfg, across=False):
                other.absorb(c, take_place=False)
                break
        else:
            clusters.append(c)
    for c in clusters:
        inherit(c)
    return clusters


def same_act(a: Cluster, b: Cluster) -> bool:
    """Return True when ``b``'s mention and one of ``a``'s are one act told in one sentence.

    The same type in the same sentence, from the same trigger word or sharing a participant in
    the same role (so that "Tajikistan released Kyrgyz citizens and Kyrgyzstan freed Tajiks" stays two):
    "met ... to discuss North Korea's missiles" is one meeting even when "discuss" was read with
    North Korea as a participant, and an accusation coded on "accused" and on "aggression" is
    one accusation, however each reading's participants came out.
    """
    e = b.best
    t = e.evidence.trigger if e.evidence else None
    for m in a.members:
        r = m.record
        if r.type != e.type or r.sentence_index != e.sentence_index or r.historical != e.historical:
            continue
        u = r.evidence.trigger if r.evidence else None
        if t is not None and u is not None and u.start < t.end and t.start < u.end:
            return True
        if codes_of(r.actors) & b.actors or codes_of(r.recipients) & b.recipients:
            return True
    return False


def inherit(c: Cluster) -> None:
    """Give members without a date or place of their own the cluster's date and place."""
    d, loc = c.dated, c.location
    for m in c.members:
        e = m.record
        changes = {}
        if e.date_granularity in UNDATED and d.date_granularity not in UNDATED:
            changes.update(date=d.date, date_text=d.date_text, date_granularity=d.date_granularity)
        if e.location is None and loc is not None:
            changes["location"] = loc
        if changes:
            m.record = replace(e, **changes)
            if c.best_mention == e.event_id:
                c.best = m.record
