"""Datelines: the place a report was filed from, in capitals before a dash ("NEWARK --", "COLUMBUS, Ohio (AP) —").

The NER rarely reads a word in capitals as a place. Decided here: a dateline is a run of one to
four words in capitals at the start of the text, of a line, or after a byline's date or a
sentence's end, optionally followed by a comma and a state or country ("Ohio", "Mo.", "N.J."),
optionally by an agency in parentheses, and then by a dash (—, –, -- or " - "); its place is a
gazetteer name written in title case, a country, division or town's primary name. The dateline is
a literal place mention (source "dateline": its format is as sure as an entity, and even a
village's name needs no other support), constrained by its qualifier
("KANSAS CITY, Mo."), which is a mention of its own.
"""

from __future__ import annotations

import re

from communique.core.article import Article
from communique.stages.where.gazetteer import Gazetteer
from communique.stages.where.mention import Mention
from communique.stages.where.qualifiers import qualifier_entries

_DATELINE = re.compile(
    r"(?:^|\n|\d{4}\s+|[.!?\"\u201d]\s+)"
    r"(?P<place>[A-Z][A-Z.'\u2019-]+(?:\s[A-Z][A-Z.'\u2019-]+){0,3})"
    r"(?:,\s+(?P<qual>[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?))?"
    r"(?:\s+\([A-Za-z .]+\))?"
    r"\s*(?:\u2014|\u2013|--|\s-\s)"
)


def dateline_mentions(article: Article, gaz: Gazetteer) -> list[Mention]:
    """Return the dateline mentions of ``article`` (the place, and its qualifier when it has one)."""
    out: list[Mention] = []
    text = article.text
    for m in _DATELINE.finditer(text):
        s, e = m.span("place")
        name = m.group("place").title()
        if len(name.replace(".", "")) < 3 or not any(h.primary for h in gaz.lookup(name)):
            continue
        sent = article.sentence_at(s)
        if sent is None:
            continue
        qual = qualifier_entries(m.group("qual"), gaz) if m.group("qual") else []
        out.append(Mention(s, e, text[s:e], sent.index, "dateline", qual))
        if qual:
            qs, qe = m.span("qual")
            out.append(Mention(qs, qe, text[qs:qe], sent.index, "ner", fixed=qual[:1]))
    return out
