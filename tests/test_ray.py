"""The Ray engine on a real 2-node Ray cluster (ray.cluster_utils.Cluster), in a loopback-only network namespace.

One cluster for the module (tests/ray_cluster.py runs the CLI against it); the tests compare
what it wrote with the local engine's output for the same input and settings (small batches, so
that later batches read what earlier ones taught, across Ray's chunks): the same events, Parquet
partitioned by date and readable by DuckDB, an ingest stored through the driver, and the same
knowledge in every batch.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from .conftest import EXAMPLES, REPO
from .ray_cluster import SMALL_BATCHES, teacher_articles, teacher_settings

pytestmark = [pytest.mark.ray, pytest.mark.model]

NETNS = ["unshare", "--net", "--pid", "--fork", "--mount-proc", "sh", "-c"]


def _netns_or_skip() -> None:
    pytest.importorskip("ray.data", reason="ray[data] is not installed (pip install 'communique[ray]')")
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        pytest.skip("unshare or ip not found: the Ray tests run only inside a loopback-only network namespace")
    probe = subprocess.run([*NETNS, "ip link set lo up && true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare is not permitted here ({probe.stderr.strip()[:200]}): the Ray tests run only "
                    "inside a loopback-only network namespace")


@pytest.fixture(scope="module")
def ray_run(tmp_path_factory):
    _netns_or_skip()
    out = tmp_path_factory.mktemp("ray")
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0",
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([*NETNS, f"ip link set lo up && exec {sys.executable} {REPO / 'tests' / 'ray_cluster.py'} "
                                   f"{out}"], capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return out, json.loads((out / "results.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def local_dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("local")
    out, config = root / "dataset", root / "small_batches.toml"
    config.write_text(SMALL_BATCHES, "utf-8")
    proc = subprocess.run([sys.executable, "-m", "communique", "code", str(EXAMPLES), "--out", str(out),
                           "--config", str(config), "--workers", "1"],
                          capture_output=True, text=True, timeout=600, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    return out


def _rows(root, table: str) -> list[tuple]:
    import duckdb

    key = "event_id" if table == "events" else "mention_id" if table == "mentions" else "article_id"
    return duckdb.sql(f"SELECT * FROM read_parquet('{root}/{table}/*/*.parquet', hive_partitioning = true) "
                      f"ORDER BY {key}").fetchall()


def test_ray_cluster_has_two_nodes_and_a_cpu_plan(ray_run):
    _, results = ray_run
    assert results["nodes"] == 2 and results["resources"]["CPU"] == 2
    # no GPU: every stage in one step of actors (they load models), one per CPU
    assert [(s["names"], s["actor"], s["gpu"]) for s in results["plan"]] == [
        (["nlp", "actors", "places", "events", "dates", "locations"], True, False)]


def test_ray_batches_read_the_local_engines_knowledge_across_chunks(ray_run):
    from communique.runtime.engines.local import LocalEngine

    _, results = ray_run
    local = LocalEngine(teacher_settings(True), workers=1)
    expected = [[a.id, a.contexts, bool(a.errors)] for a in local.run(teacher_articles())]
    # 12 batches of 2 in 3 chunks (one closes at 7 articles or more); batch i reads batches 0 .. i-2
    # (lag 1): articles 8 and 9 (batch 4) know the persons of batches 0-2 (article 5 failed)
    assert expected[8][1] == ["P00", "P01", "P02", "P03", "P04"] == expected[9][1] and expected[5][2]
    for fuse, plan in ((True, [[["teacher"], True]]), (False, [[["teacher"], False]])):
        run = results[f"teacher_fuse_{fuse}"]
        assert run["plan"] == plan
        assert run["contexts"] == expected, fuse
        assert run["knows"] == sorted(local.knowledge.registry.entries)
    # the same on a Ray the engine started itself, with its own system config, which it stops at the end
    own = results["teacher_own_ray"]
    assert own["contexts"] == expected and own["cpus"] >= 1 and own["stopped"]
    # its start-up steps are stamped in order (benchmarks/engines.py reports them)
    begin, end, plan = own["phases"]
    assert None not in own["phases"] and begin <= end <= plan


def test_ray_code_gives_the_local_engines_events_as_parquet_by_date(ray_run, local_dataset):
    out, results = ray_run
    assert results["code"]["rc"] == 0, results["code"]["stderr"]
    assert re.search(r"27 articles, \d+ events, \d+ mentions written", results["code"]["stderr"])
    ray_root = out / "ray_dataset"
    dates = sorted(p.name for p in (ray_root / "events").iterdir())
    assert dates and all(re.fullmatch(r"date=\d{4}-\d{2}-\d{2}", d) for d in dates)
    for table in ("events", "mentions", "articles"):
        ray_rows, local_rows = _rows(ray_root, table), _rows(local_dataset, table)
        assert ray_rows == local_rows, table
    assert len(_rows(ray_root, "articles")) == 27 and len(_rows(ray_root, "events")) > 50


def test_ray_ingest_stores_through_the_driver(ray_run):
    out, results = ray_run
    assert results["ingest"]["rc"] == 0, results["ingest"]["stderr"]
    assert re.search(r"27 articles added, 0 already stored, \d+ mentions added", results["ingest"]["stderr"])
    assert (out / "ray.duckdb").exists()
