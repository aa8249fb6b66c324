"""Run communique's Ray engine on a real 2-node Ray cluster on this machine; write what it saw as JSON.

Started by tests/test_ray.py inside a network namespace that has only loopback (``unshare``),
so that nothing Ray starts can reach or be reached from outside. Usage:
``python tests/ray_cluster.py OUT_DIR`` writes ``OUT_DIR/results.json``.

The CLI runs use ``SMALL_BATCHES`` (batches of 3 articles, a knowledge lag of 1 batch, chunks of
10 articles): examples/ then spans 9 batches and 3 plan runs, so the knowledge schedule is at
work across batches and chunks. ``TEACHER`` runs the test stage that records what each batch
knew (tests/engine_stages.py) on both plans, fused and not, and once more on a Ray the engine
starts itself (no address).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SMALL_BATCHES = """
[pipeline]
batch_size = 3
[engine]
knowledge_lag = 1
ray_chunk = 10
"""


def teacher_settings(fuse: bool):
    """Return settings running only the test stage ``teacher``: batches of 2, lag 1, chunks of 7 articles."""
    from communique.core.config import load_settings

    return load_settings().with_overrides({
        "pipeline": {"stages": ["teacher"], "batch_size": 2},
        "stages": {"teacher": "tests.engine_stages:Teacher"},
        "engine": {"knowledge_lag": 1, "ray_chunk": 7, "ray_fuse": fuse,
                   "ray_actor_stages": ["teacher"] if fuse else []},
    })


def teacher_articles() -> list:
    """Return 23 articles that each teach a person (the sixth one fails)."""
    from communique.core.article import Article

    return [Article(text="boom here" if k == 5 else f"teach P{k:02d} today", date=f"2024-01-{k + 1:02d}",
                    id=f"a{k:02d}") for k in range(23)]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True, text=True,
                          timeout=300, cwd=REPO)


def main(out: Path) -> None:
    from ray.cluster_utils import Cluster

    results: dict = {}
    t0 = time.monotonic()
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    try:
        cluster.add_node(num_cpus=1)
        cluster.wait_for_nodes()
        results["start_s"] = round(time.monotonic() - t0, 1)
        address = cluster.address

        import ray

        ray.init(address=address, logging_level="ERROR", log_to_driver=False)
        results["nodes"] = sum(1 for n in ray.nodes() if n["Alive"])
        results["resources"] = {k: v for k, v in ray.cluster_resources().items() if k in ("CPU", "GPU")}
        from communique.core.config import load_settings
        from communique.runtime.engines.ray_engine import RayEngine

        engine = RayEngine(load_settings(), address=address)
        engine.connect()
        _, plan = engine.build(1)
        results["plan"] = [{"names": s.names, "actor": s.actor, "gpu": s.gpu} for s in plan.steps]
        for fuse in (True, False):
            teacher = RayEngine(teacher_settings(fuse), address=address)
            results[f"teacher_fuse_{fuse}"] = {
                "contexts": [[a.id, a.contexts, bool(a.errors)] for a in teacher.run(teacher_articles())],
                "plan": [[s.names, s.actor] for s in teacher.plan.steps],
                "knows": sorted(teacher.knowledge.registry.entries)}
        ray.shutdown()
        config = out / "small_batches.toml"
        config.write_text(SMALL_BATCHES, "utf-8")

        t = time.monotonic()
        coded = cli("code", str(REPO / "examples"), "--engine", "ray", "--address", address, "--out",
                    str(out / "ray_dataset"), "--config", str(config))
        results["code"] = {"rc": coded.returncode, "stderr": coded.stderr[-3000:],
                           "s": round(time.monotonic() - t, 1)}
        t = time.monotonic()
        stored = cli("ingest", str(REPO / "examples"), "--engine", "ray", "--address", address, "--db",
                     str(out / "ray.duckdb"), "--config", str(config))
        results["ingest"] = {"rc": stored.returncode, "stderr": stored.stderr[-3000:],
                             "s": round(time.monotonic() - t, 1)}
    finally:
        cluster.shutdown()
    # No address: the engine starts a Ray of its own for the run, with its lean system config
    # (ray_engine.LOCAL_SYSTEM_CONFIG), which the cluster above does not use.
    import ray

    from communique.runtime.engines.ray_engine import RayEngine

    t = time.monotonic()
    own = RayEngine(teacher_settings(True))
    results["teacher_own_ray"] = {"contexts": [[a.id, a.contexts, bool(a.errors)] for a in own.run(teacher_articles())],
                                  "cpus": own.plan.cpus, "stopped": not ray.is_initialized(),
                                  "phases": [own.phases.get(k) for k in ("ray_init_begin", "ray_init_end",
                                                                         "plan_begin")],
                                  "s": round(time.monotonic() - t, 1)}
    ray.shutdown()
    results["total_s"] = round(time.monotonic() - t0, 1)
    (out / "results.json").write_text(json.dumps(results, indent=1), "utf-8")


if __name__ == "__main__":
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    main(Path(sys.argv[1]))
