"""communique: open, local-first political event data.

Public API::

    from communique import code_text, code_articles, Pipeline, Article, Event
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from communique.core.article import Actor, Article, Event, Place, Sentence, Token
from communique.core.config import Settings, load_settings
from communique.runtime.pipeline import Pipeline

__all__ = [
    "Actor", "Article", "Event", "Pipeline", "Place", "Sentence", "Settings", "Token",
    "code_articles", "code_text", "load_settings",
]
__version__ = "0.1.0"

_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """Return the process-wide pipeline built from the packaged defaults (built once)."""
    global _default
    if _default is None:
        _default = Pipeline.from_settings(load_settings())
    return _default


def code_articles(articles: Iterable[Article], pipeline: Pipeline | None = None) -> Iterator[Article]:
    """Run the pipeline over ``articles`` and yield them with events attached."""
    return (pipeline or default_pipeline()).pipe(articles)


def code_text(text: str, date: str, **fields: str) -> list[Event]:
    """Return the events coded from one article's ``text`` dated ``date`` (YYYY-MM-DD)."""
    article = next(code_articles([Article(text=text, date=date, **fields)]))
    return article.events
