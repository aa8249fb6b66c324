"""The quality gate: floors per dataset and metric, pinned in ``baseline.json`` beside this module.

The gate runs each dataset on the subset the baseline names (``limit``: the first N items, so
that the whole test suite stays affordable) and fails when a metric falls below its floor (or,
for lower-is-better metrics such as ``disaster_fp_rate``, rises above its ceiling).

Commands::

    python -m communique.services.eval.gate                  # check every dataset, exit 1 on regression
    python -m communique.services.eval.gate --raise          # re-measure; raise floors that improved
    python -m communique.services.eval.gate --raise --allow-lower   # also lower floors (say why in the commit)
    python -m communique.services.eval.gate --raise -d plover_gsr   # one dataset only

A new floor is the measured value less the baseline's ``margin`` (0.02 in the committed file),
rounded down to 3 decimals (a ceiling: plus the margin, rounded up). The pipeline is
deterministic on one machine; the margin absorbs library and platform noise. Raising never
lowers a floor unless ``--allow-lower`` is given.

Subsets pinned in the baseline (first N items, file order; chosen so that the whole gate takes
about 4 minutes on 2 shared cores): plover_gsr all 173 sentences, conflibert_cameo 400 sentences,
case2021_task2 200 snippets, india_police_events 60 documents (986 sentences), geowebnews 40
articles, conll2003 1,000 dev sentences. ``communique eval DATASET`` without ``--limit`` scores
the full sets.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.services.eval.report import Report

# Packaged with the harness, so an installed communique finds it; --baseline names another file.
BASELINE = Path(__file__).with_name("baseline.json")
LOWER_IS_BETTER = {"disaster_fp_rate"}
DEFAULT_MARGIN = 0.01


@dataclass
class Entry:
    """One dataset's pins: the subset size, floors, ceilings and the figures they came from."""

    limit: int | None = None
    floors: dict[str, float] = field(default_factory=dict)
    ceilings: dict[str, float] = field(default_factory=dict)
    measured: dict[str, float] = field(default_factory=dict)
    measured_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"limit": self.limit, "floors": self.floors, "ceilings": self.ceilings,
                "measured": self.measured, "measured_at": self.measured_at}


@dataclass
class Baseline:
    datasets: dict[str, Entry] = field(default_factory=dict)
    margin: float = DEFAULT_MARGIN
    doc: str = ("Quality-gate floors per dataset and metric (see communique.services.eval.gate). Raise with "
                "`python -m communique.services.eval.gate --raise`; lowering needs --allow-lower.")

    def to_dict(self) -> dict[str, Any]:
        return {"_doc": self.doc, "margin": self.margin,
                "datasets": {k: v.to_dict() for k, v in sorted(self.datasets.items())}}


def load_baseline(path: str | os.PathLike[str] = BASELINE) -> Baseline:
    """Return the baseline pinned at ``path`` (an empty one when the file does not exist)."""
    p = Path(path)
    if not p.exists():
        return Baseline()
    raw = json.loads(p.read_text("utf-8"))
    datasets = {k: Entry(v.get("limit"), dict(v.get("floors", {})), dict(v.get("ceilings", {})),
                         dict(v.get("measured", {})), v.get("measured_at", ""))
                for k, v in raw.get("datasets", {}).items()}
    return Baseline(datasets, float(raw.get("margin", DEFAULT_MARGIN)), raw.get("_doc", Baseline.doc))


def save_baseline(baseline: Baseline, path: str | os.PathLike[str] = BASELINE) -> None:
    Path(path).write_text(json.dumps(baseline.to_dict(), indent=2) + "\n", "utf-8")


def check(report: Report, entry: Entry) -> list[str]:
    """Return one line per regression of ``report`` against ``entry`` (empty when it passes)."""
    out = []
    for metric, floor in entry.floors.items():
        value = report.headline.get(metric)
        if value is None:
            out.append(f"{report.dataset}.{metric}: missing from the report (floor {floor:.3f})")
        elif value < floor - 1e-9:
            out.append(f"{report.dataset}.{metric}: {value:.3f} is below its floor {floor:.3f}")
    for metric, ceiling in entry.ceilings.items():
        value = report.headline.get(metric)
        if value is None:
            out.append(f"{report.dataset}.{metric}: missing from the report (ceiling {ceiling:.3f})")
        elif value > ceiling + 1e-9:
            out.append(f"{report.dataset}.{metric}: {value:.3f} is above its ceiling {ceiling:.3f}")
    return out


