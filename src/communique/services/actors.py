"""Actors in free text, with the NLP stage's sentence splitter wired in (a convenience above the stages).

``communique.stages.actors.resolve_text`` / ``resolve_span`` take the splitter as an argument,
because a stage never imports another; these versions pass the NLP stage's rule-based splitter.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from communique.core.article import Actor, Sentence
from communique.core.registry import ActorRegistry
from communique.stages import actors
from communique.stages.nlp.model import load_splitter
from communique.stages.nlp.stage import split_sentences


@lru_cache(maxsize=1)
def _splitter() -> Any:
    return load_splitter()


def split(text: str) -> list[Sentence]:
    """Return the sentences of ``text`` as the NLP stage cuts them (no parse)."""
    return split_sentences(_splitter(), text)


def resolve_text(text: str, registry: ActorRegistry | None = None, date: str | None = None) -> list[Actor]:
    """Return the actors found in a free text (one unparsed pseudo-article)."""
    return actors.resolve_text(text, split, registry, date)


def resolve_span(text: str, registry: ActorRegistry | None = None, date: str | None = None) -> Actor | None:
    """Return the single actor a short mention denotes ("Turkish police" -> TUR/POL), or None."""
    return actors.resolve_span(text, split, registry, date)
