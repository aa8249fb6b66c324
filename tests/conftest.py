"""Shared fixtures: paths to the repo, the examples and the measurement data."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED_DATA = REPO.parent / "shared" / "data"
SEED = SHARED_DATA / "seed" / "article-2024-08-28.txt"


@pytest.fixture(scope="module")
def pipeline():
    """The stages up to events with the real models (the model tests of events, roles and types share it)."""
    from communique.runtime.pipeline import Pipeline

    return Pipeline.from_settings(stages=["nlp", "actors", "places", "events"])


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED} (../shared/data is absent outside the project setup)")
    return SEED


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"measurement data not found at {SHARED_DATA} (../shared/data is absent)")
    return SHARED_DATA


@pytest.fixture
def yaml_doc(tmp_path, monkeypatch):
    """Return a function that writes ``text`` as a package's data file test.yaml and reads it back
    through core.resources, as a stage reads its own (a new package each time: imports and
    read_yaml cache per package)."""
    import uuid

    from communique.core.resources import read_yaml

    monkeypatch.syspath_prepend(str(tmp_path))

    def read(text: str):
        pkg = tmp_path / f"data_{uuid.uuid4().hex}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / "test.yaml").write_text(text)
        return read_yaml(pkg.name, "test.yaml")

    return read


def assert_new_cycles_collected() -> None:
    """Assert that a reference cycle made now is still collected (with the heap frozen or not)."""

    class Node:
        pass

    node = Node()
    node.self = node
    gone = weakref.ref(node)
    del node
    gc.collect()
    assert gone() is None
