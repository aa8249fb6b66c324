"""Walks over a parsed sentence's dependency tree: ``ancestors``, ``tree_distance``, spans and ``Parse``.

Tokens carry sentence-relative ``head`` indices (core.article.Token); every stage that reads a
parse (events, dates, places) navigates it through this module.
"""

from __future__ import annotations

from collections.abc import Iterable

from communique.core.article import Sentence, Token


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


def tokens_over(tokens: list[Token], start: int, end: int) -> list[Token]:
    """Return the tokens that overlap the character span ``start``-``end`` (article offsets)."""
    return [t for t in tokens if t.start < end and start < t.end]


def span_root(span: list[Token]) -> Token:
    """Return the token of a non-empty ``span`` whose head lies outside it (the last one when none does)."""
    ids = {t.i for t in span}
    for t in span:
        if t.head not in ids or t.head == t.i:
            return t
    return span[-1]


SUBJ = ("nsubj", "nsubjpass", "csubj")
CLAUSE_DEPS = ("relcl", "acl", "ccomp", "advcl", "xcomp", "parataxis", "csubj")


class Parse:
    """A parsed sentence with child lists; token indices are sentence-relative."""

    def __init__(self, sentence: Sentence):
        self.sentence = sentence
        self.tokens: list[Token] = sentence.tokens
        self.kids: list[list[int]] = [[] for _ in self.tokens]
        # The rules ask for lemmas many times per token (each trigger, statement and role pass).
        self.lemmas: list[str] = [(t.lemma or t.text).lower() for t in self.tokens]
        for t in self.tokens:
            if t.head != t.i and 0 <= t.head < len(self.tokens):
                self.kids[t.head].append(t.i)

    def __getitem__(self, i: int) -> Token:
        return self.tokens[i]

    def __len__(self) -> int:
        return len(self.tokens)

    def children(self, i: int, *deps: str) -> list[int]:
        return [k for k in self.kids[i] if not deps or self.tokens[k].dep in deps]

    def head(self, i: int) -> int | None:
        h = self.tokens[i].head
        return None if h == i else h

    def subtree(self, i: int, stop: Iterable[str] = ()) -> list[int]:
        """Return ``i`` and its descendants, not descending into children whose dep is in ``stop``."""
        stop = set(stop)
        out, todo = [], [i]
        while todo:
            j = todo.pop()
            out.append(j)
            todo.extend(k for k in self.kids[j] if self.tokens[k].dep not in stop)
        return sorted(out)

    def conjuncts(self, i: int) -> list[int]:
        """Return ``i`` and the tokens coordinated with it ("X and Y")."""
        out, todo = [], [i]
        while todo:
            j = todo.pop()
            out.append(j)
            todo.extend(self.children(j, "conj"))
        return out

    def lemma(self, i: int) -> str:
        return self.lemmas[i]

    def is_passive(self, i: int) -> bool:
        return bool(self.children(i, "nsubjpass", "auxpass"))

    def ancestors(self, i: int) -> list[int]:
        """Return the heads above token ``i``, nearest first (``i`` itself excluded)."""
        return ancestors(self.tokens, self.tokens[i])[1:]

    def root(self) -> int | None:
        """Return the index of the sentence's ROOT token, or None."""
        return next((t.i for t in self.tokens if t.dep == "ROOT"), None)

    def span(self, idx: Iterable[int]) -> tuple[int, int]:
        idx = list(idx)
        return min(self.tokens[i].start for i in idx), max(self.tokens[i].end for i in idx)
