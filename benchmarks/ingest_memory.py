"""Peak memory of ``communique ingest`` on 1,000 and on all 19,043 Reuters-21578 stories with a body.

Usage (from the repository root)::

    python benchmarks/ingest_memory.py                    # sizes 1000 and full (19,043 stories)
    python benchmarks/ingest_memory.py --sizes 200,1000   # a quick look
    python benchmarks/ingest_memory.py --data ../shared/data --json benchmarks/ingest_memory.json

Stories are read as ``benchmarks/throughput.py`` reads them (file order, reut2-000 onwards,
stories with a <BODY>) and written to a temporary JSONL file; the store lives in a temporary
folder too, so nothing is written into the repository but the results file.

Each size runs ``python -m communique ingest FILE --db STORE -v`` under a small monitor
process of its own, so that the peak is that of one ingest alone. Reported per size:

- ``peak_rss_mb``: the ingest's peak resident set (``getrusage(RUSAGE_CHILDREN).ru_maxrss`` in
  the monitor, which covers the ingest and any process it starts);
- ``rss_mb_by_articles``: the resident set (``VmRSS`` from ``/proc``) sampled after each
  committed batch, thinned to about every 1,000 articles: flat means memory does not grow with
  the corpus;
- ``wall_s``: wall time (the machine may be shared: judge memory, not speed, from this file).

The summary compares the peaks: ``peak_growth`` is peak(full) / peak(1000) - 1.
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
SAMPLE_EVERY = 1000


def _rss_mb(pid: int) -> float | None:
    """Return the current resident set of ``pid`` in MB, or None once it has exited."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def monitor(corpus: Path, db: Path) -> dict:
    """Run one ingest as a child of this process; return its peak RSS, RSS samples and wall time."""
    env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    cmd = [sys.executable, "-m", "communique", "ingest", str(corpus), "--db", str(db), "-v"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    samples: dict[str, float] = {}
    tail: list[str] = []
    next_sample = 0
    assert proc.stderr is not None
    for line in proc.stderr:
        m = BATCH.match(line)
        if m:
            done = int(m.group(1))
            rss = _rss_mb(proc.pid)
            if rss is not None and done >= next_sample:
                samples[str(done)] = round(rss, 1)
                next_sample = done + SAMPLE_EVERY
        else:
            tail = (tail + [line.rstrip("\n")])[-20:]
    rc = proc.wait()
    wall = time.perf_counter() - t0
    # ru_maxrss is in kilobytes on Linux; RUSAGE_CHILDREN covers every waited-for descendant.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = next((t for t in reversed(tail) if "articles added" in t), "")
    return {"returncode": rc, "peak_rss_mb": round(peak, 1), "wall_s": round(wall, 1),
            "rss_mb_by_articles": samples, "report": summary, "stderr_tail": tail if rc not in (0, 1) else []}


def measure(stories: list[dict], tmp: Path) -> dict:
    """Write ``stories`` to a JSONL file in ``tmp``, ingest it into a fresh store there, return the figures."""
    corpus = tmp / f"reuters-{len(stories)}.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for s in stories:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    db = tmp / f"store-{len(stories)}.duckdb"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--monitor", str(corpus), "--db", str(db)]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,full", help="comma-separated sizes; 'full' = every story")
    parser.add_argument("--data", type=Path, help="measurement data folder (default ../shared/data)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "ingest_memory.json")
    parser.add_argument("--monitor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.monitor:
        print(json.dumps(monitor(args.monitor, args.db)))
        return 0
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import default_data, stories

    data = args.data or default_data()
    sizes = [None if s.strip() == "full" else int(s) for s in args.sizes.split(",") if s.strip()]
    everything = stories(data, None)
    runs = []
    with tempfile.TemporaryDirectory(prefix="communique-mem-") as tmp:
        for size in sizes:
            r = measure(everything[:size] if size else everything, Path(tmp))
            print(f"{r['stories']:>6} stories: peak RSS {r['peak_rss_mb']} MB, {r['wall_s']} s wall; "
                  f"{r['report']}", file=sys.stderr)
            runs.append(r)
    peaks = {r["stories"]: r["peak_rss_mb"] for r in runs}
    lo, hi = min(peaks), max(peaks)
    result = {
        "corpus": "reuters21578", "date": datetime.now().isoformat(timespec="seconds"),
        "python": sys.version.split()[0], "runs": runs,
        "summary": {"peak_rss_mb": peaks, "peak_growth": round(peaks[hi] / peaks[lo] - 1, 3) if lo != hi else 0.0},
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(f"results written to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
