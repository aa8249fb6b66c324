"""Actors: who is acting. Gazetteers (data/*.tsv), resolver, in-document linking, registry, entity ruler.

Public API:

- ``ActorStage(settings=None, *, registry=None, gazetteer=None, learn=True)``: the pipeline stage;
- ``resolve_span(text, registry=None, date=None) -> Actor | None`` and ``resolve_text(...) -> list[Actor]``;
- ``has_actor_term(text) -> bool``: cheap test for the candidate-sentence filter;
- ``country_of(name) -> str | None``: ISO3 for a country name, alias, demonym or capital;
- ``ActorRegistry``: persons learned over time (``ensure_schema/load/save`` on DuckDB);
- ``actors_in(article, start, end)``, ``expand(actor)``: helpers for the events stage.
"""

from .gazetteer import country_of, has_actor_term, load_gazetteer
from .registry import ActorRegistry, RegistryEntry
from .resolver import resolve_span, resolve_text
from .stage import ActorStage, actors_in, expand, public_actors

__all__ = [
    "ActorRegistry",
    "ActorStage",
    "RegistryEntry",
    "actors_in",
    "country_of",
    "expand",
    "has_actor_term",
    "load_gazetteer",
    "public_actors",
    "resolve_span",
    "resolve_text",
]
