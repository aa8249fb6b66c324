"""The ``places`` command's service: every resolved place mention of some articles, as records.

Decided here: places are looked for in all sentences (the NLP stage's candidate filter is off),
by the stages nlp, actors and places only; each record says how the text uses the name
(``usage``: literal, demonym, metonym or embedded), and an article a stage failed on yields no
records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from communique.core.article import Article
from communique.core.config import Settings, load_settings
from communique.runtime.pipeline import Pipeline

STAGES = ["nlp", "actors", "places"]
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


def place_pipeline(settings: Settings | None = None) -> Pipeline:
    """Return a Pipeline of nlp (every sentence parsed), actors and places."""
    settings = (settings or load_settings()).with_overrides({"nlp": {"candidate_filter": False}})
    return Pipeline.from_settings(settings, stages=STAGES)


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
