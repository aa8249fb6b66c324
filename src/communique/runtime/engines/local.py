"""The local engine: every core of one machine, a worker process per core, output in input order.

Decided here:
- **Processes, not threads**, started with ``spawn`` (no inherited locks, SQLite connections or
  thread pools); each worker builds its own pipeline once (``engines.worker``) with one compute
  thread (``engines.threads``).
- **No worker for a small input**: the first batch is coded in this process. When it is the
  only one (a short batch is the last), no worker is started, so a one-article run costs what
  one process costs. When the first batch is full, the workers start at once; with fewer
  workers than cores this process codes batches itself until the first worker is ready, with a
  worker per core it waits for them (no third pipeline competing for the cores). A stream read
  as it arrives (``code -``) is coded here until a worker is ready, so each of its first
  articles is printed before the next one is read (``make_engine(streaming=True)``).
  ``code_while_starting`` decides it explicitly: ``ingest`` passes False
  (``[ingest] code_while_starting``), so this process never loads a pipeline of its own, which
  would stay resident (~0.45 GB) all run for the few batches it codes meanwhile.
- **Order and determinism**: batches are yielded in input order. Batch ``i`` reads the knowledge
  of batches ``0 .. i - lag - 1`` (``runner.KnowledgeFold``, ``[engine] knowledge_lag``), folded
  here in input order and sent to a worker only when it changed. The lag does not depend on the
  number of workers, so one worker and many give the same output; at most ``lag + 1`` batches
  are in flight (lag 0 codes one batch at a time).
- **Bounded memory**: at most ``lag + 1`` batches are in flight (sent, or coded and waiting for
  their turn to be yielded); a worker holds at most two. A worker that has finished its two gets
  the next batch even while an older one is still being coded elsewhere, so a slow batch does
  not idle the other cores. Each worker reports its peak resident memory (``stats``).
- **Failures**: an article a stage fails on comes back with its error, as in one process; a
  worker whose pipeline breaks, or that dies, stops the run with an error naming it.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from communique.core import errors
from communique.core.article import Article
from communique.core.config import Settings
from communique.core.errors import PipelineError, UsageError
from communique.core.heap import loading
from communique.core.knowledge import Knowledge
from communique.runtime.engines.threads import THREAD_ENV, pin_threads, pin_torch
from communique.runtime.memory import release_free_memory
from communique.runtime.runner import KnowledgeFold, batches, taught

PER_WORKER = 2  # batches queued at one worker: one being coded, one waiting


def default_workers() -> int:
    """Return the number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass
class EngineStats:
    """What a run cost: batches coded where, and each worker's peak resident memory (bytes)."""

    batches_here: int = 0
    batches_by_worker: dict[int, int] = field(default_factory=dict)
    peak_rss: dict[int, int] = field(default_factory=dict)