def _down(x: float) -> float:
    return max(0.0, math.floor(x * 1000 + 1e-6) / 1000)


def _up(x: float) -> float:
    return min(1.0, math.ceil(x * 1000 - 1e-6) / 1000)


def update(entry: Entry, report: Report, margin: float = DEFAULT_MARGIN,
           allow_lower: bool = False) -> list[str]:
    """Move ``entry``'s pins towards ``report``'s figures; return one line per change.

    Floors only rise (ceilings only fall) unless ``allow_lower`` is given.
    """
    changes = []
    for metric, value in report.headline.items():
        if metric in LOWER_IS_BETTER:
            new, pins, old = _up(value + margin), entry.ceilings, entry.ceilings.get(metric)
            better = old is None or new < old
        else:
            new, pins, old = _down(value - margin), entry.floors, entry.floors.get(metric)
            better = old is None or new > old
        if old is not None and abs(new - old) < 1e-9:
            continue
        if better or allow_lower:
            pins[metric] = new
            kind = "ceiling" if metric in LOWER_IS_BETTER else "floor"
            changes.append(f"{report.dataset}.{metric}: {kind} {'-' if old is None else f'{old:.3f}'} -> {new:.3f}"
                           f" (measured {value:.3f})")
    entry.measured = {k: round(v, 4) for k, v in report.headline.items()}
    entry.measured_at = _dt.date.today().isoformat()
    return changes


def run_gate(datasets: list[str] | None = None, data: str | None = None, baseline_path: str | os.PathLike[str] = BASELINE,
             raise_floors: bool = False, allow_lower: bool = False, limit: int | None = None,
             out: Any = None) -> int:
    """Run the gate (and, with ``raise_floors``, re-pin); return the exit status (0 pass, 1 regression)."""
    from communique.services.eval import DATASETS, render, run

    out = out or sys.stdout
    baseline = load_baseline(baseline_path)
    names = datasets or list(baseline.datasets) or list(DATASETS)
    failures: list[str] = []
    for name in names:
        entry = baseline.datasets.get(name) or Entry(limit=limit)
        if limit is not None:
            entry.limit = limit
        report = run(name, data=data, limit=entry.limit)
        render(report)
        problems = check(report, entry)
        if raise_floors:
            changes = update(entry, report, baseline.margin, allow_lower)
            baseline.datasets[name] = entry
            for c in changes:
                print(f"pinned {c}", file=out)
            problems = check(report, entry)
        for p in problems:
            print(f"REGRESSION {p}", file=out)
        failures += problems
    if raise_floors:
        save_baseline(baseline, baseline_path)
        print(f"baseline written to {baseline_path}", file=out)
    print(f"gate: {'FAIL' if failures else 'pass'} ({len(failures)} regressions over {len(names)} datasets)",
          file=out)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m communique.services.eval.gate", description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--dataset", action="append", help="dataset to check (repeatable; default all)")
    parser.add_argument("--data", help="measurement data folder (default ../shared/data)")
    parser.add_argument("--baseline", default=str(BASELINE), help="baseline file (default: the packaged baseline.json)")
    parser.add_argument("--raise", dest="raise_floors", action="store_true", help="re-pin floors from this run")
    parser.add_argument("--allow-lower", action="store_true", help="with --raise: also lower floors")
    parser.add_argument("--limit", type=int, help="with --raise: change the dataset's pinned subset size")
    args = parser.parse_args(argv)
    if args.allow_lower and not args.raise_floors:
        parser.error("--allow-lower only makes sense with --raise")
    from communique.services.eval.common import DataMissing

    try:
        return run_gate(args.dataset, args.data, args.baseline, args.raise_floors, args.allow_lower, args.limit)
    except (DataMissing, ValueError) as e:
        print(f"Error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
