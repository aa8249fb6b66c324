"""plover_gsr: PLOVER gold-standard records (dev half), one sentence each.

Scored per record, on the event coded for the sentence:
- type: the top (highest-confidence) event's type against the gold type, with the GSR's old
  labels mapped to the 16 PLOVER types (``data/plover_scoring.yaml``: DEMAND->REQUEST,
  DISAPPROVE->ACCUSE mode disapprove, INVESTIGATE->ACCUSE mode investigate, FIGHT->ASSAULT);
  no event counts as NONE;
- source/target country: ISO3 sets of the gold source/target actors (CAMEO codes through the
  harness's one table, ``common.iso3``; IGO/NGO/IMG dropped) against the aligned event's
  actors/recipients;
- sector: the first three letters of the gold sector (COP->POL, CIV->CVL, JRN->MED, *** dropped);
  ELI (PLOVER/CAMEO "elites": former officials out of office) is compared as itself: the actors
  stage gives it to a person the dictionary of political actors knows out of office on the
  article's date, and to a "former" office title; a gold ELI needs ours ELI, and ours ELI
  against a gold GOV is a miss (no folding of ELI into GOV on either side);
- mode: where the record gives one (or the mapping implies one), exact match;
- filter_dropped: the share of records whose every sentence the candidate filter skipped.

The aligned event is the most confident event of the gold type, else the top event
(``common.aligned_event``). Every GSR date is the placeholder 2000-01-01, used as the article date.

The triple and the event-level countries (issue 11's measures), per record; a country counts when
it is one of the gold ISO3 codes of that side (a record with two gold sources needs one of them):
- event_source_country: over records with a gold source country, the share whose aligned event
  has a gold source country among its ``actors``;
- event_target_country: over records with a gold target country, the share whose aligned event
  has a gold target country among its ``recipients``;
- triple: over records with a gold source and a gold target country, the share with one event
  (any of the sentence's events, not only the most confident) that has the gold type, a gold
  source country among its actors and a gold target country among its recipients. It is
  directed: an event coded the other way round (target acting, source receiving) misses.
These are accuracies over records, unlike source/target_country_f1, which are set P/R/F1 over the
aligned event's countries (a wrong extra country costs precision there, nothing here).

Actor resolution is scored apart from events, on every resolved actor mention (``article.actors``):
each gold actor with a country code is located in the sentence by its ``actorText`` (gold texts
may elide words with "..."), and the resolved actor over that span (one with the gold country
first, else the best overlap) is compared with it:
- actor_source_country_accuracy: gold source actors resolved to the right country;
- actor_participant_country_recall: the same over source and target actors;
- actor_sector_accuracy: gold actors with a sector whose resolved actor has that sector.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.core.article import Actor, Article, Event, Participant
from communique.core.config import Settings
from communique.core.resources import read_yaml
from communique.runtime.pipeline import Pipeline
from communique.services.eval import split
from communique.services.eval.common import (
    aligned_event,
    dataset_file,
    failed,
    filter_dropped,
    iso3,
    run_pipeline,
    scored,
    top_event,
)
from communique.services.eval.metrics import NONE, PRF, classify, reliability, set_prf
from communique.services.eval.report import Report, Table
from communique.stages.actors.stage import actors_in

DEFAULT_DATE = "2000-01-01"


@dataclass
class GoldActor:
    """One gold source or target actor: its text in the sentence, ISO3 country and sector."""

    role: str  # "source" or "target"
    text: str
    country: str | None
    sector: str | None


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
    actors: list[GoldActor] = field(default_factory=list)


def split_key(record: GsrRecord) -> str:
    """Return the record's tune/check split key: its sentence text."""
    return record.text


@lru_cache(maxsize=1)
def _mapping() -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """Return (old label -> (type, implied mode), CAMEO sector -> ours) from ``data/plover_scoring.yaml``."""
    doc = read_yaml(__package__, "plover_scoring.yaml")
    labels: dict[str, tuple[str, str | None]] = {}
    for label, spec in (doc.get("labels") or {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
            raise doc.fail(f"label {label!r} needs a 'type'", "labels", label)
        labels[str(label).upper()] = (spec["type"], spec.get("mode"))
    sectors = {str(k).upper(): str(v).upper() for k, v in (doc.get("sectors") or {}).items()}
    return labels, sectors


def map_label(event: str, mode: str | None) -> tuple[str, str | None]:
    """Return (PLOVER type, mode) for a GSR label, mapping the old labels."""
    event = event.strip().upper()
    labels, _ = _mapping()
    if event in labels:
        new, implied = labels[event]
        return new, mode or implied
    return event, mode


def sector(code: Any) -> str | None:
    """Return our sector code for a CAMEO sector (its first three letters), or None when unknown."""
    if not isinstance(code, str) or not code.strip() or code.strip().startswith("*"):
        return None
    s = code.strip().upper()[:3]
    return _mapping()[1].get(s, s)


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
            actors=[GoldActor(role, str(a.get("actorText") or ""), iso3(a.get("code")), sector(a.get("sector")))
                    for role, group in (("source", src), ("target", tar)) for a in group],
        ))
    return out


