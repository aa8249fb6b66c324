"""An event's confidence: how likely a coded trigger is a real event of its type.

It blends the rule's prior precision (by trigger kind) with the classifier's probability for the
type, lowers it when the classifier favours NONE and when the trigger sits deep in subordinate
clauses (which report background more often), and raises it when the roles are filled. The
weights were tuned on the dev sets by aggregate figures.
"""

from __future__ import annotations

from communique.core.parse import Parse
from communique.stages.events.roles import Roles

# Dependencies that open a subordinate clause; a "ccomp" counts unless a reporting verb governs it.
SUBORDINATE = ("advcl", "relcl", "acl", "xcomp", "pcomp", "csubj")


def confidence(kind: str, prior: float, p_type: float, p_none: float, roles: Roles, depth: int = 0) -> float:
    """Return a probability-like confidence for a trigger of ``kind`` with rule prior ``prior``,
    classifier probabilities ``p_type`` and ``p_none``, its ``roles`` and clause ``depth``."""
    if kind == "classifier":
        c = 0.8 * p_type
    else:
        c = 0.45 * prior + 0.55 * p_type
        c -= 0.25 * max(0.0, p_none - 0.5)
    if roles.actors:
        c += 0.08
    if roles.recipients and not roles.symmetric:
        # A symmetric event's recipients are parties that acted with the actor (roles.py): no
        # more evidence than when they were listed as actors, so no bonus of their own.
        c += 0.04
    c -= 0.06 * min(depth, 3)
    return round(min(0.99, max(0.01, c)), 3)


def clause_depth(p: Parse, i: int, reporting_verbs: frozenset[str]) -> int:
    """Return how many subordinate clauses separate token ``i`` from the main clause; the
    complement of a reporting verb ("officials said that ...") counts as the main clause."""
    depth = 0
    j = i
    for _ in range(12):
        h = p.head(j)
        if h is None:
            break
        dep = p[j].dep
        if dep in SUBORDINATE or (dep == "ccomp" and p.lemma(h) not in reporting_verbs):
            depth += 1
        j = h
    return depth
