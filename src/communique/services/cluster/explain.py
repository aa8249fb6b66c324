"""Why two clusters are not one event: the first never-merge rule that keeps them apart, or the score.

For diagnostics (``communique eval dedup --errors``), not for clustering itself: the never-merge
rules name themselves (``rules.apart``, the rules ``rules.compatible`` applies); then the anchor,
the evidence floor and the score, as ``incremental`` weighs them.
"""

from __future__ import annotations

from communique.services.cluster.model import Cluster
from communique.services.cluster.rules import anchored, apart, evidence_floor, signals
from communique.services.cluster.settings import ClusterSettings


def why_apart(a: Cluster, b: Cluster, cfg: ClusterSettings) -> str:
    """Return a short reason why ``a`` and ``b`` (clusters of two reports) are not merged, or "scores ok"."""
    reason = apart(a, b, cfg)
    if reason is not None:
        return reason
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
