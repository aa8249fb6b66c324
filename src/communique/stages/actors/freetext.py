"""Actors in a free text or a short mention, outside the pipeline (no parse, no NER).

The caller passes the sentence splitter (``split``): stages do not import each other, so the
NLP stage's splitter is wired in a layer above (``communique.services.actors``).
"""

from __future__ import annotations

from collections.abc import Callable

from communique.core.article import Actor, Article, Sentence
from communique.core.registry import ActorRegistry
from communique.stages.actors.dictionary import person_dictionary
from communique.stages.actors.linking import ArticleLinker

Splitter = Callable[[str], list[Sentence]]


def resolve_text(text: str, split: Splitter, registry: ActorRegistry | None = None,
                 date: str | None = None) -> list[Actor]:
    """Return the actors found in a free text, read as one unparsed pseudo-article cut by ``split``
    (persons placed as in the pipeline, the dictionary of political actors included)."""
    art = Article(text=text, date=date)
    art.sentences = split(text)
    for s in art.sentences:
        s.candidate = False
    return ArticleLinker(art, registry=registry, dictionary=person_dictionary()).run()


def resolve_span(text: str, split: Splitter, registry: ActorRegistry | None = None,
                 date: str | None = None) -> Actor | None:
    """Return the single actor a short mention denotes ("Turkish police" -> TUR/POL), or None."""
    acts = [a for a in resolve_text(text, split, registry, date)
            if a.kind != "group" or a.members or a.country or a.sector]
    if not acts:
        return None
    return max(acts, key=lambda a: (a.end - a.start, a.country is not None))
