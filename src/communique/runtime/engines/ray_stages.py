"""The pieces of a Ray Data plan that run on the cluster: groups of stages over pipeline batches, and the knowledge board.

A row of the plan is one pipeline batch: ``{"i": its index in the run, "blob": its articles
pickled as one list}``. An Article is a tree of dataclasses that Arrow cannot hold as columns;
one pickle per batch and per hop is cheaper than one per article (fewer objects for Ray Data to
convert and track), and it keeps the run's batches exactly the local engine's, which the
knowledge schedule is defined on.

``StageGroup`` is both the stateful actor class (its stages, with their models, are built once
per actor) and, through ``run_group``, the body of a task (stages built once per Ray worker
process and kept, so a light task does not rebuild its gazetteers per batch).

``KnowledgeBoard`` (an async actor) holds what the driver folded so far: batch ``i`` reads the
knowledge of batches ``0 .. i - lag - 1`` (``runner.KnowledgeFold``, as in the local engine), so
a group asks the board for it and waits until the driver has seen those batches come back. No
ray import at module level: Ray wraps these when the plan is built.
"""

from __future__ import annotations

import asyncio
import bisect
import pickle
from typing import Any

import numpy as np

from communique.core.config import Settings
from communique.core.knowledge import Knowledge

_GROUPS: dict[tuple[str, ...], StageGroup] = {}  # (run, *stage names) -> group


def pack(articles: list[Any]) -> bytes:
    """Return one batch of articles pickled as one blob."""
    return pickle.dumps(articles, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(blob: Any) -> list[Any]:
    """Return the articles of one ``blob``."""
    return pickle.loads(blob)


class KnowledgeBoard:
    """The knowledge snapshots of a run, published by the driver as batches come back in order.

    ``publish(done, version, knowledge)``: batches ``0 .. done-1`` are folded; ``knowledge`` is
    that snapshot, or None when it is the one of ``version`` already published. The driver
    publishes once per batch; calls may start in any order (Ray does not order an async actor's
    calls), so the board counts only the unbroken run of published ``done`` values.
    ``read(until, version)`` waits until batches ``0 .. until-1`` are folded and returns
    ``(version, knowledge)`` for that prefix, knowledge None when the caller holds that version.
    Snapshots no batch can still ask for are dropped (bounded memory).
    """

    def __init__(self, lag: int, version: int, knowledge: Knowledge):
        self.lag = lag
        self.done = 0
        self._pending: set[int] = set()
        self._starts = [0]  # the prefix length from which each snapshot holds, ascending
        self._snapshots = [(version, knowledge)]
        self._changed: asyncio.Event | None = None

    def _event(self) -> asyncio.Event:
        if self._changed is None:  # created in the actor's event loop
            self._changed = asyncio.Event()
        return self._changed

    async def publish(self, done: int, version: int, knowledge: Knowledge | None) -> None:
        if knowledge is not None:
            k = bisect.bisect_left(self._starts, done)
            self._starts.insert(k, done)
            self._snapshots.insert(k, (version, knowledge))
        self._pending.add(done)
        while self.done + 1 in self._pending:
            self._pending.remove(self.done + 1)
            self.done += 1
        # A batch not yet coded has index >= done, so it reads a prefix of at least done - lag.
        keep = bisect.bisect_right(self._starts, self.done - self.lag) - 1
        if keep > 0:
            del self._starts[:keep], self._snapshots[:keep]
        event = self._event()
        event.set()
        self._changed = None  # waiters hold the event just set; later ones wait on a new one

    async def read(self, until: int, version: int) -> tuple[int, Knowledge | None]:
        while self.done < until:
            await self._event().wait()
        k = bisect.bisect_right(self._starts, until) - 1
        if k < 0:
            raise RuntimeError(f"knowledge board: the snapshot for {until} batches was dropped")
        have, knowledge = self._snapshots[k]
        return have, None if have == version else knowledge


class StageGroup:
    """Runs consecutive stages of the pipeline over one pipeline batch, bound to the knowledge it reads.

    ``knowledge`` is the run's fixed snapshot when ``board`` is None (a run that does not learn);
    otherwise the board gives each batch the snapshot of the batches before its lag.
    ``keep_parse=False``: the articles go back without their parse (``Article.drop_parse``), as
    a local worker sends them when the caller needs no tokens (printed events, an ingest): a
    quarter of the bytes to pickle here, move through the object store and unpickle in the driver.
    """

    def __init__(self, settings: Settings, names: list[str], knowledge: Knowledge | None = None,
                 board: Any = None, lag: int = 0, keep_parse: bool = True):
        from communique.runtime.engines.threads import pin_threads

        pin_threads(1)
        from communique.core.heap import loading
        from communique.runtime.pipeline import bind_stages, build_stage
        from communique.runtime.wiring import build_wiring

        # As a local worker builds its pipeline: what the stages load lives as long as this actor, and
        # the modules of Ray and Ray Data, imported before, are frozen with it (core.heap).
        with loading():
            wiring = build_wiring(settings)
            self.stages = [build_stage(n, settings, wiring) for n in names]
        self.board = board
        self.lag = lag
        self.keep_parse = keep_parse
        self.version = -1
        self.bound = bind_stages(self.stages, knowledge or Knowledge())
        self.frozen = False

    def stages_for(self, index: int) -> list[Any]:
        """Return the stages bound to the knowledge batch ``index`` reads (waiting for it if need be)."""
        if self.board is None:
            return self.bound
        import ray

        from communique.runtime.pipeline import bind_stages

        version, knowledge = ray.get(self.board.read.remote(max(0, index - self.lag), self.version))
        if knowledge is not None:
            self.bound = bind_stages(self.stages, knowledge)
        self.version = version
        return self.bound

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from communique.runtime.engines.threads import pin_torch
        from communique.runtime.pipeline import run_batch

        blobs = []
        for index, blob in zip(batch["i"], batch["blob"], strict=True):
            articles = unpack(blob)
            if articles:  # an empty batch (an ingest's, all known) keeps its place and reads nothing
                articles = run_batch(self.stages_for(int(index)), articles)
                if not self.keep_parse:
                    articles = [a.drop_parse() for a in articles]
            blobs.append(pack(articles))
        pin_torch(1)
        out = np.empty(len(blobs), dtype=object)
        out[:] = blobs
        if not self.frozen:  # once its models and what loads lazily are in, as a local worker does
            from communique.runtime.engines.worker import freeze_heap

            freeze_heap()
            self.frozen = True
        return {"i": batch["i"], "blob": out}


def run_group(batch: dict[str, np.ndarray], settings: Settings, names: list[str], knowledge: Knowledge | None,
              run: str, board: Any = None, lag: int = 0, keep_parse: bool = True) -> dict[str, np.ndarray]:
    """Run the light stages ``names`` over ``batch`` as a task (their group built once per process and run)."""
    key = (run, *names)
    group = _GROUPS.get(key)
    if group is None:
        for old in [k for k in _GROUPS if k[0] != run]:  # a Ray worker process outlives runs
            del _GROUPS[old]
        group = _GROUPS[key] = StageGroup(settings, names, knowledge, board, lag, keep_parse)
    return group(batch)
