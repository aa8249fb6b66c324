"""Peak memory of ``communique ingest`` on 1,000 and on all 19,043 Reuters-21578 stories with a body.

Usage (from the repository root)::

    python benchmarks/ingest_memory.py                    # sizes 1000 and full (19,043 stories)
    python benchmarks/ingest_memory.py --sizes 200,1000   # a quick look
    python benchmarks/ingest_memory.py --workers 2        # two workers whatever the cores (as the results)
    python benchmarks/ingest_memory.py --data ../shared/data --json benchmarks/ingest_memory.json

Stories are read as ``benchmarks/throughput.py`` reads them (file order, reut2-000 onwards,
stories with a <BODY>) and written to a temporary JSONL file; the store lives in a temporary
folder too, so nothing is written into the repository but the results file.

Each size runs ``python -m communique ingest FILE --db STORE -v [--workers N]`` under a small
monitor process of its own, so that the peak is that of one ingest alone. After each committed
batch (the ``-v`` log line) the monitor reads ``/proc`` for the ingest process (``ingest``: it
reads, clusters and stores) and for each process it started (``worker-1`` ...; the engine's
workers code the batches). Reported per size:

- ``peak_rss_mb``: the peak resident set of the largest process (``getrusage(RUSAGE_CHILDREN)``
  in the monitor, which covers the ingest and every process it starts);
- ``processes``: for each process, ``peak_mb`` (its ``VmHWM``, the kernel's high-water mark, at
  the last sample), ``rss_mb_by_articles`` (``VmRSS`` every ``--every`` articles) and
  ``slope_mb_per_1000``: the trend of its resident set over the samples after ``--warmup``
  articles (models loaded, caches filled), in MB per 1,000 articles (Theil-Sen: the median of
  the slopes between every two samples, robust to a sample taken mid-batch). Flat means a
  slope near 0 and the same peaks at every size;
- ``wall_s``: wall time (the machine may be shared: judge memory, not speed, from this file).

The summary compares the peaks: ``peak_growth`` is peak(largest size) / peak(smallest) - 1,
per process kind too, and gives the slopes of the largest run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCH = re.compile(r"^committed batch: .*\((\d+) read\)")


def _status(pid: int) -> dict[str, float]:
    """Return VmRSS and VmHWM of ``pid`` in MB (empty once it has exited)."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    except OSError:
        return {}
    return out