def load(root: Path, limit: int | None = None) -> list[GsrRecord]:
    """Return the GSR dev records under ``root/plover_gsr`` (the first ``limit`` when given)."""
    raw = json.loads(dataset_file(root, "plover_gsr", "plover_gsr_dev.json").read_text("utf-8"))
    return parse(raw)[:limit] if limit else parse(raw)


def locate(text: str, actor_text: str) -> tuple[int, int] | None:
    """Return the span of a gold actor text in the sentence (gold texts may elide words with "...")."""
    parts = [p.strip() for p in actor_text.replace("  ", " ").split("...") if p.strip()]
    if not parts:
        return None
    start = text.find(parts[0])
    if start < 0:
        start = text.lower().find(parts[0].lower())
        if start < 0:
            return None
    end = start + len(parts[0])
    for p in parts[1:]:
        k = text.find(p, end)
        if k >= 0:
            end = k + len(p)
    return start, end


def resolved(article: Article, gold: GoldActor) -> tuple[bool, Actor | None]:
    """Return (whether the gold actor's text is in the sentence, the resolved actor over it).

    The actor is one with the gold country where there is one, else the best overlap.
    """
    span = locate(article.text, gold.text)
    if span is None:
        return False, None
    hits = actors_in(article, *span)
    for a in hits:
        if gold.country is not None and a.country == gold.country:
            return True, a
    return True, hits[0] if hits else None


def _share(c: list[int]) -> float:
    return c[0] / c[1] if c[1] else 0.0


def _actor_text(a: Actor | None) -> str:
    return f"{a.text!r} {a.country}/{a.sector} ({a.basis})" if a else "nothing"


def _countries(parts: list[Participant]) -> set[str]:
    return {c for p in parts if (c := iso3(p.country))}


def dyad(rec: GsrRecord, events: list[Event]) -> dict[str, bool | None]:
    """Return the record's event-level measures: ``source``, ``target``, ``triple`` (None: not scored).

    ``source``/``target``: a gold source (target) country among the aligned event's actors
    (recipients); ``triple``: one event of the gold type with both (see the module docstring).
    """
    ev = aligned_event(events, [rec.type])
    src, tar = set(rec.sources), set(rec.targets)
    out: dict[str, bool | None] = {"source": None, "target": None, "triple": None}
    if src:
        out["source"] = ev is not None and bool(src & _countries(ev.actors))
    if tar:
        out["target"] = ev is not None and bool(tar & _countries(ev.recipients))
    if src and tar:
        out["triple"] = any(e.type == rec.type and src & _countries(e.actors) and tar & _countries(e.recipients)
                            for e in events)
    return out


def _event_text(e: Event | None) -> str:
    if e is None:
        return "no event"
    return f"{e.type} {sorted(_countries(e.actors))}->{sorted(_countries(e.recipients))}"


