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
from communique.stages.actors.words import RELATION_WORDS


def teachings(article: Article) -> list[PersonFact]:
    """Return one fact per person the article placed through a title, apposition or enumeration."""
    out: list[PersonFact] = []
    seen: set[PersonFact] = set()
    for a in _persons(article.actors):
        # a country guessed from context is not evidence about the person
        if a.basis in TEACHING and a.country and not a.context_country:
            # "his counterpart" names a relation between two persons, not an office
            role = None if a.role in RELATION_WORDS else a.role
            fact = PersonFact(a.name, a.country, a.sector, role, article.date, article.id, a.basis)
            if fact not in seen:
                seen.add(fact)
                out.append(fact)
    return out


def _persons(actors: list[Actor]) -> Iterable[Actor]:
    for a in actors:
        if a.kind == "person":
            yield a
        yield from _persons(a.members)