def _children(pid: int) -> list[int]:
    """Return the processes ``pid`` started (and theirs), oldest first."""
    try:
        kids = [int(k) for k in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [d for k in kids for d in (k, *_children(k))]


def _is_worker(pid: int) -> bool:
    """True for an engine worker (a spawned multiprocessing child), not its resource tracker."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"spawn_main" in cmd


def slope(samples: dict[str, float], warmup: int) -> float | None:
    """Return the trend of ``samples`` (articles -> MB) after ``warmup`` articles, in MB per 1,000 articles.

    The Theil-Sen estimate (the median of the slopes between every two samples): a worker sampled
    while it holds a large batch reads tens of MB high, and one such sample would tilt a
    least-squares line, not the median.
    """
    pts = sorted((int(k), v) for k, v in samples.items() if int(k) >= warmup)
    slopes = sorted((y2 - y1) / (x2 - x1) for i, (x1, y1) in enumerate(pts) for x2, y2 in pts[i + 1:] if x2 > x1)
    if len(pts) < 3 or not slopes:
        return None
    mid = len(slopes) // 2
    median = slopes[mid] if len(slopes) % 2 else (slopes[mid - 1] + slopes[mid]) / 2
    return round(1000 * median, 2)


def monitor(corpus: Path, db: Path, workers: int | None, every: int, warmup: int) -> dict:
    """Run one ingest as a child of this process; return its peak RSS, per-process samples and wall time."""
    env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    cmd = [sys.executable, "-m", "communique", "ingest", str(corpus), "--db", str(db), "-v"]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    names = {proc.pid: "ingest"}
    samples: dict[str, dict[str, float]] = {"ingest": {}}
    hwm: dict[str, float] = {}
    tail: list[str] = []
    next_sample = 0
    assert proc.stderr is not None
    for line in proc.stderr:
        m = BATCH.match(line)
        if not m:
            tail = (tail + [line.rstrip("\n")])[-20:]
            continue
        done = int(m.group(1))
        for pid in [proc.pid, *_children(proc.pid)]:
            if pid not in names:
                if not _is_worker(pid):
                    continue
                names[pid] = f"worker-{sum(n.startswith('worker') for n in names.values()) + 1}"
                samples[names[pid]] = {}
            st = _status(pid)
            if "VmHWM" in st:
                hwm[names[pid]] = round(st["VmHWM"], 1)
                if done >= next_sample:
                    samples[names[pid]][str(done)] = round(st["VmRSS"], 1)
        if done >= next_sample:
            next_sample = done + every
    rc = proc.wait()
    wall = time.perf_counter() - t0
    # ru_maxrss is in kilobytes on Linux; RUSAGE_CHILDREN covers every waited-for descendant.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = next((t for t in reversed(tail) if "articles added" in t), "")
    processes = {name: {"peak_mb": hwm.get(name), "slope_mb_per_1000": slope(s, warmup), "rss_mb_by_articles": s}
                 for name, s in samples.items()}
    return {"returncode": rc, "peak_rss_mb": round(peak, 1), "wall_s": round(wall, 1), "processes": processes,
            "report": summary, "stderr_tail": tail if rc not in (0, 1) else []}


def measure(stories: list[dict], tmp: Path, options: list[str]) -> dict:
    """Write ``stories`` to a JSONL file in ``tmp``, ingest it into a fresh store there, return the figures."""
    corpus = tmp / f"reuters-{len(stories)}.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for s in stories:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    db = tmp / f"store-{len(stories)}.duckdb"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--monitor", str(corpus), "--db", str(db), *options]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"monitor failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["returncode"] not in (0, 1):
        raise SystemExit(f"ingest failed ({result['returncode']}):\n" + "\n".join(result["stderr_tail"]))
    result.pop("stderr_tail")
    result["stories"] = len(stories)
    result["store_mb"] = round(db.stat().st_size / 2**20, 1)
    corpus.unlink()
    return result


def _growth(peaks: dict[int, float | None]) -> float | None:
    lo, hi = min(peaks), max(peaks)
    if lo == hi or not peaks[lo] or not peaks[hi]:
        return None
    return round(peaks[hi] / peaks[lo] - 1, 3)


def summarise(runs: list[dict]) -> dict:
    """Return the peaks by size (overall and per process kind), their growth, and the largest run's slopes."""
    peaks = {r["stories"]: r["peak_rss_mb"] for r in runs}
    kinds: dict[str, dict[int, float | None]] = {}
    for r in runs:
        for name, p in r["processes"].items():
            kind = "ingest" if name == "ingest" else "worker"
            have = kinds.setdefault(kind, {}).get(r["stories"]) or 0
            kinds[kind][r["stories"]] = max(have, p["peak_mb"] or 0) or None
    largest = max(runs, key=lambda r: r["stories"])
    return {
        "peak_rss_mb": peaks, "peak_growth": _growth(peaks) or 0.0,
        "peak_mb_by_process": kinds, "peak_growth_by_process": {k: _growth(v) for k, v in kinds.items()},
        "slope_mb_per_1000": {n: p["slope_mb_per_1000"] for n, p in largest["processes"].items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,full", help="comma-separated sizes; 'full' = every story")
    parser.add_argument("--data", type=Path, help="measurement data folder (default ../shared/data)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "ingest_memory.json")
    parser.add_argument("--workers", type=int, help="the ingest's --workers (default: its own, one per core)")
    parser.add_argument("--every", type=int, default=500, help="sample the resident sets every N articles")
    parser.add_argument("--warmup", type=int, default=2000,
                        help="articles before the slope is measured (models loaded, caches warm)")
    parser.add_argument("--monitor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.monitor:
        print(json.dumps(monitor(args.monitor, args.db, args.workers, args.every, args.warmup)))
        return 0
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import default_data, stories

    data = args.data or default_data()
    sizes = [None if s.strip() == "full" else int(s) for s in args.sizes.split(",") if s.strip()]
    everything = stories(data, None)
    options = ["--every", str(args.every), "--warmup", str(args.warmup)]
    if args.workers is not None:
        options += ["--workers", str(args.workers)]
    runs = []
    with tempfile.TemporaryDirectory(prefix="communique-mem-") as tmp:
        for size in sizes:
            r = measure(everything[:size] if size else everything, Path(tmp), options)
            each = "; ".join(f"{n} peak {p['peak_mb']} MB, slope {p['slope_mb_per_1000']} MB/1000"
                             for n, p in r["processes"].items())
            print(f"{r['stories']:>6} stories: peak RSS {r['peak_rss_mb']} MB, {r['wall_s']} s wall ({each}); "
                  f"{r['report']}", file=sys.stderr)
            runs.append(r)
    result = {
        "corpus": "reuters21578", "date": datetime.now().isoformat(timespec="seconds"),
        "python": sys.version.split()[0], "workers": args.workers, "every": args.every, "warmup": args.warmup,
        "runs": runs, "summary": summarise(runs),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(f"results written to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
