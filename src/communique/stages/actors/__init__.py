"""Actors: who is acting. Gazetteers (data/*.tsv), resolver, in-document linking, registry, entity ruler.

Public API:

- ``ActorStage(settings=None, *, registry=None, gazetteer=None, learn=True)``: the pipeline stage;
- ``resolve_span(text, registry=None, date=None) -> Actor | None`` and ``resolve_text(...) -> list[Actor]``;
- ``has_actor_term(text) -> bool``: cheap test for the candidate-sentence filter;
- ``country_of(name) -> str | None``: ISO3 for a country name, alias, demonym or capital;
- ``teachings(article)``: the person facts an article teaches (for the registry, ``core.registry``);
- ``actors_in(article, start, end)``, ``expand(actor)``: helpers for the events stage.
"""

from communique.stages.actors.gazetteer import country_of, has_actor_term, load_gazetteer
from communique.stages.actors.resolver import resolve_span, resolve_text
from communique.stages.actors.stage import ActorStage, actors_in, expand, participants
from communique.stages.actors.teaching import teachings

__all__ = [
    "ActorStage",
    "actors_in",
    "country_of",
    "expand",
    "has_actor_term",
    "load_gazetteer",
    "participants",
    "resolve_span",
    "resolve_text",
    "teachings",
]
