"""Actors: who is acting. Gazetteers and word lists (data/), units, chunks, readings, in-document linking.

Modules, in the order the stage uses them:

- ``gazetteer``: the actor terms (countries, IGOs, groups, sectors, titles, collectives) and matching;
- ``words``: the stage's word lists (``data/words.yaml``);
- ``units``, ``names``: a sentence cut into units (matches, names, words);
- ``chunks``: units grouped into mentions;
- ``readings``: what a mention says (countries, sponsors, sector, title, name);
- ``mentions``: the Actors of one reading; ``ids``: their ids;
- ``linking``: the article pass, with ``persons``, ``focus`` (the pair in focus, collectives),
  ``context`` (context countries) and ``pronouns``;
- ``teaching``: what an article teaches the registry; ``ruler``: the spaCy entity ruler;
- ``stage``: the pipeline stage; ``freetext``: actors in a free text.

Public API:

- ``ActorStage(settings=None, *, registry=None, gazetteer=None, learn=True, dictionary=True)``: the
  pipeline stage;
- ``resolve_span(text, split, registry=None, date=None) -> Actor | None`` and
  ``resolve_text(text, split, ...) -> list[Actor]``, ``split`` a sentence splitter (the wired
  versions are in ``communique.services.actors``);
- ``has_actor_term(text) -> bool``: cheap test for the candidate-sentence filter;
- ``country_of(name) -> str | None``: ISO3 for a country name, alias, demonym or capital;
- ``teachings(article)``: the person facts an article teaches (for the registry, ``core.registry``);
- ``actors_in(article, start, end)``, ``expand(actor)``: helpers for the events stage.
"""

from communique.stages.actors.freetext import resolve_span, resolve_text
from communique.stages.actors.gazetteer import country_of, has_actor_term, load_gazetteer
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
