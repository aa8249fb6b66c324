"""The runner: code a stream of articles batch by batch, carrying what each batch taught to the next.

``Pipeline.pipe`` codes every batch against one frozen ``Knowledge`` snapshot. The runner owns
the only mutable state of a run: after each batch it folds the facts the batch's articles
learned (``article.learned``) into a new snapshot, which the next batch reads. Results are
therefore a function of the input order and the batch size, never of hidden shared state; the
engines (a process pool, Ray) follow the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from communique.core.article import Article
from communique.core.knowledge import Knowledge
from communique.runtime.memory import release_free_memory
from communique.runtime.pipeline import Pipeline


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Yield lists of at most ``size`` articles, reading ``articles`` lazily."""
    batch: list[Article] = []
    for a in articles:
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Runner:
    """Runs a pipeline over batches; ``knowledge`` is the snapshot the next batch will read."""

    def __init__(self, pipeline: Pipeline, knowledge: Knowledge | None = None, learn: bool = True):
        self.pipeline = pipeline
        self.knowledge = knowledge or Knowledge()
        self.learn = learn

    def code_batch(self, batch: list[Article]) -> list[Article]:
        """Code one batch against the current snapshot, then fold what it taught into the next."""
        out = list(self.pipeline.pipe(batch, batch_size=max(1, len(batch)), knowledge=self.knowledge))
        if self.learn:
            self.knowledge = self.knowledge.merged(out)
        return out

    def run(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Article]:
        """Yield every article coded, in input order."""
        for batch in batches(articles, batch_size or self.pipeline.batch_size):
            yield from self.code_batch(batch)
            release_free_memory()  # what the batch freed, once its articles have been used
