"""where: GeoNames-based gazetteer, toponym resolution and event location.

Public API:
- ``load_gazetteer()`` -> the packaged ``Gazetteer`` (built once per process);
- ``resolve_article(article, gazetteer)`` -> the article's resolved ``Place`` list;
- ``PlaceStage``, ``LocationStage``: the pipeline stages;
- ``place_records(articles)`` -> one dict per resolved place mention (the ``places`` command),
  literal or not (demonyms, metonyms and names inside organisations' names carry their usage).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from communique.core.article import Article
from communique.core.config import Settings
from communique.stages.where.gazetteer import Gazetteer, GeoEntry, load_gazetteer, normalize
from communique.stages.where.resolve import resolve_article
from communique.stages.where.stage import LocationStage, PlaceStage, locate

__all__ = [
    "Gazetteer",
    "GeoEntry",
    "LocationStage",
    "PlaceStage",
    "load_gazetteer",
    "locate",
    "normalize",
    "place_records",
    "place_pipeline",
    "resolve_article",
]

RECORD_FIELDS = (
    "text",
    "start",
    "end",
    "name",
    "geonameid",
    "country",
    "lat",
    "lon",
    "feature",
    "usage",
    "confidence",
)


def place_pipeline(settings: Settings | None = None) -> Any:
    """Return a Pipeline of nlp (every sentence parsed), actors and places."""
    from communique.core.config import load_settings
    from communique.runtime.pipeline import Pipeline

    settings = (settings or load_settings()).with_overrides({"nlp": {"candidate_filter": False}})
    return Pipeline.from_settings(settings, stages=["nlp", "actors", "places"])


def place_records(
    articles: Iterable[Article],
    settings: Settings | None = None,
    *,
    on_error: Callable[[Article], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield every resolved place mention of ``articles`` as a record of the ``places`` command:
    article_id, text, start, end, name, geonameid, country, lat, lon, feature, usage, confidence.
    ``usage`` says how the text uses the name: literal, demonym, metonym or embedded (see
    ``Place.usage``); only literal mentions can be event locations.

    Places are looked for in all sentences (the candidate filter is off). An article a stage
    failed on yields nothing; ``on_error`` is called with it (its ``errors`` say why)."""
    for article in place_pipeline(settings).pipe(articles):
        if article.failed:
            if on_error is not None:
                on_error(article)
            continue
        for p in article.places:
            yield {"article_id": article.id, **{k: getattr(p, k) for k in RECORD_FIELDS}}
