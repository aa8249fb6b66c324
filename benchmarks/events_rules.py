"""Per-sentence cost of the events stage's rules (roles, conversions, acts) on Reuters-21578.

Usage (from the repository root)::

    python benchmarks/events_rules.py --size 200 --repeat 5
    python benchmarks/events_rules.py --size 500 --json benchmarks/events_rules.json

The first N stories (``throughput.stories``) go once through the stages before events (nlp,
actors, places); the classifier's probabilities for every parsed sentence are computed once.
Then the events detector codes every parsed sentence ``repeat`` times with those
probabilities, so that the figure is the cost of the rules alone (the encoder's cost does not
depend on them; ``throughput.py`` measures it). The actors stage is timed once per story over
the same stories, as it runs in the pipeline. Reported: microseconds per parsed sentence for the
detector (best of the repeats) and per story for the actors stage.

Run with the checkout's ``src`` on PYTHONPATH; to compare two checkouts, run it with each one's.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import default_data, stories  # noqa: E402

from communique.core.article import Article  # noqa: E402
from communique.runtime.pipeline import Pipeline  # noqa: E402


def measure(size: int, repeat: int, data: Path) -> dict:
    """Return the detector's cost per parsed sentence and the actors stage's cost per story."""
    items = stories(data, size)
    arts = [Article(text=s["text"], title=s["title"], date=s["date"], id=s["id"], source="reuters")
            for s in items]
    nlp, actors_stage, places, events = Pipeline.from_settings(stages=["nlp", "actors", "places", "events"]).stages
    parsed = list(nlp.pipe(arts))
    actors_stage(copy.deepcopy(parsed[0]))  # warm-up: the dictionaries load on first use
    t0 = time.perf_counter()
    placed = [actors_stage(a) for a in parsed]
    actors_s = time.perf_counter() - t0
    done = [places(a) for a in placed]
    jobs = [(a, s) for a in done for s in a.sentences if s.parsed]
    probs = events.classifier.predict_proba([s.text for _, s in jobs])
    det = events.detector
    best = float("inf")
    coded = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        coded = 0
        for (a, s), pr in zip(jobs, probs, strict=True):
            coded += len(det.detect(a, s, pr, int(a.date[:4])))
        best = min(best, time.perf_counter() - t0)
    return {"stories": len(items), "parsed_sentences": len(jobs), "events": coded, "repeat": repeat,
            "detector_us_per_sentence": round(1e6 * best / max(1, len(jobs)), 1),
            "actors_us_per_story": round(1e6 * actors_s / max(1, len(items)), 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    result = measure(args.size, args.repeat, args.data or default_data())
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
