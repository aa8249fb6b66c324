"""Which of a sentence's temporal expressions dates the event: the one nearest the trigger.

Decided here: in a parsed sentence, nearest in the dependency tree (ties: in characters),
among the expressions of the trigger's own act (``when.scope``: not those of a relative clause
or of an adverbial clause of sequence on the way); an expression that covers no token counts as
far. In an unparsed sentence, nearest in characters. Without a trigger, the first expression
of the sentence.
"""

from __future__ import annotations

from communique.core.article import Sentence
from communique.core.parse import tokens_over, tree_distance
from communique.stages.when.expressions import DateExpr
from communique.stages.when.scope import in_scope

UNREACHABLE = 10_000  # the tree distance of an expression that covers no token


def choose(
    exprs: list[DateExpr], sentence: Sentence | None, trigger: tuple[int, int] | None
) -> DateExpr | None:
    """Return the expression closest to the trigger (tree distance when parsed, else characters)."""
    if not exprs:
        return None
    if trigger is None:
        return exprs[0]
    ts, te = trigger

    def char_dist(x: DateExpr) -> int:
        return max(0, x.start - te, ts - x.end)

    tokens = sentence.tokens if sentence is not None else []
    trig = tokens_over(tokens, ts, te)
    if tokens and trig:
        t0 = trig[0]

        def key(x: DateExpr) -> tuple[int, int]:
            toks = tokens_over(tokens, x.start, x.end)
            if not toks:
                return (UNREACHABLE, char_dist(x))
            return (min(tree_distance(tokens, t, t0) for t in toks), char_dist(x))

        mine = [x for x in exprs if not (toks := tokens_over(tokens, x.start, x.end))
                or any(in_scope(tokens, t0, t) for t in toks)]
        return min(mine, key=key) if mine else None
    return min(exprs, key=char_dist)
