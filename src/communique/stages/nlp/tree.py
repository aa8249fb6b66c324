"""Walks over a sentence's dependency tree (tokens with sentence-relative ``head`` indices)."""

from __future__ import annotations

from communique.core.article import Token


def ancestors(tokens: list[Token], t: Token) -> list[int]:
    """Return the indices from ``t`` up to the root, ``t`` first (cycles and bad heads stop the walk)."""
    chain, seen, cur = [t.i], {t.i}, t
    while 0 <= cur.head < len(tokens) and cur.head != cur.i and cur.head not in seen:
        cur = tokens[cur.head]
        chain.append(cur.i)
        seen.add(cur.i)
    return chain


def tree_distance(tokens: list[Token], a: Token, b: Token) -> int:
    """Return the number of dependency edges between ``a`` and ``b``."""
    ca, cb = ancestors(tokens, a), ancestors(tokens, b)
    pos_b = {i: n for n, i in enumerate(cb)}
    for n, i in enumerate(ca):
        if i in pos_b:
            return n + pos_b[i]
    return len(ca) + len(cb)
