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


def flatten(e: Any) -> dict[str, Any]:
    """Return one flat row (CSV/Parquet friendly) for an event or a mention; lists are joined with ';'.

    An event (``MergedEvent``) is flattened as its record; a stored mention (``StoredMention``)
    as its record with ``event_id`` naming its event.
    """
    if hasattr(e, "mention"):
        row = flatten(e.mention)
        row["event_id"] = e.event_id
        return row
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
    # One JSON array, written record by record: the same bytes as json.dump(rows, f, indent=1),
    # without holding the rows. Strings in JSON never hold a raw newline, so indenting a record
    # by one level is a matter of indenting its lines.
    n = 0
    for e in events:
        record = json.dumps(to_plover(e), ensure_ascii=False, indent=1).replace("\n", "\n ")
        f.write(("[\n " if n == 0 else ",\n ") + record)
        n += 1
    f.write("\n]" if n else "[]")
    return n


# Parquet column types, fixed so that the file can be written in row groups as events stream in
# (types inferred from one group could disagree with the next, e.g. a column all null so far).
_PARQUET_TYPES = {
    "sentence_index": "int64", "score": "float64", "geonameid": "int64", "lat": "float64", "lon": "float64",
    "negated": "bool_", "hypothetical": "bool_", "future": "bool_", "historical": "bool_", "confidence": "float64",
}
_ROW_GROUP = 10_000


def _parquet(events: Iterable[Event], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, getattr(pa, _PARQUET_TYPES.get(c, "string"))()) for c in CSV_COLUMNS])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        rows: list[dict[str, Any]] = []
        for e in events:
            rows.append(flatten(e))
            if len(rows) >= _ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows or not n:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n


FORMATS: dict[str, Callable[..., int]] = {"jsonl": _jsonl, "csv": _csv, "plover": _plover, "parquet": _parquet}


def write_events(events: Iterable[Event], fmt: str, path: str | Path) -> int:
    """Write ``events`` to ``path`` in format ``fmt`` atomically; return how many were written.

    The events are written to a hidden temporary file beside ``path``, which is renamed into
    place only when it is complete. Raises ExportError: E601 for an unknown format, E602 when
    the target cannot be written (a directory, a folder that cannot be made, no permission, a full disk).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}", code="E601")
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"cannot write '{path}': it is a directory; name a file to export to", code="E602")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except (FileExistsError, NotADirectoryError) as e:
        # mkdir's own words ("File exists") would not say which part of the path is in the way
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), path.parent)
        raise ExportError(f"cannot write '{path}': '{blocker}' is a file, not a folder", code="E602") from e
    except OSError as e:
        raise _unwritable(path, e) from e
    os.close(fd)
    try:
        if fmt == "parquet":
            n = _parquet(events, tmp)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                n = FORMATS[fmt](events, f)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise _unwritable(path, e) from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _unwritable(path: Path, e: OSError) -> ExportError:
    return ExportError(f"cannot write '{path}': {e.strerror or e}", code="E602")
