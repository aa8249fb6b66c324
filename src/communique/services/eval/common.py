"""Shared pieces of the dataset evaluations: where the data is, running the pipeline, reading events."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from communique.core.article import Article, Event
from communique.core.config import load_settings
from communique.core.errors import EvalError
from communique.runtime.pipeline import Pipeline

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


def build_pipeline(candidate_filter: bool | None = None, stages: list[str] | None = None) -> Pipeline:
    """Return the packaged-default pipeline, optionally without the candidate filter or with fewer stages."""
    settings = load_settings()
    if candidate_filter is not None:
        settings = settings.with_overrides({"nlp": {"candidate_filter": candidate_filter}})
    return Pipeline.from_settings(settings, stages=stages)


def run_pipeline(articles: Iterable[Article], pipeline: Pipeline | None = None) -> list[Article]:
    """Return the articles after the real coding pipeline (``code_articles``) ran over them."""
    from communique import code_articles

    return list(code_articles(articles, pipeline))


def event_dict(event: Event | dict[str, Any]) -> dict[str, Any]:
    return event.to_dict() if isinstance(event, Event) else event


def top_event(events: list[Event]) -> Event | None:
    """Return the highest-confidence event (the first one on ties), or None."""
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


QUAD_CLASSES = {
    "verbal_cooperation": 1,
    "material_cooperation": 2,
    "verbal_conflict": 3,
    "material_conflict": 4,
}

# CAMEO-style country codes of the PLOVER GSR that differ from ISO 3166-1 alpha-3, and
# codes that are not countries at all (international, non-governmental, multinational groups).
CAMEO_TO_ISO3 = {"JAP": "JPN", "ITL": "ITA"}
NOT_COUNTRIES = {"IGO", "NGO", "IMG", "MNC", "***", ""}


def iso3(code: str | None) -> str | None:
    """Return the ISO3 country of a CAMEO-style code, or None for non-country codes."""
    if not code:
        return None
    code = code.strip().upper()[:3]
    if code in NOT_COUNTRIES or len(code) != 3 or not code.isalpha():
        return None
    return CAMEO_TO_ISO3.get(code, code)
