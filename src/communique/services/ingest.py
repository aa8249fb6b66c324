"""The main job: read inputs lazily, code them, store them batch by batch, report what was rejected.

Memory stays bounded by the window, not the corpus: ``ingest`` pulls at most ``window``
articles from the reader, codes them in batches of ``batch_size`` and stores each batch in one
transaction before it reads on. ``communique ingest`` also has the store let go of DuckDB's
cache of its blocks after each batch (``Store.release_cache``), which would otherwise grow with
the store. Clustering a batch streams the stored events its window reaches and keeps only those
a new mention may join (``services.cluster.plan_batch``): a window can reach a year of events.

Date order for the registry: the registry of persons learns from earlier reports and serves
later ones, so within each window the articles are coded oldest first (ties keep input
order). Across windows the input order holds: a corpus whose files are in date order (the
usual dump, or a folder of dated file names) is coded in date order throughout; an unsorted one
is sorted within each window of ``window`` articles (1,024 by default, ``[ingest] window``).
After each batch the runner folds what it taught into the snapshot the next batch reads, and
the store appends those facts with the batch.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from communique.core.article import Article
from communique.core.errors import InputError
from communique.io.store import Store
from communique.runtime.memory import release_free_memory
from communique.runtime.pipeline import Pipeline
from communique.runtime.runner import Runner, batches
from communique.services.cluster import plan_batch

Item = Article | InputError


@dataclass
class Rejection:
    origin: str
    reason: str
    stage: str | None = None
    code: str = ""

    def __str__(self) -> str:
        code = f"{self.code} " if self.code else ""
        if self.stage:
            return f"{self.origin}: {code}stage '{self.stage}' failed: {self.reason}"
        return f"{self.origin}: {code}{self.reason}"


@dataclass
class IngestReport:
    """What an ingest did. ``rejected`` keeps the rejections only when no ``on_reject`` took them."""

    articles_read: int = 0
    articles_added: int = 0
    articles_known: int = 0
    events_added: int = 0  # mentions stored (coded sentence records), as before events and mentions
    inputs_rejected: int = 0
    cluster_seconds: float = 0.0  # time spent merging mentions into events
    rejected: list[Rejection] = field(default_factory=list)


def rejection(error: InputError) -> Rejection:
    """Return the Rejection of an input that could not be read."""
    return Rejection(error.origin, error.reason, code=error.code)


def split_items(items: Iterable[Item]) -> tuple[list[Article], list[Rejection]]:
    """Separate readable articles from rejected inputs (reads everything: for small inputs only)."""
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for item in items:
        if isinstance(item, InputError):
            rejected.append(rejection(item))
        else:
            articles.append(item)
    return articles, rejected


def stage_failures(article: Article) -> list[Rejection]:
    """Return one Rejection per stage error recorded on ``article``."""
    origin = f"{article.origin or '<input>'} (article {article.id})"
    out = []
    for err in article.errors:
        reason = f"{err.reason} (sentence {err.sentence_index})" if err.sentence_index is not None else err.reason
        out.append(Rejection(origin, reason, err.stage, err.code))
    return out


def date_windows(items: Iterable[Item], window: int, rejected: Callable[[InputError], None]) -> Iterator[Article]:
    """Yield the articles of ``items`` oldest first within each window of ``window`` articles.

    Rejected inputs are passed to ``rejected`` as they are met, so none waits for its window.
    Each article leaves the window as it is yielded: a pipeline in this process codes articles
    in place, and a window that kept them all would hold up to ``window`` coded articles (their
    sentences, tokens and events) until its last one was yielded.
    """
    buf: list[Article] = []
    for item in items:
        if isinstance(item, InputError):
            rejected(item)
            continue
        buf.append(item)
        if len(buf) >= window:
            yield from _oldest_first(buf)
    yield from _oldest_first(buf)


def _oldest_first(buf: list[Article]) -> Iterator[Article]:
    """Yield the articles of ``buf`` by date, ties in input order, removing each from ``buf`` as it goes."""
    buf.sort(key=lambda a: a.date or "")  # stable: ties keep input order
    buf.reverse()  # so that popping from the end gives that order
    while buf:
        yield buf.pop()


def ingest(
    items: Iterable[Item],
    store: Store,
    pipeline: Pipeline | Any,
    batch_size: int = 64,
    on_batch: Callable[[int, int, int], None] | None = None,
    window: int = 1024,
    on_reject: Callable[[Rejection], None] | None = None,
    release_store_cache: bool = False,
) -> IngestReport:
    """Code and store ``items`` (articles, or inputs the readers rejected) batch by batch.

    Each batch is one transaction: its articles, their mentions, and the events the mentions
    join, start or merge (``services.cluster.plan_batch``, decided against the stored events
    before the write). Articles whose id is already stored are not coded again, so a
    repeated or resumed ingest only does the missing work. ``on_batch(done, added, events)``
    reports progress after each stored batch; ``on_reject(rejection)`` is told of each rejected
    input as it is met (then the report only counts them, so that a corpus with many bad lines
    does not fill memory with them); without it the report keeps them in ``rejected``.
    ``pipeline`` is a Pipeline (coded here, batch by batch) or an engine (``runtime.engines``),
    which starts from the store's registry and hands batches back in input order.
    ``release_store_cache`` empties DuckDB's cache of the store's blocks after each batch
    (``Store.release_cache``), so that a long ingest's resident memory does not grow with the
    store (``communique ingest``: ``[ingest] release_store_cache``). It briefly lowers DuckDB's
    memory limit, so it is not for a store that others read meanwhile (``communique serve``).
    """
    report = IngestReport()

    def record(r: Rejection) -> None:
        report.inputs_rejected += 1
        store.add_rejected(r.origin, r.reason, r.stage, r.code)
        if on_reject is not None:
            on_reject(r)
        else:
            report.rejected.append(r)

    def reject(error: InputError) -> None:
        record(rejection(error))

    from communique.core.knowledge import Knowledge

    knowledge = Knowledge(store.load_registry())
    if hasattr(pipeline, "code_batches"):  # an engine (runtime.engines): batches in flight, back in order
        pipeline.begin(knowledge)
        code = pipeline.code_batches
    else:
        runner = Runner(pipeline, knowledge)

        def code(stream: Iterable[list[Article]]) -> Iterator[list[Article]]:
            return (runner.code_batch(todo) if todo else [] for todo in stream)

    read: deque[int] = deque()  # the size of each batch read, until it is stored

    def todo_batches() -> Iterator[list[Article]]:
        for batch in batches(date_windows(items, max(window, batch_size), reject), batch_size):
            report.articles_read += len(batch)
            known = store.known_article_ids(a.id for a in batch)
            todo = [a for a in batch if a.id not in known]
            report.articles_known += len(batch) - len(todo)
            read.append(len(batch))
            yield todo

    done = 0
    for coded in code(todo_batches()):
        for a in coded:
            for r in stage_failures(a):
                record(r)
        t0 = time.perf_counter()
        plan = plan_batch(store, [a for a in coded if not a.failed]) if coded else None
        report.cluster_seconds += time.perf_counter() - t0
        added, events = store.add_articles(coded, plan)
        # an article already stored by a batch still in flight when this one was read
        report.articles_known += len([a for a in coded if not a.failed]) - added
        report.articles_added += added
        report.events_added += events
        done += read.popleft()
        # DuckDB's cache of the store's blocks would grow with the store, and freed blocks the
        # C allocators keep with each batch's sizes: both go, so that resident memory stays flat.
        if release_store_cache:
            store.release_cache()
        release_free_memory()
        if on_batch:
            on_batch(done, added, events)
    return report
