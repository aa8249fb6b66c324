"""What clustering mentions into events costs within an ingest, on Reuters-21578.

Usage (from the repository root)::

    python benchmarks/cluster.py                    # 500 stories
    python benchmarks/cluster.py --sizes 500,5000 --json benchmarks/cluster.json

For each size N the first N stories with a body (``throughput.stories``) are ingested into a
fresh store in a temporary folder with the packaged pipeline; the ingest report says how long
``plan_batch`` (blocking query, scoring, merges) took. Reported: ingest seconds, clustering
seconds and their share, mentions and events stored, comparisons are not counted here (see
tests/test_cluster.py for the blocking bound), and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import default_data, peak_rss_mb, stories  # noqa: E402


def measure(size: int, data: Path) -> dict:
    """Return the figures of one ingest of ``size`` stories."""
    from communique.core.article import Article
    from communique.core.config import load_settings
    from communique.io.store import Store
    from communique.runtime.pipeline import Pipeline
    from communique.services.ingest import ingest

    settings = load_settings()
    items = [Article(text=s["text"], date=s["date"], title=s.get("title"), id=s.get("id", ""), source="reuters")
             for s in stories(data, size)]
    pipeline = Pipeline.from_settings(settings)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        t0 = time.perf_counter()
        report = ingest(items, store, pipeline, settings["pipeline"]["batch_size"], window=settings["ingest"]["window"])
        seconds = time.perf_counter() - t0
        mentions, events = store.count("mentions"), store.count("events")
    return {"stories": len(items), "ingest_s": round(seconds, 2), "cluster_s": round(report.cluster_seconds, 3),
            "cluster_share": round(report.cluster_seconds / seconds, 4) if seconds else 0.0,
            "mentions": mentions, "events": events, "peak_rss_mb": round(peak_rss_mb(), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="500")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    data = args.data or default_data()
    results = [measure(int(n), data) for n in args.sizes.split(",")]
    for r in results:
        print(json.dumps(r))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
