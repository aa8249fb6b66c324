"""One worker process of the local engine: builds its own pipeline once, then codes the batches it is sent.

Messages in (its own task queue): ``(index, version, knowledge or None, batch)``, or ``None`` to
stop; the knowledge comes only when it changed since the last batch this worker coded.
Messages out (the shared result queue): ``("ready", wid, rss)`` once the pipeline is built,
``("done", wid, index, articles, peak_rss)`` per batch, ``("error", wid, index, class name, code, message)``
when the pipeline itself broke (an article a stage fails on is not that: it comes back with its
error recorded, as in one process).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import threading
import time
import traceback
from typing import Any

PARENT_POLL_S = 2.0  # how often a waiting worker checks that its parent is still there


def peak_rss() -> int:
    """Return this process's peak resident memory in bytes (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def watch_parent(poll_s: float = PARENT_POLL_S) -> None:
    """End this process at once when its parent is gone (runs on a daemon thread of the worker).

    A parent killed hard (SIGKILL, OOM) sends no ``None``, and may die halfway through writing a
    task: the worker would then wait for ever, on its queue or on the rest of a message (it holds
    the pipe's write end itself, so it never sees the end of the file), or at exit on a result that
    nobody reads, holding its models and the parent's output pipes. Nothing of the worker's needs
    finishing once nobody waits for its results: it writes no file.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    while parent.is_alive():
        time.sleep(poll_s)
    os._exit(0)


def freeze_heap() -> None:
    """Move every object alive now out of the cyclic garbage collector's sight (``gc.freeze``).

    A worker's heap is mostly its models, lexicons and gazetteers (~270,000 tracked objects),
    alive until it ends; each of the collector's older-generation passes walked them all again
    (0.41 s CPU per 500 Reuters stories; 0.09 s once frozen). Collected first, so that no
    garbage is kept for good; objects freed by reference counting go as before. Nothing coded
    depends on when the collector runs.
    """
    gc.collect()
    gc.freeze()


def main(wid: int, settings: Any, stages: list[str] | None, tasks: Any, results: Any, keep_parse: bool = True) -> None:
    """Run worker ``wid`` until it is sent ``None`` (``keep_parse=False``: articles go back without their parse)."""
    from communique.runtime.engines.threads import pin_threads, pin_torch

    threading.Thread(target=watch_parent, name="watch-parent", daemon=True).start()
    pin_threads(1)
    from communique.core.errors import CommuniqueError
    from communique.core.heap import loading
    from communique.core.knowledge import Knowledge
    from communique.runtime.memory import release_free_memory
    from communique.runtime.pipeline import Pipeline

    try:
        with loading():  # what the pipeline loads lives as long as this worker (core.heap)
            pipeline = Pipeline.from_settings(settings, stages)
    except CommuniqueError as e:
        results.put(("error", wid, -1, type(e).__name__, e.code, e.message))
        return
    pin_torch(1)
    results.put(("ready", wid, peak_rss()))
    knowledge = Knowledge()
    coded = 0
    while (task := tasks.get()) is not None:
        index, _version, sent, batch = task
        if sent is not None:
            knowledge = sent
        try:
            out = list(pipeline.pipe(batch, batch_size=max(1, len(batch)), knowledge=knowledge))
        except CommuniqueError as e:
            results.put(("error", wid, index, type(e).__name__, e.code, e.message))
            continue
        except Exception:  # noqa: BLE001 - reported to the parent, which stops the run
            results.put(("error", wid, index, "PipelineError", "E206", traceback.format_exc(limit=8)))
            continue
        pin_torch(1)  # a model loaded lazily in the first batch may have brought torch in
        if not keep_parse:
            out = [a.drop_parse() for a in out]
        results.put(("done", wid, index, out, peak_rss()))
        del out, batch, task
        coded += 1
        if coded == 1:  # once the first batch has loaded what it loads lazily (the encoder)
            freeze_heap()
        release_free_memory()
