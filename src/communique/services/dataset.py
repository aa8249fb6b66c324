"""``code --out DIR``: code a stream of articles with an engine and write them as a Parquet dataset.

Whichever engine codes (local workers or a Ray cluster), the articles come back to this
process in input order and are written here (``io.export.dataset``): the tables' layout and
types are decided in one place, and a dataset written by one engine equals one written by the
other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from communique.core.article import Article
from communique.io.export.dataset import ParquetDataset


def write_dataset(engine: Any, articles: Iterable[Article], root: str | Path,
                  on_article: Callable[[Article], None] | None = None) -> dict[str, int]:
    """Code ``articles`` with ``engine`` into the dataset at ``root``; return the rows of each table."""
    dataset = ParquetDataset(root)
    for article in engine.run(articles):
        if on_article is not None:
            on_article(article)
        dataset.add(article)
    return dataset.close()
