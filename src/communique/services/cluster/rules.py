"""When two clusters may be one event (``compatible``: the never-merge rules) and how alike they are (``score``).

Never merged (issue 12, DESIGN "Events and mentions"):

- different type families (PLOVER keeps the types apart), or different negated / hypothetical /
  future flags; a reference to the past (historical, or dated well before its report) never
  merges at all, so it never makes or joins a current event;
- different dyads: when both sides know their participant codes, one set must hold the other
  (a report that names only the attacker may join one that names both); for a directed type
  the roles may not be reversed (A accusing B is not B accusing A);
- dates further apart than ``max_gap_days`` (intervals from each mention's granularity);
- different places: two event locations below country level with different GeoNames ids
  (two countries only weigh against: a country-level location is often a country the sentence
  names, not where the act happened), or, for acts bound to a place (``placed_types``: strikes, protests,
  arrests, deployments; not statements, which name where they were said), evidence sentences
  that each name a place below country level the other does not ("in Nyala, South Darfur" and "in Mellit, North Darfur"; "in Nyala" and "in
  Nyala, South Darfur" may merge).

The score is a weighted sum (``data/cluster.yaml``) of five signals in 0..1: evidence words
(cosine), shared names, place, date closeness and dyad agreement.
"""

from __future__ import annotations

import math

from communique.services.cluster.model import Cluster, gap_days
from communique.services.cluster.settings import ClusterSettings


def compatible(a: Cluster, b: Cluster, cfg: ClusterSettings) -> bool:
    """Return True unless a never-merge rule keeps ``a`` and ``b`` apart."""
    if a.family != b.family or a.flags != b.flags or a.past or b.past:
        return False
    ca, cb = a.codes, b.codes
    if ca and cb and not (ca <= cb or cb <= ca):
        return False
    if not (a.symmetric or b.symmetric) and _reversed(a, b):
        return False
    gap = gap_days(a, b)
    if gap is not None and gap > cfg.max_gap_days:
        return False
    if a.geonameid is not None and b.geonameid is not None and a.geonameid != b.geonameid:
        return False
    if (a.best.type in cfg.placed_types and a.places and b.places
            and not (a.places <= b.places or b.places <= a.places)):
        return False
    return True


def _reversed(a: Cluster, b: Cluster) -> bool:
    """Return True when a participant acts in one cluster and is only acted on in the other.

    Only between clusters that both name an actor: a report that names the victims alone
    ("nine were killed in Mogadishu") says nothing about who acted.
    """
    if not (a.actors and b.actors):
        return False
    return bool((a.actors & b.recipients) - b.actors or (b.actors & a.recipients) - a.actors)


def signals(a: Cluster, b: Cluster, cfg: ClusterSettings) -> dict[str, float]:
    """Return the five similarity signals of two compatible clusters, each in 0..1."""
    ev = len(a.words & b.words) / math.sqrt(len(a.words) * len(b.words)) if a.words and b.words else 0.0
    if a.names and b.names:
        names = len(a.names & b.names) / min(len(a.names), len(b.names))
    else:  # no name to compare on one side (countries only): neither for nor against
        names = 0.5 if not (a.names or b.names) else 0.25
    if (a.geonameid is not None and a.geonameid == b.geonameid) or (a.places and a.places == b.places):
        place = 1.0
    elif a.country and b.country and a.country != b.country:
        place = 0.0
    elif a.geonameid is None and b.geonameid is None and a.country and a.country == b.country:
        place = 0.75
    else:
        place = 0.5
    gap = gap_days(a, b)
    date = 0.5 if gap is None else 1.0 - gap / (cfg.max_gap_days + 1)
    ca, cb = a.codes, b.codes
    dyad = 1.0 if ca and ca == cb else (0.5 if ca or cb else 0.25)
    return {"evidence": ev, "names": names, "place": place, "date": date, "dyad": dyad}


def score(a: Cluster, b: Cluster, cfg: ClusterSettings) -> float:
    """Return the weighted similarity of two clusters (compare with ``cfg.threshold``)."""
    s = signals(a, b, cfg)
    return sum(cfg.weights[k] * v for k, v in s.items())
