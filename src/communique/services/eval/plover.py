"""plover_gsr: PLOVER gold-standard records (dev half), one sentence each.

Scored per record, on the event coded for the sentence:
- type: the top (highest-confidence) event's type against the gold type, with the GSR's old
  labels mapped to the 16 PLOVER types (DEMAND->REQUEST, DISAPPROVE->ACCUSE mode disapprove,
  INVESTIGATE->ACCUSE mode investigate, FIGHT->ASSAULT); no event counts as NONE;
- source/target country: ISO3 sets of the gold source/target actors (CAMEO codes JAP/ITL mapped,
  IGO/NGO/IMG dropped) against the aligned event's actors/recipients;
- sector: the first three letters of the gold sector (COP->POL, CIV->CVL, *** dropped);
- mode: where the record gives one (or the mapping implies one), exact match.

The aligned event is the most confident event of the gold type, else the top event
(``common.aligned_event``). Every GSR date is the placeholder 2000-01-01, used as the article date.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.core.article import Article
from communique.runtime.pipeline import Pipeline
from communique.services.eval.common import aligned_event, dataset_file, iso3, run_pipeline, top_event
from communique.services.eval.metrics import NONE, PRF, classify, reliability, set_prf
from communique.services.eval.report import Report

DEFAULT_DATE = "2000-01-01"
OLD_LABELS = {
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", "disapprove"),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "FIGHT": ("ASSAULT", None),
}
SECTOR_CODES = {"COP": "POL", "CIV": "CVL"}


@dataclass
class GsrRecord:
    id: str
    text: str
    date: str
    type: str
    mode: str | None
    sources: list[str] = field(default_factory=list)  # ISO3
    targets: list[str] = field(default_factory=list)
    source_sectors: list[str] = field(default_factory=list)
    target_sectors: list[str] = field(default_factory=list)


def map_label(event: str, mode: str | None) -> tuple[str, str | None]:
    """Return (PLOVER type, mode) for a GSR label, mapping the old labels."""
    event = event.strip().upper()
    if event in OLD_LABELS:
        new, implied = OLD_LABELS[event]
        return new, mode or implied
    return event, mode


def sector(code: Any) -> str | None:
    if not isinstance(code, str) or not code.strip() or code.strip().startswith("*"):
        return None
    s = code.strip().upper()[:3]
    return SECTOR_CODES.get(s, s)


def _actors(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [a for a in value if isinstance(a, dict)]
    return []


def parse(records: list[dict[str, Any]]) -> list[GsrRecord]:
    """Return GsrRecords from the raw GSR JSON list."""
    out = []
    for r in records:
        mode = r.get("mode") or None
        etype, mode = map_label(r["event"], mode)
        src, tar = _actors(r.get("source")), _actors(r.get("target"))
        out.append(GsrRecord(
            id=r.get("id", str(len(out))),
            text=r["text"].strip(),
            date=r.get("date") or DEFAULT_DATE,
            type=etype,
            mode=mode,
            sources=sorted({c for a in src if (c := iso3(a.get("code")))}),
            targets=sorted({c for a in tar if (c := iso3(a.get("code")))}),
            source_sectors=sorted({s for a in src if (s := sector(a.get("sector")))}),
            target_sectors=sorted({s for a in tar if (s := sector(a.get("sector")))}),
        ))
    return out


def load(root: Path, limit: int | None = None) -> list[GsrRecord]:
    """Return the GSR dev records under ``root/plover_gsr`` (the first ``limit`` when given)."""
    raw = json.loads(dataset_file(root, "plover_gsr", "plover_gsr_dev.json").read_text("utf-8"))
    return parse(raw)[:limit] if limit else parse(raw)


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None) -> Report:
    """Return the plover_gsr report: type, country, sector and mode scores, and calibration."""
    records = load(root, limit)
    t0 = time.perf_counter()
    articles = run_pipeline(
        (Article(text=r.text, date=r.date or DEFAULT_DATE, id=r.id, source="plover_gsr") for r in records),
        pipeline,
    )
    seconds = time.perf_counter() - t0
    gold_types, pred_types = [], []
    roles = {"source country": PRF(), "target country": PRF(), "source sector": PRF(), "target sector": PRF()}
    mode_right = mode_total = detected = 0
    calib: list[tuple[float, bool]] = []
    for rec, art in zip(records, articles, strict=True):
        top = top_event(art.events)
        gold_types.append(rec.type)
        pred_types.append(top.type if top else NONE)
        detected += bool(art.events)
        for e in art.events:
            calib.append((e.confidence, e.type == rec.type))
        ev = aligned_event(art.events, [rec.type])
        actors = ev.actors if ev else []
        recips = ev.recipients if ev else []
        roles["source country"].add(set_prf(rec.sources, {c for a in actors if (c := iso3(a.country))}))
        roles["target country"].add(set_prf(rec.targets, {c for a in recips if (c := iso3(a.country))}))
        roles["source sector"].add(set_prf(rec.source_sectors, {s for a in actors if (s := sector(a.sector))}))
        roles["target sector"].add(set_prf(rec.target_sectors, {s for a in recips if (s := sector(a.sector))}))
        if rec.mode:
            mode_total += 1
            mode_right += bool(ev and ev.type == rec.type and (ev.mode or "").lower() == rec.mode.lower())
    types = classify(gold_types, pred_types)
    sectors = PRF()
    sectors.add(roles["source sector"])
    sectors.add(roles["target sector"])
    report = Report("plover_gsr", items=len(records), limit=limit, seconds=seconds,
                    errors=sum(a.failed for a in articles))
    report.headline = {
        "type_accuracy": types.accuracy,
        "type_macro_f1": types.macro()["f1"],
        "type_micro_f1": types.micro.f1,
        "event_detected": detected / len(records) if records else 0.0,
        "source_country_f1": roles["source country"].f1,
        "target_country_f1": roles["target country"].f1,
        "sector_f1": sectors.f1,
        "mode_accuracy": mode_right / mode_total if mode_total else 0.0,
    }
    report.add_classification("event type", types)
    report.add_prf("actors of the aligned event", {**roles, "sector (both roles)": sectors})
    report.add_reliability("calibration: every coded event, correct when its type is the gold type",
                           reliability(calib))
    report.notes += [
        f"mode accuracy over {mode_total} records with a gold mode (type must match too)",
        "type = top event per sentence (NONE when no event); actors/sectors from the aligned event",
        f"article date: the records' own date (all {DEFAULT_DATE}, a placeholder)",
    ]
    return report
