"""The runner: code a stream of articles batch by batch, carrying what each batch taught to the next.

``Pipeline.pipe`` codes every batch against one frozen ``Knowledge`` snapshot. The runner owns
the only mutable state of a run: after each batch it folds the facts the batch's articles
learned (``article.learned``) into a new snapshot, which later batches read. Results are
therefore a function of the input order, the batch size and the lag, never of hidden shared
state or of timing.

The lag (``KnowledgeFold``): batch ``i`` reads the knowledge folded from batches
``0 .. i - lag - 1``, in input order. With lag 0 (the ``Runner``'s default) every batch sees all
earlier ones. The engines (``runtime.engines``) code up to ``lag + 1`` batches at once, so
they use a fixed lag (``[engine] knowledge_lag``) that does not depend on the number of
workers: the output of one worker and of sixteen is the same.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterable, Iterator

from communique.core.article import Article
from communique.core.knowledge import Knowledge
from communique.core.registry import PersonFact
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


def taught(articles: Iterable[Article]) -> list[PersonFact]:
    """Return the facts ``articles`` learned (failed articles teach nothing)."""
    return [f for a in articles if not a.failed for f in a.learned]


class KnowledgeFold:
    """The knowledge each batch of a run reads: batch ``i`` sees the facts of batches before ``i - lag``.

    ``done(i, facts)`` records what batch ``i`` taught (in any order); ``for_batch(i)`` folds,
    in input order, the facts of every batch up to ``i - lag - 1`` and returns the snapshot with
    a version number that changes only when the snapshot does (so that an engine sends a worker
    the knowledge only when it changed). Asking for a batch whose predecessors are not all done
    is a programming error.
    """

    def __init__(self, knowledge: Knowledge | None = None, lag: int = 0, learn: bool = True):
        self.knowledge = knowledge or Knowledge()
        self.lag = max(0, lag)
        self.learn = learn
        self.version = 0
        self.folded = 0  # batches 0 .. folded-1 are in self.knowledge
        self._facts: dict[int, list[PersonFact]] = {}
        self._waiting: deque[int] = deque()

    def done(self, index: int, facts: list[PersonFact]) -> None:
        if self.learn:
            self._facts[index] = facts

    def for_batch(self, index: int) -> tuple[int, Knowledge]:
        """Return ``(version, knowledge)`` for batch ``index``."""
        self.fold_until(index - self.lag)
        return self.version, self.knowledge

    def fold_until(self, end: int) -> None:
        """Fold the facts of batches ``folded .. end-1`` (all must be done)."""
        if not self.learn:
            self.folded = max(self.folded, end)
            return
        facts: list[PersonFact] = []
        while self.folded < end:
            facts += self._facts.pop(self.folded)
            self.folded += 1
        if facts:
            merged = self.knowledge.registry.merged(facts)
            if merged is not self.knowledge.registry:
                self.knowledge = dataclasses.replace(self.knowledge, registry=merged)
                self.version += 1

    def final(self) -> Knowledge:
        """Return the knowledge after every batch done so far."""
        end = self.folded
        while end in self._facts:
            end += 1
        self.fold_until(end)
        return self.knowledge


class Runner:
    """Runs a pipeline over batches in this process; ``knowledge`` is what the next batch will read."""

    def __init__(self, pipeline: Pipeline, knowledge: Knowledge | None = None, learn: bool = True, lag: int = 0):
        self.pipeline = pipeline
        self.fold = KnowledgeFold(knowledge, lag, learn)
        self._next = 0

    @property
    def knowledge(self) -> Knowledge:
        """Return the knowledge after every batch coded so far."""
        return self.fold.final()

    @property
    def learn(self) -> bool:
        return self.fold.learn

    def code_batch(self, batch: list[Article]) -> list[Article]:
        """Code one batch against the snapshot it reads, then record what it taught for later batches."""
        index = self._next
        _, knowledge = self.fold.for_batch(index)
        out = list(self.pipeline.pipe(batch, batch_size=max(1, len(batch)), knowledge=knowledge))
        self.fold.done(index, taught(out))
        self._next += 1
        return out

    def run(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Article]:
        """Yield every article coded, in input order."""
        for batch in batches(articles, batch_size or self.pipeline.batch_size):
            yield from self.code_batch(batch)
            release_free_memory()  # what the batch freed, once its articles have been used
