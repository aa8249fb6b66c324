"""When the cyclic garbage collector looks at what the models loaded: while they load, seldom; after, never.

A process that codes loads ~270,000 objects that live as long as it does (torch's and spaCy's
modules, the models, lexicons, gazetteers, the persons dictionary), all by ``lru_cache``d
loaders. CPython's collector walks every tracked object at each collection of the oldest
generation, and again at exit. On a one-sentence ``communique code`` (~4.4 s on a quiet 2-core
machine) that was ~0.5 s of collections while starting (843 of them, 5 full) and ~0.5-1 s of
collections at exit, over a heap none of which is garbage.

``loading()`` wraps a loader: inside it the youngest generation is collected every
``LOADING_THRESHOLD`` allocations instead of every 700; when the outermost one ends, everything
alive is frozen (``gc.freeze``): later collections, and the ones at exit, skip it. Nothing is
collected before freezing (a full collection is what this avoids): the few cycles a loader
leaves behind (~5,000 objects, ~0.7 MB, measured on a one-sentence run) stay for the process's life. Reference counting frees frozen
objects as before; only cycles among them are never collected. Nothing coded depends on when
the collector runs.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

LOADING_THRESHOLD = 50_000
_depth = 0


@contextmanager
def loading() -> Iterator[None]:
    """Collect the youngest generation rarely while the block runs; freeze the heap after the outermost block."""
    global _depth
    saved = gc.get_threshold()
    _depth += 1
    if _depth == 1:
        gc.set_threshold(max(saved[0], LOADING_THRESHOLD), *saved[1:])
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.set_threshold(*saved)
            gc.freeze()


def loader(fn: Callable[P, R]) -> Callable[P, R]:
    """Return ``fn`` run inside ``loading()`` (put it under ``lru_cache``, so that cached calls skip it)."""

    @functools.wraps(fn)
    def load(*args: P.args, **kwargs: P.kwargs) -> R:
        with loading():
            return fn(*args, **kwargs)

    return load
