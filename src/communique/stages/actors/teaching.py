"""What an article teaches about persons: the facts the actors stage records on ``article.learned``.

A title ("Turkish Foreign Minister Hakan Fidan"), an apposition ("Hakan Fidan, the Turkish foreign
minister,") or an enumeration ("the foreign ministers of the two countries, A and B") is evidence
about a person's office; a country guessed from context is not, and neither is a relation such
as "his counterpart". The runner folds these facts into the next registry snapshot
(``core.registry``); the stage itself never changes a registry.
"""

from __future__ import annotations

from collections.abc import Iterable

from communique.core.article import Actor, Article
from communique.core.registry import TEACHING, PersonFact

# Roles that name a relation between two persons, not an office.
RELATIONS = ("counterpart", "interlocutor")


def teachings(article: Article) -> list[PersonFact]:
    """Return one fact per person the article placed through a title, apposition or enumeration."""
    out: list[PersonFact] = []
    seen: set[PersonFact] = set()
    for a in _persons(article.actors):
        kind = a.how.split(":", 1)[0]
        # a country guessed from context is not evidence about the person
        if kind in TEACHING and a.country and "context-country" not in a.how:
            role = a.how.split(":", 1)[1].split(";")[0] if ":" in a.how else None
            if role in RELATIONS:
                role = None
            fact = PersonFact(a.name, a.country, a.sector, role, article.date, article.id, kind)
            if fact not in seen:
                seen.add(fact)
                out.append(fact)
    return out


def _persons(actors: list[Actor]) -> Iterable[Actor]:
    for a in actors:
        if a.kind == "person":
            yield a
        yield from _persons(a.members)
