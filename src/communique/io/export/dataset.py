"""A coded corpus as a Parquet dataset: ``DIR/{events,mentions,articles}/date=YYYY-MM-DD/part-N.parquet``.

Decided here:
- **Tables**: ``events`` (one flat row per event: the mentions of a batch merged, the columns of
  the CSV export plus ``num_mentions``, ``num_articles``, ``num_sources``), ``mentions`` (what one
  sentence codes, with its evidence, where it was reported and the ``event_id`` of its event) and
  ``articles`` (one row per article: its metadata, sentence and mention counts, stage errors).
- **Partitions**: Hive style, by date: an event's own date (the article's when it has none),
  an article's and a mention's report date. The ``date`` column lives in the folder name only;
  DuckDB puts it back with ``read_parquet('DIR/events/*/*.parquet', hive_partitioning = true)``.
- **Types** are fixed per table (a part written while a column is all null still agrees with
  the next one), and parts are written as rows accumulate (``FLUSH_ROWS``), so memory is bounded
  by that, not by the corpus. Each part is written under a hidden name and renamed into place.
- **A target that already holds a dataset is refused** (E602): new parts beside old ones would
  count every article twice.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from communique.core.article import Article
from communique.core.errors import ExportError
from communique.io.export.writers import _PARQUET_TYPES, CSV_COLUMNS, flatten

TABLES = ("events", "mentions", "articles")
FLUSH_ROWS = 50_000
UNDATED = "__HIVE_DEFAULT_PARTITION__"  # the partition Hive readers map to NULL

_EVENT_COLUMNS = [c for c in CSV_COLUMNS if c != "date"]
_COUNTS = ("num_mentions", "num_articles", "num_sources")
_MENTION_COLUMNS = {
    "mention_id": "string", "event_id": "string", "article_id": "string", "sentence_index": "int64",
    "type": "string", "trigger": "string", "evidence": "string", "evidence_start": "int64",
    "evidence_end": "int64", "confidence": "float64", "event_date": "string", "source": "string",
    "url": "string", "title": "string",
}
_ARTICLE_COLUMNS = {
    "article_id": "string", "title": "string", "url": "string", "source": "string", "language": "string",
    "origin": "string", "sentences": "int64", "parsed_sentences": "int64", "events": "int64",
    "errors": "string",
}


def schemas() -> dict[str, Any]:
    """Return the pyarrow schema of each table (without the ``date`` partition column)."""
    import pyarrow as pa

    def schema(columns: dict[str, str]) -> Any:
        return pa.schema([(c, getattr(pa, t)()) for c, t in columns.items()])

    events = {c: _PARQUET_TYPES.get(c, "string") for c in _EVENT_COLUMNS} | {c: "int64" for c in _COUNTS}
    return {"events": schema(events), "mentions": schema(_MENTION_COLUMNS), "articles": schema(_ARTICLE_COLUMNS)}


def event_rows(events: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    """Return the ``(date partition, row)`` pairs of merged events (``core.merged.MergedEvent``)."""
    out = []
    for m in events:
        row = flatten(m)
        day = row.pop("date") or next((r.article_date for r in m.mentions if r.article_date), None) or UNDATED
        out.append((day, {**row, **{c: getattr(m, c) for c in _COUNTS}}))
    return out


def article_rows(article: Article, event_of: dict[str, str]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Return the mentions' and the article's ``(date partition, row)`` pairs; ``event_of``: mention id -> event id."""
    day = article.date or UNDATED
    mentions = []
    for e in article.events:
        ev = e.evidence
        mentions.append((day, {
            "mention_id": e.event_id, "event_id": event_of.get(e.event_id), "article_id": e.article_id,
            "sentence_index": e.sentence_index, "type": e.type, "trigger": e.trigger.text if e.trigger else None,
            "evidence": ev.sentence if ev else None, "evidence_start": ev.start if ev else None,
            "evidence_end": ev.end if ev else None, "confidence": e.confidence, "event_date": e.date,
            "source": article.source, "url": article.url, "title": article.title,
        }))
    articles = [(day, {
        "article_id": article.id, "title": article.title, "url": article.url, "source": article.source,
        "language": article.language, "origin": article.origin, "sentences": len(article.sentences),
        "parsed_sentences": sum(1 for s in article.sentences if s.parsed), "events": len(article.events),
        "errors": "; ".join(f"{err.stage}: {err.reason}" for err in article.errors) or None,
    })]
    return {"mentions": mentions, "articles": articles}


class ParquetDataset:
    """Writes coded articles under ``root`` as the three tables; ``counts`` says how many rows each got."""

    def __init__(self, root: str | Path, flush_rows: int = FLUSH_ROWS):
        self.root = Path(root)
        self.flush_rows = flush_rows
        if self.root.exists() and (not self.root.is_dir() or any(self.root.iterdir())):
            what = "is a file" if not self.root.is_dir() else "is not empty"
            raise ExportError(f"cannot write a dataset to '{self.root}': it {what}; name a new or empty "
                              "folder for --out", code="E602")
        self.schemas = schemas()
        self.buffers: dict[str, dict[str, list[dict[str, Any]]]] = {t: defaultdict(list) for t in TABLES}
        self.buffered = 0
        self.parts = 0
        self.counts = {t: 0 for t in TABLES}

    def add_batch(self, articles: list[Article], events: list[Any]) -> None:
        """Buffer a coded batch's rows (its articles and the events their mentions merge into), writing parts
        when enough have accumulated."""
        event_of = {r.mention_id: m.event_id for m in events for r in m.mentions}
        tables = {"events": event_rows(events), "mentions": [], "articles": []}
        for article in articles:
            for table, rows in article_rows(article, event_of).items():
                tables[table] += rows
        for table, rows in tables.items():
            for day, row in rows:
                self.buffers[table][day].append(row)
                self.counts[table] += 1
                self.buffered += 1
        if self.buffered >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        """Write every buffered row, one part per table and date."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, by_day in self.buffers.items():
            for day, rows in by_day.items():
                folder = self.root / table / f"date={day}"
                target = folder / f"part-{self.parts:05d}.parquet"
                tmp = folder / f".{target.name}.tmp"
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    pq.write_table(pa.Table.from_pylist(rows, schema=self.schemas[table]), tmp)
                    os.replace(tmp, target)
                except OSError as e:
                    tmp.unlink(missing_ok=True)
                    raise ExportError(f"cannot write '{target}': {e.strerror or e}", code="E602") from e
            by_day.clear()
        self.parts += 1
        self.buffered = 0

    def close(self) -> dict[str, int]:
        """Write what is left; return the row count of each table."""
        if self.buffered:
            self.flush()
        return dict(self.counts)