def score(records: list[GsrRecord], articles: list[Article], mistakes: bool = False) -> Report:
    """Return the plover_gsr report of ``records`` coded as ``articles`` (see the module docstring)."""
    gold_types, pred_types = [], []
    roles = {"source country": PRF(), "target country": PRF(), "source sector": PRF(), "target sector": PRF()}
    mode_right = mode_total = detected = 0
    calib: list[tuple[float, bool]] = []
    # Actor resolution: role -> [right, scored]; "sector" over both roles.
    actor = {"source": [0, 0], "target": [0, 0], "sector": [0, 0]}
    # Event level (``dyad``): measure -> [right, scored].
    level = {"source": [0, 0], "target": [0, 0], "triple": [0, 0]}
    wrong: list[list[Any]] = []
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
        for k, ok in dyad(rec, art.events).items():
            if ok is not None:
                level[k][0] += ok
                level[k][1] += 1
                if mistakes and not ok:
                    wrong.append([rec.id, f"event {k}", f"{rec.type} {rec.sources}->{rec.targets}", _event_text(ev),
                                  rec.text])
        if rec.mode:
            mode_total += 1
            mode_right += bool(ev and ev.type == rec.type and (ev.mode or "").lower() == rec.mode.lower())
        if mistakes and pred_types[-1] != rec.type:
            wrong.append([rec.id, "type", rec.type, pred_types[-1], rec.text])
        for g in rec.actors:
            if g.country is None:
                continue
            located, a = resolved(art, g)
            if not located:
                continue
            ok = a is not None and a.country == g.country
            actor[g.role][0] += ok
            actor[g.role][1] += 1
            sector_ok = None
            if g.sector is not None:
                sector_ok = a is not None and a.sector == g.sector
                actor["sector"][0] += sector_ok
                actor["sector"][1] += 1
            if mistakes and (not ok or sector_ok is False):
                wrong.append([rec.id, f"{g.role} actor", f"{g.text!r} {g.country}/{g.sector}", _actor_text(a),
                              rec.text])
    types = classify(gold_types, pred_types)
    sectors = PRF()
    sectors.add(roles["source sector"])
    sectors.add(roles["target sector"])
    both = [actor["source"][0] + actor["target"][0], actor["source"][1] + actor["target"][1]]
    report = Report("plover_gsr", items=len(records), errors=failed(articles))
    report.headline = {
        "type_accuracy": types.accuracy,
        "type_macro_f1": types.macro()["f1"],
        "type_micro_f1": types.micro.f1,
        "event_detected": detected / len(records) if records else 0.0,
        "source_country_f1": roles["source country"].f1,
        "target_country_f1": roles["target country"].f1,
        "sector_f1": sectors.f1,
        "mode_accuracy": mode_right / mode_total if mode_total else 0.0,
        "event_source_country": _share(level["source"]),
        "event_target_country": _share(level["target"]),
        "triple": _share(level["triple"]),
        "actor_source_country_accuracy": _share(actor["source"]),
        "actor_participant_country_recall": _share(both),
        "actor_sector_accuracy": _share(actor["sector"]),
        "filter_dropped": filter_dropped(articles),
    }
    report.add_classification("event type", types)
    report.add_prf("actors of the aligned event", {**roles, "sector (both roles)": sectors})
    report.tables.append(Table(
        "event level: the aligned event's countries; the triple over any event (see the module docstring)",
        ["measure", "right", "scored", "share"],
        [["source country among the actors", *level["source"], _share(level["source"])],
         ["target country among the recipients", *level["target"], _share(level["target"])],
         ["triple: gold type, source in actors, target in recipients", *level["triple"],
          _share(level["triple"])]]))
    report.tables.append(Table(
        "actor resolution (every resolved mention over a gold actor's text)",
        ["gold actors", "right", "scored", "share"],
        [["source country", *actor["source"], _share(actor["source"])],
         ["target country", *actor["target"], _share(actor["target"])],
         ["participant country (both roles)", *both, _share(both)],
         ["sector (both roles)", *actor["sector"], _share(actor["sector"])]]))
    report.add_reliability("calibration: every coded event, correct when its type is the gold type",
                           reliability(calib))
    report.notes += [
        f"mode accuracy over {mode_total} records with a gold mode (type must match too)",
        "type = top event per sentence (NONE when no event); actors/sectors from the aligned event",
        "event_* figures: the aligned event's actors/recipients; triple: one event with type, source and "
        "target (records with a gold source and target country)",
        "actor_* figures: resolved actor mentions over the gold actor texts, events aside",
        "filter_dropped: records whose every sentence the candidate filter skipped (lower is better)",
        f"article date: the records' own date (all {DEFAULT_DATE}, a placeholder)",
    ]
    if mistakes:
        report.mistakes = Table(f"mistakes ({len(wrong)}): wrong top-event type, an event-level country or "
                                "triple missed, or an actor resolved to the wrong country or sector", ["id", "what", "gold", "ours", "sentence"], wrong)
    return report


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None, *, half: str | None = None,
             errors: bool = False, settings: Settings | None = None) -> Report:
    """Return the plover_gsr report: type, country, sector, mode and actor scores, and calibration."""
    records = split.select(load(root, limit), split_key, half)
    t0 = time.perf_counter()
    articles = run_pipeline(
        (Article(text=r.text, date=r.date or DEFAULT_DATE, id=r.id, source="plover_gsr") for r in records),
        pipeline, settings,
    )
    return scored(score, records, articles, split_key, limit=limit, seconds=time.perf_counter() - t0,
                  half=half, errors=errors)
