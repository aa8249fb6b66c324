"""case2021_task2: news snippets with one ACLED-style subtype each, mapped to PLOVER types.

The mapping is the data file ``services/eval/data/case2021_plover.tsv`` (written by us from the
label names; see its header). Per snippet, ours is the top (highest-confidence) event's type, or NONE.

- mapped-type accuracy: over snippets whose subtype maps to a PLOVER type, the share whose top
  event's type is the mapped type or one of its accepted alternatives;
- per-class P/R/F1 and confusion over all scored snippets (mapped ones plus the NONE
  negatives), with an accepted alternative counted as the mapped type;
- disaster false-positive rate: the share of NATURAL_DISASTER / MAN_MADE_DISASTER snippets
  (mapped to NONE) where any event was coded; each such event is a false positive;
- subtypes mapped to ``-`` (no PLOVER counterpart) only enter the event-detection rate;
- filter_dropped: the share of mapped snippets (with a PLOVER type) whose every sentence the
  candidate filter skipped.

Snippets carry no date; the article date is the fixed 2019-01-01 (the task's news years).
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.core.article import Article
from communique.core.config import Settings
from communique.core.resources import read_tsv
from communique.runtime.pipeline import Pipeline
from communique.services.eval import split
from communique.services.eval.common import (
    dataset_file,
    failed,
    filter_dropped,
    run_pipeline,
    scored,
    top_event,
)
from communique.services.eval.metrics import NONE, classify, reliability
from communique.services.eval.report import Report, Table

DEFAULT_DATE = "2019-01-01"
UNMAPPED = "-"


@dataclass
class SubtypeMap:
    plover: str  # a PLOVER type, NONE, or "-"
    also: tuple[str, ...] = ()
    mode: str | None = None

    @property
    def accepted(self) -> set[str]:
        return {self.plover, *self.also}


@dataclass
class Snippet:
    id: str
    text: str
    subtype: str


def split_key(snippet: Snippet) -> str:
    """Return the snippet's tune/check split key: its text."""
    return snippet.text


@lru_cache(maxsize=1)
def read_mapping() -> dict[str, SubtypeMap]:
    """Return subtype -> SubtypeMap from the packaged mapping file ``data/case2021_plover.tsv``."""
    out: dict[str, SubtypeMap] = {}
    for row in read_tsv(__package__, "case2021_plover.tsv", ("subtype", "plover", "also", "mode")):
        if not row["subtype"] or not row["plover"]:
            raise row.fail("every row needs a subtype and a plover column")
        if row["subtype"] in out:
            raise row.fail(f"subtype {row['subtype']} is mapped twice")
        also = tuple(a.strip() for a in row["also"].split(",") if a.strip() not in ("", UNMAPPED))
        mode = row["mode"]
        out[row["subtype"]] = SubtypeMap(row["plover"], also, None if mode in ("", UNMAPPED) else mode)
    return out


def load(root: Path, limit: int | None = None) -> list[Snippet]:
    """Return the dev snippets (id, text, subtype), the first ``limit`` when given."""
    path = dataset_file(root, "case2021_task2", "case2021_task2_dev.tsv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = [Snippet(r["id"], r["EventSnippet"], r["SubType"].strip()) for r in rows if r.get("EventSnippet")]
    return out[:limit] if limit else out


def score(snippets: list[Snippet], articles: list[Article], mistakes: bool = False) -> Report:
    """Return the case2021_task2 report of ``snippets`` coded as ``articles`` (see the module docstring)."""
    mapping = read_mapping()
    unknown = sorted({s.subtype for s in snippets if s.subtype not in mapping})
    gold, pred = [], []
    right = mapped = disasters = disaster_hit = disaster_events = detected = detect_total = 0
    by_subtype: dict[str, Counter] = {}
    calib: list[tuple[float, bool]] = []
    wrong: list[list[Any]] = []
    event_articles: list[Article] = []
    for s, art in zip(snippets, articles, strict=True):
        m = mapping.get(s.subtype)
        if m is None:
            continue
        top = top_event(art.events)
        p = top.type if top else NONE
        by_subtype.setdefault(s.subtype, Counter())[p] += 1
        if m.plover == UNMAPPED:
            detect_total += 1
            detected += bool(art.events)
            continue
        for e in art.events:
            calib.append((e.confidence, e.type in m.accepted))
        if m.plover == NONE:
            disasters += 1
            disaster_hit += bool(art.events)
            disaster_events += len(art.events)
        else:
            mapped += 1
            right += p in m.accepted
            detect_total += 1
            detected += bool(art.events)
            event_articles.append(art)
        if mistakes and p not in m.accepted and not (m.plover == NONE and not art.events):
            wrong.append([s.id, s.subtype, "/".join(sorted(m.accepted)),
                          ", ".join(f"{e.type} {e.confidence:.2f}" for e in art.events) or NONE, s.text])
        gold.append(m.plover)
        pred.append(m.plover if p in m.accepted else p)
    result = classify(gold, pred)
    report = Report("case2021_task2", items=len(snippets), errors=failed(articles))
    report.headline = {
        "mapped_type_accuracy": right / mapped if mapped else 0.0,
        "type_macro_f1": result.macro()["f1"],
        "type_micro_f1": result.micro.f1,
        "event_detected": detected / detect_total if detect_total else 0.0,
        "disaster_fp_rate": disaster_hit / disasters if disasters else 0.0,
        "filter_dropped": filter_dropped(event_articles),
    }
    report.add_classification("mapped PLOVER type (NONE = no event)", result)
    rows = []
    for sub, counts in sorted(by_subtype.items()):
        m = mapping[sub]
        total = sum(counts.values())
        ok = sum(c for t, c in counts.items() if t in m.accepted) if m.plover != UNMAPPED else ""
        rows.append([sub, m.plover, total, ok, ", ".join(f"{t} {c}" for t, c in counts.most_common(4))])
    report.tables.append(Table("per subtype: top event type", ["subtype", "maps to", "snippets", "right", "ours"],
                               rows))
    report.add_reliability("calibration: every coded event, correct when its type is accepted for the "
                           "subtype (any event on a disaster snippet is wrong)", reliability(calib))
    report.notes += [
        f"{mapped} snippets with a mapped type, {disasters} disaster negatives "
        f"({disaster_events} events coded on them), {len(snippets) - mapped - disasters} unmapped",
        "mapping: src/communique/services/eval/data/case2021_plover.tsv; accepted alternatives count as right",
        "disaster_fp_rate and filter_dropped are lower-is-better: the gate pins ceilings for them",
    ]
    if unknown:
        report.notes.append(f"subtypes missing from the mapping (skipped): {', '.join(unknown)}")
    if mistakes:
        report.mistakes = Table(f"mistakes ({len(wrong)}): top event not of an accepted type, or an event on a "
                                "disaster snippet", ["id", "subtype", "accepted", "ours", "snippet"], wrong)
    return report


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None, *, half: str | None = None,
             errors: bool = False, settings: Settings | None = None) -> Report:
    """Return the case2021_task2 report: mapped-type accuracy, disaster FP rate, calibration."""
    snippets = split.select(load(root, limit), split_key, half)
    t0 = time.perf_counter()
    articles = run_pipeline((Article(text=s.text, date=DEFAULT_DATE, id=f"case2021-{s.id}", source="case2021_task2")
                             for s in snippets), pipeline, settings)
    return scored(score, snippets, articles, split_key, limit=limit, seconds=time.perf_counter() - t0,
                  half=half, errors=errors)
