"""The quality gate: floors per dataset, metric and half, pinned in ``baseline.json`` beside this module.

The gate runs each dataset on the subset the baseline names (``limit``: the first N items, so
that the whole test suite stays affordable) and fails when a metric falls below its floor (or,
for lower-is-better metrics such as ``disaster_fp_rate``, rises above its ceiling). Each metric
is pinned three times: over the whole subset (``type_accuracy``) and over its tune and check
halves (``type_accuracy@tune``, ``type_accuracy@check``; ``split`` decides the halves). The
halves come from the same run, split after scoring: the gate costs no more than one pass.

The baseline is the packaged ``baseline.json`` (found through this package, so an installed
communique has it), or the file ``--baseline PATH`` names. A named file that does not exist is
an error (E503), except with ``--raise``, which creates it.

Commands::

    python -m communique.services.eval.gate                  # check every dataset, exit 1 on regression
    python -m communique.services.eval.gate --raise          # re-measure; raise floors that improved
    python -m communique.services.eval.gate --raise --allow-lower   # also lower floors (say why in the commit)
    python -m communique.services.eval.gate --raise -d plover_gsr   # one dataset only
    communique eval plover_gsr --update-baseline             # the same as --raise -d plover_gsr

A new floor is the measured value less the baseline's ``margin`` (0.02 in the committed file),
rounded down to 3 decimals (a ceiling: plus the margin, rounded up). The pipeline is
deterministic on one machine; the margin absorbs library and platform noise. Raising never
lowers a floor unless ``--allow-lower`` is given.

Subsets pinned in the baseline (first N items, file order; chosen so that the whole gate takes
about 4 minutes on 2 shared cores): plover_gsr all 173 sentences, conflibert_cameo 400 sentences,
case2021_task2 200 snippets, india_police_events 60 documents (986 sentences), geowebnews 40
articles, lgl_dev 100 articles, conll2003 1,000 dev sentences, dedup all 304 reports (the project's own set, clustered into
events). Each subset is split into its tune and check halves
after the one run (about half of each). ``communique eval DATASET`` without ``--limit`` scores
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

from communique.core.errors import CommuniqueError, EvalError
from communique.services.eval.report import Report

# Packaged with the harness, so an installed communique finds it; --baseline names another file.
BASELINE = Path(__file__).with_name("baseline.json")
LOWER_IS_BETTER = {"disaster_fp_rate", "filter_dropped", "events_per_incident", "hard_negative_merges", "passing_joins"}
DEFAULT_MARGIN = 0.01
DOC = ("Quality-gate floors per dataset and metric, over the whole pinned subset and over its tune and "
       "check halves (metric@tune, metric@check); see communique.services.eval.gate. Raise with "
       "`python -m communique.services.eval.gate --raise`; lowering needs --allow-lower.")


def lower_is_better(metric: str) -> bool:
    """Return True for metrics pinned by a ceiling (``disaster_fp_rate``, ``filter_dropped@check``, ...)."""
    return metric.split("@", 1)[0] in LOWER_IS_BETTER


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

    def to_dict(self) -> dict[str, Any]:
        return {"_doc": DOC, "margin": self.margin,
                "datasets": {k: v.to_dict() for k, v in sorted(self.datasets.items())}}


def load_baseline(path: str | os.PathLike[str] = BASELINE, missing_ok: bool = False) -> Baseline:
    """Return the baseline pinned at ``path``.

    A missing file is EvalError E503, or an empty Baseline with ``missing_ok`` (``--raise``
    creates it); a file that is not a baseline is E503 too.
    """
    p = Path(path)
    if not p.is_file():
        if missing_ok:
            return Baseline()
        raise EvalError(f"{p}: no such baseline file. Give --baseline the path of a baseline.json "
                        "(the packaged one is used without it), or pin a new one with --raise.", code="E503")
    try:
        raw = json.loads(p.read_text("utf-8"))
        datasets = {k: Entry(v.get("limit"), dict(v.get("floors", {})), dict(v.get("ceilings", {})),
                             dict(v.get("measured", {})), v.get("measured_at", ""))
                    for k, v in raw.get("datasets", {}).items()}
        return Baseline(datasets, float(raw.get("margin", DEFAULT_MARGIN)))
    except (ValueError, AttributeError, TypeError) as e:
        raise EvalError(f"{p}: not a quality-gate baseline ({e}). Restore it from git, or pin a new one "
                        "with --raise.", code="E503") from None


def save_baseline(baseline: Baseline, path: str | os.PathLike[str] = BASELINE) -> None:
    Path(path).write_text(json.dumps(baseline.to_dict(), indent=2) + "\n", "utf-8")


def check(report: Report, entry: Entry) -> list[str]:
    """Return one line per regression of ``report`` against ``entry`` (empty when it passes).

    Whole-set and per-half figures (``report.figures()``) are checked alike.
    """
    out = []
    figures = report.figures()
    for metric, floor in entry.floors.items():
        value = figures.get(metric)
        if value is None:
            out.append(f"{report.dataset}.{metric}: missing from the report (floor {floor:.3f})")
        elif value < floor - 1e-9:
            out.append(f"{report.dataset}.{metric}: {value:.3f} is below its floor {floor:.3f}")
    for metric, ceiling in entry.ceilings.items():
        value = figures.get(metric)
        if value is None:
            out.append(f"{report.dataset}.{metric}: missing from the report (ceiling {ceiling:.3f})")
        elif value > ceiling + 1e-9:
            out.append(f"{report.dataset}.{metric}: {value:.3f} is above its ceiling {ceiling:.3f}")
    return out


def _down(x: float) -> float:
    return max(0.0, math.floor(x * 1000 + 1e-6) / 1000)


def _up(x: float) -> float:
    # Rates stay within 1; counts and ratios above 1 (dedup's events per incident, merges) do not.
    up = math.ceil(x * 1000 - 1e-6) / 1000
    return up if x > 1.0 else min(1.0, up)


def update(entry: Entry, report: Report, margin: float = DEFAULT_MARGIN,
           allow_lower: bool = False) -> list[str]:
    """Move ``entry``'s pins towards ``report``'s figures (whole and per half); return one line per change.

    Floors only rise (ceilings only fall) unless ``allow_lower`` is given.
    """
    changes = []
    figures = report.figures()
    for metric, value in figures.items():
        if lower_is_better(metric):
            new, pins, old = _up(value + margin), entry.ceilings, entry.ceilings.get(metric)
            better = old is None or new < old
        else:
            new, pins, old = _down(value - margin), entry.floors, entry.floors.get(metric)
            better = old is None or new > old
        if old is not None and abs(new - old) < 1e-9:
            continue
        if better or allow_lower:
            pins[metric] = new
            kind = "ceiling" if lower_is_better(metric) else "floor"
            changes.append(f"{report.dataset}.{metric}: {kind} {'-' if old is None else f'{old:.3f}'} -> {new:.3f}"
                           f" (measured {value:.3f})")
    order = list(figures)
    entry.floors = dict(sorted(entry.floors.items(), key=lambda kv: _rank(order, kv[0])))
    entry.ceilings = dict(sorted(entry.ceilings.items(), key=lambda kv: _rank(order, kv[0])))
    entry.measured = {k: round(v, 4) for k, v in figures.items()}
    entry.measured_at = _dt.date.today().isoformat()
    return changes


def _rank(order: list[str], metric: str) -> tuple[int, str]:
    return (order.index(metric) if metric in order else len(order), metric)


def run_gate(datasets: list[str] | None = None, data: str | None = None, baseline_path: str | os.PathLike[str] = BASELINE,
             raise_floors: bool = False, allow_lower: bool = False, limit: int | None = None,
             out: Any = None) -> int:
    """Run the gate (and, with ``raise_floors``, re-pin); return the exit status (0 pass, 1 regression)."""
    from communique.services.eval import DATASETS, render, run

    out = out or sys.stdout
    baseline = load_baseline(baseline_path, missing_ok=raise_floors)
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
    try:
        return run_gate(args.dataset, args.data, args.baseline, args.raise_floors, args.allow_lower, args.limit)
    except CommuniqueError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
