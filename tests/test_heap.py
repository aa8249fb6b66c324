"""core.heap: loaders run with rare young collections and leave what they built frozen."""

from __future__ import annotations

import gc

from communique.core.heap import LOADING_THRESHOLD, loader, loading
from tests.conftest import assert_new_cycles_collected


class Node:
    pass


def test_loading_raises_the_threshold_inside_and_freezes_only_after_the_outermost_block():
    saved = gc.get_threshold()
    gc.unfreeze()
    try:
        with loading():
            assert gc.get_threshold()[0] == max(saved[0], LOADING_THRESHOLD)
            assert gc.get_threshold()[1:] == saved[1:]
            with loading():
                kept = Node()
            assert gc.get_freeze_count() == 0  # the inner block does not freeze
        assert gc.get_threshold() == saved
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        assert kept is not None
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)


def test_loader_restores_the_threshold_when_the_loader_fails_and_cycles_made_later_are_collected():
    saved = gc.get_threshold()

    @loader
    def broken() -> None:
        raise ValueError("no file")

    try:
        try:
            broken()
        except ValueError:
            pass
        assert gc.get_threshold() == saved
        assert_new_cycles_collected()
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)


def test_loader_returns_what_the_function_returns():
    @loader
    def load(a: int, b: int = 2) -> int:
        return a + b

    try:
        assert load(1, b=3) == 4
        assert load.__name__ == "load"
    finally:
        gc.unfreeze()
