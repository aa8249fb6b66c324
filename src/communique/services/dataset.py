"""``code --out DIR``: code a stream of articles with an engine and write them as a Parquet dataset.

Whichever engine codes (local workers or a Ray cluster), the articles come back to this
process in input order and are written here (``io.export.dataset``): the tables' layout and
types are decided in one place, and a dataset written by one engine equals one written by the
other. Mentions are merged into events within each batch, as ``code`` prints them.
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
    from communique.runtime.runner import batches
    from communique.services.cluster import cluster_articles

    dataset = ParquetDataset(root)
    for batch in engine.code_batches(batches(articles, max(1, int(engine.batch_size)))):
        if on_article is not None:
            for article in batch:
                on_article(article)
        if batch:
            dataset.add_batch(batch, cluster_articles(batch))
    return dataset.close()
