"""Shared pieces of the dataset evaluations: where the data is, running and scoring the pipeline, the
event a sentence label is compared with (``top_event``), and the one CAMEO-to-ISO country table."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.core.article import Article, Event
from communique.core.config import Settings, load_settings
from communique.core.errors import EvalError
from communique.core.resources import read_tsv
from communique.runtime.pipeline import Pipeline
from communique.services.eval import split
from communique.services.eval.report import Report, Table, half_gaps

# Where a source checkout keeps the measurement data: ``../shared/data`` beside the repository.
# Found by walking up from this file, so it works from an editable install and never from a
# wheel (which has no such neighbour); ``--data`` or $COMMUNIQUE_DATA always win.
SEARCH_FROM = Path(__file__).resolve().parent
DATA_ENV = "COMMUNIQUE_DATA"


class DataMissing(EvalError):
    """A measurement data set is not where we looked for it."""


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the measurement data folder.

    Order: ``explicit`` (``--data``), ``$COMMUNIQUE_DATA``, ``../shared/data`` relative to the
    current directory, then ``../shared/data`` relative to the repository root.
    """
    if explicit:
        p = Path(explicit)
        if not p.is_dir():
            raise DataMissing(f"{p}: no such data folder. Point --data at the folder that holds "
                              "plover_gsr/, conll2003/, ... (usually ../shared/data).")
        return p
    candidates = []
    if os.environ.get(DATA_ENV):
        candidates.append(Path(os.environ[DATA_ENV]))
    candidates.append(Path.cwd() / ".." / "shared" / "data")
    candidates += [p / "shared" / "data" for p in SEARCH_FROM.parents]
    for p in candidates:
        if p.is_dir():
            return p.resolve()
    raise DataMissing("measurement data not found: looked in " + ", ".join(str(c) for c in candidates)
                      + ". Pass --data PATH or set $COMMUNIQUE_DATA.")


def dataset_file(root: Path, *parts: str) -> Path:
    """Return ``root/parts``, or raise DataMissing naming the file when it is absent."""
    p = root.joinpath(*parts)
    if not p.exists():
        raise DataMissing(f"{p}: missing from the measurement data. Check --data ({root}).")
    return p


def build_pipeline(settings: Settings | None = None, candidate_filter: bool | None = None,
                   stages: list[str] | None = None) -> Pipeline:
    """Return the pipeline of ``settings`` (default: the packaged defaults), maybe filterless or shorter.

    ``candidate_filter=False`` parses every sentence; ``stages`` names the stages to keep.
    """
    settings = settings or load_settings()
    if candidate_filter is not None:
        settings = settings.with_overrides({"nlp": {"candidate_filter": candidate_filter}})
    return Pipeline.from_settings(settings, stages=stages)


def run_pipeline(articles: Iterable[Article], pipeline: Pipeline | None = None,
                 settings: Settings | None = None) -> list[Article]:
    """Return the articles after the real coding pipeline (``code_articles``) ran over them.

    ``pipeline`` wins; else a pipeline built from ``settings``; else the process-wide default one.
    """
    from communique import code_articles

    if pipeline is None and settings is not None:
        pipeline = build_pipeline(settings)
    return list(code_articles(articles, pipeline))


def scored(score: Callable[[list[Any], list[Any], bool], Report], items: list[Any], outputs: list[Any],
           key: Callable[[Any], str], *, limit: int | None, seconds: float, half: str | None,
           errors: bool) -> Report:
    """Return the report ``score`` makes of ``items`` and their pipeline ``outputs``, with both halves.

    ``score(items, outputs, mistakes)`` builds a dataset's Report (headline, tables, notes; the
    mistakes table when asked). Run over all items it gives the whole report; run again over
    each half's items (``split.partition`` by ``key``) it gives that half's headline figures and
    mistakes (listed with their half, tune first, so that tuning can keep off the check half).
    When ``half`` is set, the items are already that half's and the report is that half alone.
    """
    report = score(items, outputs, errors and half is not None)
    report.limit, report.seconds, report.half = limit, seconds, half
    if half is not None:
        report.half_items = {half: report.items}
        return report
    for h, idx in split.partition(items, key).items():
        part = score([items[i] for i in idx], [outputs[i] for i in idx], errors)
        report.halves[h] = part.headline
        report.half_items[h] = part.items
        if part.mistakes is not None:
            if report.mistakes is None:
                report.mistakes = Table(part.mistakes.title.split(": ", 1)[-1], ["half", *part.mistakes.columns])
            report.mistakes.rows += [[h, *row] for row in part.mistakes.rows]
    if report.mistakes is not None:
        report.mistakes.title = f"mistakes ({len(report.mistakes.rows)}, tune half first): {report.mistakes.title}"
    report.gaps = half_gaps(report.halves)
    return report


def filter_dropped(articles: Iterable[Article]) -> float:
    """Return the share of ``articles`` whose every sentence the candidate filter skipped.

    Given the articles of items with a gold event, that is the recall the filter costs: their
    events are lost before any rule sees them.
    """
    arts = list(articles)
    lost = sum(1 for a in arts if a.sentences and not any(s.candidate for s in a.sentences))
    return lost / len(arts) if arts else 0.0


def failed(articles: Iterable[Article]) -> int:
    """Return how many ``articles`` carry a stage error."""
    return sum(a.failed for a in articles)


def top_event(events: list[Event]) -> Event | None:
    """Return the highest-confidence event (the first one on ties), or None.

    Negated and hypothetical events count like any other: the sentence-level labels of the dev
    sets name the act a sentence reports, and a coder that finds it but flags it negated or
    hypothetical has still found that act (the flags are scored where a data set marks them).
    """
    best = None
    for e in events:
        if best is None or e.confidence > best.confidence:
            best = e
    return best


def aligned_event(events: list[Event], accepted: Iterable[str]) -> Event | None:
    """Return the highest-confidence event whose type is in ``accepted``, else the top event.

    This is the usual alignment of predicted to gold events before scoring their arguments;
    it never changes which type is scored for the item (that is always the top event's).
    """
    accepted = set(accepted)
    return top_event([e for e in events if e.type in accepted]) or top_event(events)


@lru_cache(maxsize=1)
def cameo_countries() -> dict[str, str | None]:
    """Return CAMEO-style code -> ISO3 (None: not a country) for the codes that differ from ISO3.

    The one CAMEO-to-ISO table of the harness: ``data/cameo_countries.tsv``.
    """
    out: dict[str, str | None] = {}
    for row in read_tsv(__package__, "cameo_countries.tsv", ("code", "iso3")):
        code, iso = row["code"].upper(), row["iso3"].upper()
        if len(code) != 3 or (iso != "-" and (len(iso) != 3 or not iso.isalpha())):
            raise row.fail(f"expected a three-letter code and an ISO3 code or '-', got {code!r} {iso!r}")
        out[code] = None if iso == "-" else iso
    return out


def iso3(code: str | None) -> str | None:
    """Return the ISO3 country of a CAMEO-style code (its first three letters), or None for non-country codes."""
    if not code:
        return None
    code = code.strip().upper()[:3]
    table = cameo_countries()
    if code in table:
        return table[code]
    if len(code) != 3 or not code.isalpha():
        return None
    return code