class LocalEngine:
    """Codes batches of articles on this machine; ``knowledge`` is what the run knows after the batches so far."""

    name = "local"

    def __init__(self, settings: Settings, workers: int | None = None, knowledge: Knowledge | None = None,
                 learn: bool = True, stages: list[str] | None = None, pipeline: Any = None,
                 code_while_starting: bool | None = None, keep_parse: bool = True):
        if workers is not None and workers < 1:
            raise UsageError(f"--workers: invalid value {workers}: expected 1 or more", code="E005")
        self.settings = settings
        self.stages = stages
        self.workers = workers or default_workers()
        cfg = settings["engine"]
        self.batch_size = settings["pipeline"]["batch_size"]
        self.fold = KnowledgeFold(knowledge, cfg["knowledge_lag"], learn)
        self.max_inflight = max(1, self.fold.lag + 1)
        self.stats = EngineStats()
        self._pipeline = pipeline
        self.keep_parse = keep_parse  # False: articles come back without tokens (Article.drop_parse)
        self._pool: _Pool | None = None
        # While the workers load their models this process codes batches itself; False waits
        # for them instead (every batch then goes to a worker). By default (None) it does so only
        # when a core is left over: with a worker per core, loading a third pipeline here costs
        # more CPU (~3.5 s) than the batch it codes meanwhile gains, and a worker that is ready
        # waits until this process has finished its batch.
        if code_while_starting is None:
            code_while_starting = self.workers < default_workers()
        self.code_while_starting = code_while_starting

    @property
    def knowledge(self) -> Knowledge:
        return self.fold.final()

    def begin(self, knowledge: Knowledge) -> None:
        """Start the next run from ``knowledge`` (an ingest: the store's registry)."""
        self.fold = KnowledgeFold(knowledge, self.fold.lag, self.fold.learn)

    @property
    def pipeline(self) -> Any:
        """Return this process's own pipeline (built on first use)."""
        if self._pipeline is None:
            from communique.runtime.pipeline import Pipeline

            pin_threads(1)
            with loading():  # what the pipeline loads lives as long as this process (core.heap)
                self._pipeline = Pipeline.from_settings(self.settings, self.stages)
        return self._pipeline

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Yield every article coded, in input order."""
        for batch in self.code_batches(batches(articles, self.batch_size)):
            yield from batch

    def code_batches(self, stream: Iterable[list[Article]]) -> Iterator[list[Article]]:
        """Yield each batch of ``stream`` coded, in input order (read lazily, at most ``max_inflight`` ahead)."""
        inflight: deque[int] = deque()  # sent to a worker, not yet yielded, in input order
        arrived: dict[int, list[Article]] = {}

        def oldest() -> list[Article]:
            index = inflight.popleft()
            while index not in arrived:
                self._receive(arrived, block=True)
            out = arrived.pop(index)
            self.fold.done(index, taught(out))
            return out

        try:
            for index, batch in enumerate(stream):
                # Workers start with the second batch, or with the first when it is full (more follow).
                if (self._pool is None and self.workers > 1 and self.max_inflight > 1
                        and (index > 0 or len(batch) >= self.batch_size)):
                    self._pool = _Pool(self.workers, self.settings, self.stages, self.keep_parse)
                pool = self._pool
                if pool is not None and not batch and inflight:
                    inflight.append(index)  # nothing to code, but it keeps its place
                    arrived[index] = []
                    continue
                if pool is None or not batch:
                    while inflight:
                        yield oldest()
                    yield self._code_here(index, batch)
                    continue
                # Batch `index` may be sent once every batch it must learn from is back.
                while inflight and (len(inflight) >= self.max_inflight or inflight[0] < index - self.fold.lag):
                    yield oldest()
                while self._receive(arrived, block=False):
                    pass
                while pool.ready and inflight and pool.min_load() >= PER_WORKER:
                    yield oldest()
                if not self.code_while_starting:
                    pool.wait_ready()
                if pool.ready:
                    version, knowledge = self.fold.for_batch(index)
                    pool.send(index, version, knowledge, batch)
                    inflight.append(index)
                else:  # no worker has its pipeline yet: code it here meanwhile
                    while inflight:
                        yield oldest()
                    yield self._code_here(index, batch)
            while inflight:
                yield oldest()
        finally:
            if self._pool is not None:
                self._pool.close()
                self.stats.peak_rss.update(self._pool.peak_rss)
                self._pool = None

    def _code_here(self, index: int, batch: list[Article]) -> list[Article]:
        _, knowledge = self.fold.for_batch(index)
        if not batch:
            self.fold.done(index, [])
            return []
        out = list(self.pipeline.pipe(batch, batch_size=max(1, len(batch)), knowledge=knowledge))
        if not self.keep_parse:
            out = [a.drop_parse() for a in out]
        pin_torch(1)
        self.fold.done(index, taught(out))
        self.stats.batches_here += 1
        release_free_memory()
        return out

    def _receive(self, arrived: dict[int, list[Article]], block: bool) -> bool:
        assert self._pool is not None
        message = self._pool.receive(block)
        if message is None:
            return False
        kind, wid, *rest = message
        if kind == "done":
            index, articles, rss = rest
            arrived[index] = articles
            self.stats.batches_by_worker[wid] = self.stats.batches_by_worker.get(wid, 0) + 1
        elif kind == "error":
            _index, cls, code, text = rest
            raise _rebuild(cls, code, f"worker {wid}: {text}")
        return True


class _Pool:
    """The worker processes, each with its own task queue, and the one result queue they all answer on."""

    def __init__(self, workers: int, settings: Settings, stages: list[str] | None, keep_parse: bool = True):
        from communique.runtime.engines import worker

        ctx = multiprocessing.get_context("spawn")
        self.results = ctx.Queue()
        self.tasks = [ctx.Queue() for _ in range(workers)]
        self.load = [0] * workers  # batches sent to a worker and not yet back
        self.version = [-1] * workers  # the knowledge version each worker holds
        self.ready_workers: set[int] = set()
        self.peak_rss: dict[int, int] = {}
        self.owner: dict[int, int] = {}  # batch index -> worker
        saved = {k: os.environ.get(k) for k in THREAD_ENV}
        os.environ.update(THREAD_ENV)  # read by the libraries as each worker imports them
        try:
            self.procs = [ctx.Process(target=worker.main, args=(wid, settings, stages, self.tasks[wid], self.results, keep_parse),
                                      name=f"communique-worker-{wid}", daemon=True) for wid in range(workers)]
            for p in self.procs:
                p.start()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    @property
    def ready(self) -> bool:
        return bool(self.ready_workers)

    def wait_ready(self) -> None:
        """Block until one worker has built its pipeline."""
        while not self.ready_workers:
            message = self.receive(block=True)
            if message is not None and message[0] == "error":
                _index, cls, code, text = message[2:]
                raise _rebuild(cls, code, f"worker {message[1]}: {text}")

    def min_load(self) -> int:
        return min(self.load[w] for w in self.ready_workers)

    def send(self, index: int, version: int, knowledge: Knowledge, batch: list[Article]) -> None:
        """Send batch ``index`` to the least loaded ready worker (with the knowledge if it has another)."""
        wid = min(self.ready_workers, key=lambda w: (self.load[w], w))
        sent = knowledge if self.version[wid] != version else None
        self.version[wid] = version
        self.load[wid] += 1
        self.owner[index] = wid
        self.tasks[wid].put((index, version, sent, batch))

    def receive(self, block: bool) -> tuple | None:
        """Return the next message from a worker (None when none came), failing if a busy worker died."""
        while True:
            try:
                message = self.results.get(timeout=1.0) if block else self.results.get_nowait()
            except queue.Empty:
                self._check_alive()
                if not block:
                    return None
                continue
            kind, wid, *rest = message
            if kind == "ready":
                self.ready_workers.add(wid)
                self.peak_rss[wid] = rest[0]
            elif kind == "done":
                self.load[wid] -= 1
                self.owner.pop(rest[0], None)
                self.peak_rss[wid] = max(self.peak_rss.get(wid, 0), rest[2])
            return message

    def _check_alive(self) -> None:
        for wid, p in enumerate(self.procs):
            if not p.is_alive() and (self.load[wid] or wid not in self.ready_workers):
                raise PipelineError(
                    f"worker {wid} of the local engine died (exit code {p.exitcode}) "
                    f"{'while coding a batch' if self.load[wid] else 'while starting'}. If it ran out of "
                    "memory, use fewer --workers or a smaller [pipeline] batch_size.", code="E206")

    def close(self) -> None:
        """Stop the workers: a worker still loading its models is ended at once, the others when idle."""
        try:
            while (message := self.results.get_nowait()) is not None:
                if message[0] == "ready":
                    self.ready_workers.add(message[1])
        except (queue.Empty, OSError, ValueError):
            pass
        for wid, p in enumerate(self.procs):
            if wid not in self.ready_workers:
                p.terminate()
            elif p.is_alive():
                try:
                    self.tasks[wid].put(None)
                except (OSError, ValueError):
                    pass
        for p in self.procs:
            p.join(timeout=10)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
        for q in [*self.tasks, self.results]:
            q.close()
            q.cancel_join_thread()


def _rebuild(cls: str, code: str, message: str) -> Exception:
    """Return the CommuniqueError a worker raised, rebuilt here (a PipelineError when its class takes other arguments)."""
    kind = getattr(errors, cls, None)
    try:
        if isinstance(kind, type) and issubclass(kind, errors.CommuniqueError):
            return kind(message, code=code)
    except TypeError:
        pass
    return PipelineError(message, code=code if code in errors.CODES else "E206")
