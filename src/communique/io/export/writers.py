"""One writer per export format. Each writes to a temporary file and renames it into place,
so an interrupted export never leaves a half-written file behind."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from communique.core.errors import ExportError
from communique.core.event import Event, Participant

CSV_COLUMNS = [
    "event_id", "article_id", "sentence_index", "date", "date_text", "date_granularity", "type", "mode",
    "context", "quad_class", "score", "cameo", "actor_names", "actor_countries", "actor_sectors",
    "recipient_names", "recipient_countries", "recipient_sectors", "location_name", "geonameid",
    "location_country", "lat", "lon", "negated", "hypothetical", "future", "historical", "confidence",
    "trigger", "evidence",
]


def flatten(e: Event) -> dict[str, Any]:
    """Return one flat row (CSV/Parquet friendly) for an event; lists are joined with ';'."""
    loc = e.location

    def join(group: list[Participant], key: str) -> str:
        return ";".join(str(getattr(p, key) or "") for p in group)

    return {
        "event_id": e.event_id, "article_id": e.article_id, "sentence_index": e.sentence_index,
        "date": e.date, "date_text": e.date_text, "date_granularity": e.date_granularity,
        "type": e.type, "mode": e.mode, "context": ";".join(e.context), "quad_class": e.quad_class,
        "score": e.score, "cameo": e.cameo,
        "actor_names": join(e.actors, "name"), "actor_countries": join(e.actors, "country"),
        "actor_sectors": join(e.actors, "sector"),
        "recipient_names": join(e.recipients, "name"), "recipient_countries": join(e.recipients, "country"),
        "recipient_sectors": join(e.recipients, "sector"),
        "location_name": loc.name if loc else None, "geonameid": loc.geonameid if loc else None,
        "location_country": loc.country if loc else None, "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "negated": e.negated, "hypothetical": e.hypothetical, "future": e.future, "historical": e.historical,
        "confidence": e.confidence, "trigger": e.trigger.text if e.trigger else None,
        "evidence": e.evidence.sentence if e.evidence else None,
    }


def to_plover(e: Event) -> dict[str, Any]:
    """Return the event in the PLOVER interchange shape (event, mode, context, actors as codes)."""
    def actors(group: list[Participant]) -> list[dict[str, Any]]:
        return [{"actorText": p.text, "code": p.code, "sector": p.sector} for p in group]

    return {
        "id": e.event_id, "date": e.date, "event": e.type, "mode": e.mode or "", "context": ";".join(e.context),
        "source": actors(e.actors), "target": actors(e.recipients), "eventText": e.trigger.text if e.trigger else "",
        "eventLoc": e.location.name if e.location else "", "text": e.evidence.sentence if e.evidence else "",
        "articleId": e.article_id, "negated": e.negated, "historical": e.historical,
    }


def _jsonl(events: Iterable[Event], f: IO[str]) -> int:
    n = 0
    for e in events:
        f.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _csv(events: Iterable[Event], f: IO[str]) -> int:
    w = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
    w.writeheader()
    n = 0
    for e in events:
        w.writerow(flatten(e))
        n += 1
    return n


def _plover(events: Iterable[Event], f: IO[str]) -> int:
    rows = [to_plover(e) for e in events]
    json.dump(rows, f, ensure_ascii=False, indent=1)
    return len(rows)


def _parquet(events: Iterable[Event], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [flatten(e) for e in events]
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in CSV_COLUMNS})
    pq.write_table(table, path)
    return len(rows)


FORMATS: dict[str, Callable[..., int]] = {"jsonl": _jsonl, "csv": _csv, "plover": _plover, "parquet": _parquet}


def write_events(events: Iterable[Event], fmt: str, path: str | Path) -> int:
    """Write ``events`` to ``path`` in format ``fmt`` atomically; return how many were written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}", code="E601")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        if fmt == "parquet":
            n = _parquet(events, tmp)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                n = FORMATS[fmt](events, f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
