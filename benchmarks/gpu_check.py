"""The Python half of benchmarks/gpu_check.sh: the Ray engine with and without the GPU, and the GPU's busy share.

Usage: ``python benchmarks/gpu_check.py --out DIR [--repeat 100] [--corpus FILE.jsonl]`` (see gpu_check.sh).
Each run is a fresh process (``--child``) timed from its start to its exit, Ray started in it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(path: Path, repeat: int) -> int:
    """Write examples/ repeated ``repeat`` times as JSONL (ids made unique); return the article count."""
    sys.path.insert(0, str(ROOT / "src"))
    from communique.core.article import Article
    from communique.io.sources import read_inputs

    base = [a for a in read_inputs([str(ROOT / "examples")]) if isinstance(a, Article)]
    with path.open("w", encoding="utf-8") as f:
        for r in range(repeat):
            for a in base:
                f.write(json.dumps({"id": f"{a.id}-{r}", "date": a.date, "title": a.title, "text": a.text}) + "\n")
    return repeat * len(base)


def child(path: Path, events_out: Path) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from communique.core.article import Article
    from communique.core.config import load_settings
    from communique.runtime.engines.ray_engine import RayEngine

    engine = RayEngine(load_settings())
    n = 0
    with events_out.open("w", encoding="utf-8") as f:
        for a in engine.run(Article(**json.loads(line)) for line in path.read_text("utf-8").splitlines()):
            for e in a.events:
                f.write(json.dumps({"id": e.event_id, "type": e.type}) + "\n")
                n += 1
    plan = engine.plan
    return {"events": n, "cpus": plan.cpus, "gpus": plan.gpus,
            "plan": [{"names": s.names, "actor": s.actor, "gpu": s.gpu} for s in plan.steps]}


class Sampler:
    """Samples the GPU's utilisation (percent) every ``every`` seconds with nvidia-smi."""

    def __init__(self, every: float = 0.5):
        self.every, self.samples, self._stop = every, [], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                out = subprocess.run(["nvidia-smi", "--query-gpu=utilization.gpu", "--format=csv,noheader,nounits"],
                                     capture_output=True, text=True, timeout=5).stdout.split()
                self.samples.append(float(out[0]))
            except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
                pass
            self._stop.wait(self.every)

    def __enter__(self) -> Sampler:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join()


def run(path: Path, out: Path, gpu: bool, n: int) -> dict:
    env = dict(os.environ)
    if not gpu:
        env["CUDA_VISIBLE_DEVICES"] = ""  # Ray then sees no GPU, and the plan puts the encoder on CPU
    events = out / f"events-{'gpu' if gpu else 'cpu'}.jsonl"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(path), "--events-out", str(events)]
    t = time.perf_counter()
    with Sampler() as sampler:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=240)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{'gpu' if gpu else 'cpu'} run failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    s = sampler.samples
    return {"gpu": gpu, "articles": n, "wall_s": round(wall, 2), "stories_per_s": round(n / wall, 2),
            "gpu_busy_share": round(sum(1 for x in s if x > 0) / len(s), 3) if s else None,
            "gpu_mean_util": round(sum(s) / len(s), 1) if s else None, "samples": len(s), **figures}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("/tmp/gpu-check"))
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("REPEAT", "100")))
    ap.add_argument("--corpus", type=Path, default=os.environ.get("CORPUS") or None)
    ap.add_argument("--child", type=Path)
    ap.add_argument("--events-out", type=Path)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.events_out)))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.corpus or args.out / "corpus.jsonl"
    n = len(path.read_text("utf-8").splitlines()) if args.corpus else corpus(path, args.repeat)
    # Build the gazetteer cache (once per machine) and warm the file cache, so that neither timed run pays it.
    warm = subprocess.run([sys.executable, "-m", "communique", "code", str(ROOT / "examples"), "--workers", "1"],
                          capture_output=True, text=True, cwd=ROOT)
    if warm.returncode != 0:
        raise SystemExit(f"warm-up failed ({warm.returncode}):\n{warm.stderr[-4000:]}")
    cpu = run(path, args.out, gpu=False, n=n)
    gpu = run(path, args.out, gpu=True, n=n)
    a = {json.dumps(json.loads(x), sort_keys=True) for x in (args.out / "events-cpu.jsonl").read_text().splitlines()}
    b = {json.dumps(json.loads(x), sort_keys=True) for x in (args.out / "events-gpu.jsonl").read_text().splitlines()}
    result = {"benchmark": "gpu_check", "cpu_only": cpu, "gpu": gpu,
              "gpu_vs_cpu": round(cpu["wall_s"] / gpu["wall_s"], 3),
              "events_shared": len(a & b), "events_only_cpu": len(a - b), "events_only_gpu": len(b - a)}
    text = json.dumps(result, indent=1)
    print(text)
    (args.out / "gpu_check.json").write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
