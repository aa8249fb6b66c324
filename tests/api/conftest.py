"""Fixtures of the API and dashboard tests: one real store, built once, and servers over copies of it.

The store is what `communique ingest examples/ <seed>` makes, with the real pipeline (so these
tests are marked ``model``). Each server gets its own copy of the file: the reader's copy must
never change (the security tests compare its checksum before and after), the writer's takes
the write tests' articles, and the live server (uvicorn on a random loopback port) serves the
browser tests and `ingest --server`.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SEED

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def api_pipeline():
    from communique.core.config import load_settings
    from communique.runtime.pipeline import Pipeline

    return Pipeline.from_settings(load_settings())


@pytest.fixture(scope="session")
def built_store(tmp_path_factory, api_pipeline) -> Path:
    """Return the path of a closed store holding examples/ and the seed report, coded for real."""
    from communique.io.sources import read_inputs
    from communique.io.store import Store
    from communique.services.ingest import ingest

    path = tmp_path_factory.mktemp("api") / "built.duckdb"
    inputs = [str(EXAMPLES)] + ([str(SEED)] if SEED.exists() else [])
    with Store(path) as store:
        report = ingest(read_inputs(inputs), store, api_pipeline)
    assert report.articles_added >= 20 and report.inputs_rejected == 0
    return path


def _copy(built: Path, name: str) -> Path:
    target = built.with_name(name)
    shutil.copyfile(built, target)
    return target


def store_checksum(con) -> str:
    """Return a checksum of every table's rows (an unchanged store keeps it)."""
    h = hashlib.sha256()
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                                "ORDER BY 1").fetchall():
        rows = con.execute(f'SELECT md5(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR))), '
                           f'count(*) FROM "{table}" t').fetchone()
        h.update(f"{table}:{rows[0]}:{rows[1]}\n".encode())
    return h.hexdigest()


@pytest.fixture(scope="session")
def reader_app(built_store):
    """Return (TestClient, app) over a copy of the store that no test may change (token set)."""
    from fastapi.testclient import TestClient

    from communique.surfaces.api import create_app

    app = create_app(_copy(built_store, "reader.duckdb"), token=TOKEN)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, app


@pytest.fixture(scope="session")
def client(reader_app):
    return reader_app[0]


@pytest.fixture(scope="session")
def reader_checksum(reader_app) -> str:
    """Return the reader store's checksum as the session found it."""
    return store_checksum(reader_app[1].state.server.store.con)


@pytest.fixture(scope="session")
def writer(built_store, api_pipeline):
    """Return (TestClient, app) over a copy that the write tests add articles to."""
    from fastapi.testclient import TestClient

    from communique.surfaces.api import create_app

    app = create_app(_copy(built_store, "writer.duckdb"), token=TOKEN, pipeline=api_pipeline)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c, app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(built_store, api_pipeline):
    """Return (base URL, store path) of uvicorn serving a copy of the store on a random loopback port."""
    import uvicorn

    from communique.surfaces.api import create_app

    path = _copy(built_store, "live.duckdb")
    app = create_app(path, token=TOKEN, pipeline=api_pipeline)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", path
    server.should_exit = True
    thread.join(10)
