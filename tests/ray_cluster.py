"""Run communique's Ray engine on a real 2-node Ray cluster on this machine; write what it saw as JSON.

Started by tests/test_ray.py inside a network namespace that has only loopback (``unshare``),
so that nothing Ray starts can reach or be reached from outside. Usage:
``python tests/ray_cluster.py OUT_DIR`` writes ``OUT_DIR/results.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


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
        ray.shutdown()

        t = time.monotonic()
        coded = cli("code", str(REPO / "examples"), "--engine", "ray", "--address", address, "--out",
                    str(out / "ray_dataset"))
        results["code"] = {"rc": coded.returncode, "stderr": coded.stderr[-3000:],
                           "s": round(time.monotonic() - t, 1)}
        t = time.monotonic()
        stored = cli("ingest", str(REPO / "examples"), "--engine", "ray", "--address", address, "--db",
                     str(out / "ray.duckdb"))
        results["ingest"] = {"rc": stored.returncode, "stderr": stored.stderr[-3000:],
                             "s": round(time.monotonic() - t, 1)}
    finally:
        cluster.shutdown()
    results["total_s"] = round(time.monotonic() - t0, 1)
    (out / "results.json").write_text(json.dumps(results, indent=1), "utf-8")


if __name__ == "__main__":
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    main(Path(sys.argv[1]))
