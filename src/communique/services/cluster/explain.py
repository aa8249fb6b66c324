"""Why two clusters are not one event: the first never-merge rule that keeps them apart, or the score.

For diagnostics (``communique eval dedup --errors``), not for clustering itself: it walks the
same rules as ``rules.compatible``, ``rules.anchored`` and ``incremental.Index.place`` in the same
order and names the first that says no.
"""

from __future__ import annotations

from communique.services.cluster.model import Cluster, gap_days
from communique.services.cluster.rules import (
    _reversed,
    anchored,
    compatible,
    evidence_floor,
    signals,
    through_persons,
)
from communique.services.cluster.settings import ClusterSettings


def why_apart(a: Cluster, b: Cluster, cfg: ClusterSettings) -> str:
    """Return a short reason why ``a`` and ``b`` (clusters of two reports) are not merged, or "scores ok"."""
    if a.family != b.family:
        return f"type {a.family} / {b.family}"
    if a.flags != b.flags:
        return "negated/hypothetical/future flags differ"
    if a.past or b.past:
        return "a reference to the past (or a habit)"
    (aa, ar), (ba, br) = through_persons(a, b), through_persons(b, a)
    ca, cb = aa | ar, ba | br
    if ca and cb and not (ca <= cb or cb <= ca):
        return f"dyad {sorted(ca)} / {sorted(cb)}"
    if not (a.symmetric or b.symmetric) and _reversed((aa, ar), (ba, br)):
        return "roles reversed"
    gap = gap_days(a, b)
    if gap is not None and gap > cfg.max_gap_days:
        return f"dates {gap} days apart"
    if not compatible(a, b, cfg):
        return f"places {a.location.name if a.location else None} / {b.location.name if b.location else None}, " \
               f"sentences {sorted(a.places)} / {sorted(b.places)}"
    if not anchored(a, b, cfg):
        return "no anchor (no shared country, person or place)"
    sig = signals(a, b, cfg)
    total = sum(cfg.weights[k] * v for k, v in sig.items())
    floor = evidence_floor(a, b, cfg)
    if sig["evidence"] < floor:
        return f"evidence words {sig['evidence']:.2f} < {floor:.2f}"
    if total < cfg.threshold:
        return f"score {total:.2f} < {cfg.threshold:.2f}"
    return f"scores ok ({total:.2f}): another event scored higher or came first"
