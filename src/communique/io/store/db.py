"""Store: a DuckDB file holding articles, events, participants, places and rejected inputs.

Writes are idempotent (content-hash ids; rows already stored are skipped) and atomic per
batch: one transaction per ``add_articles`` call, so a killed process leaves whole
articles or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from communique.core.article import Article, Event
from communique.core.errors import StoreError
from communique.core.registry import ActorRegistry
from communique.io.store import registry as registry_table
from communique.io.store.insert import insert_rows, write_errors
from communique.io.store.migrations import MIGRATIONS

_CHUNK = 1024  # rows fetched at a time by the streaming reads
PERIODS = ("day", "week", "month", "quarter", "year")  # what dyad_series can group by (date_trunc parts)


class Store:
    """A communique database. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path = "communique.duckdb", read_only: bool = False):
        import duckdb

        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as e:
            raise _open_error(self.path, e) from e
        try:
            version = self.schema_version()
            if version > latest_version():
                raise StoreError(
                    f"the store '{self.path}' has schema version {version}, newer than this communique "
                    f"knows ({latest_version()}): upgrade communique to read it.", code="E402"
                )
            if not read_only:
                self.migrate()
            elif version < latest_version():
                raise StoreError(
                    f"the store '{self.path}' has schema version {version}, this communique "
                    f"needs {latest_version()}: open it once without read-only access to migrate.", code="E402"
                )
        except duckdb.Error as e:
            self.con.close()
            raise StoreError(f"cannot read or set up the schema of the store '{self.path}': {e}", code="E401") from e
        except BaseException:
            self.con.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema ---------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        ).fetchone()[0]
        if not exists:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]

    def migrate(self) -> None:
        """Apply every registered migration not yet recorded, each in its own transaction."""
        import duckdb

        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
            "applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        current = self.schema_version()
        for version, name, sql in MIGRATIONS:
            if version <= current:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
                self.con.execute("COMMIT")
            except duckdb.Error as e:
                self.con.execute("ROLLBACK")
                raise StoreError(f"cannot migrate the store '{self.path}' to schema version {version} "
                                 f"({name}): {e}. Nothing was changed.", code="E403") from e

    # -- writes ---------------------------------------------------------------
    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        """Return the subset of ``ids`` already stored."""
        ids = list(set(ids))
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE list_contains(?, id)", [ids]).fetchall()
        return {r[0] for r in rows}

    def load_registry(self) -> ActorRegistry:
        """Return the registry snapshot taught by the person facts of the stored articles."""
        return registry_table.load_registry(self.con)

    def add_articles(self, articles: list[Article]) -> tuple[int, int]:
        """Store coded articles with their events, places and person facts in one transaction.

        What an article taught (``article.learned``) is appended with it, so the registry
        never gets ahead of or behind the stored articles.
        Returns (articles added, events added). Articles already stored are skipped.
        """
        todo = [a for a in articles if not a.failed]
        known = self.known_article_ids(a.id for a in todo)
        seen: set[str] = set()
        fresh = []
        for a in todo:
            if a.id not in known and a.id not in seen:
                seen.add(a.id)
                fresh.append(a)
        if not fresh:
            return 0, 0
        n_events = 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            insert_rows(
                self.con, "articles",
                columns=["id", "date", "title", "url", "source", "language", "origin", "text", "n_sentences",
                         "contexts"],
                rows=[
                    [a.id, a.date, a.title, a.url, a.source, a.language, a.origin, a.text, len(a.sentences),
                     a.contexts]
                    for a in fresh
                ],
            )
            event_rows, participant_rows, place_rows = [], [], []
            event_ids: set[str] = set()
            for a in fresh:
                for e in a.events:
                    if e.event_id in event_ids:
                        continue
                    event_ids.add(e.event_id)
                    event_rows.append(_event_row(e))
                    for role, group in (("actor", e.actors), ("recipient", e.recipients)):
                        for pos, p in enumerate(group):
                            participant_rows.append(
                                [e.event_id, role, pos, p.text, p.name, p.country, p.sector, p.kind, p.id]
                            )
                places = {(p.start, p.end): p for p in a.places}
                for p in places.values():
                    place_rows.append(
                        [a.id, p.start, p.end, p.text, p.name, p.geonameid, p.country, p.lat, p.lon,
                         p.feature, p.confidence, p.sentence_index, p.usage]
                    )
            insert_rows(self.con, "events", event_rows, or_ignore=True)
            insert_rows(self.con, "participants", participant_rows, or_ignore=True)
            insert_rows(self.con, "places", place_rows, or_ignore=True)
            registry_table.append_facts(self.con, (f for a in fresh for f in a.learned))
            self.con.execute("COMMIT")
            n_events = len(event_rows)
        except write_errors() as e:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot store a batch of {len(fresh)} articles in '{self.path}' (the first is "
                             f"{fresh[0].origin or fresh[0].id}): {e}. The batch was rolled back.", code="E403") from e
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(fresh), n_events

    def add_rejected(self, origin: str, reason: str, stage: str | None = None, code: str | None = None) -> None:
        """Record a rejected input (or an article a stage failed on) with its error code; repeats bump the count."""
        import duckdb

        try:
            self.con.execute(
                "INSERT INTO rejected (origin, reason, stage, code) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (origin, reason) DO UPDATE SET last_seen = now(), times = rejected.times + 1",
                [origin, reason, stage, code or None],
            )
        except duckdb.Error as e:
            raise StoreError(f"cannot record the rejected input {origin} in '{self.path}': {e}", code="E403") from e

    # -- reads ----------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in {"articles", "events", "participants", "places", "rejected"}:
            raise StoreError(f"unknown table '{table}'", code="E404")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def events(
        self,
        actor: str | None = None,
        dyad: tuple[str, str] | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        include_negated: bool = False,
        limit: int | None = None,
        after: str | None = None,
    ) -> Iterator[Event]:
        """Yield stored events matching the filters, ordered by date then event id.

        ``actor`` and ``dyad`` match a participant's country code or IGO id. A dyad matches
        events with one side among the actors and the other among the recipients (either
        direction), or both among the actors of a reciprocal event.
        """
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
            raise StoreError(f"invalid limit {limit!r}: expected a whole number, 0 or more", code="E404")
        where, params = _filters(actor, dyad, type, since, until, include_negated)
        if after:
            where.append("(coalesce(CAST(e.date AS VARCHAR), '') || e.event_id) > ?")
            params.append(after)
        sql = "SELECT e.record FROM events e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date NULLS LAST, e.event_id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        # A cursor of its own, read in chunks: an export of millions of events never holds them
        # all, and the caller may use the store while it iterates.
        cursor = self.con.cursor()
        try:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(_CHUNK):
                for (record,) in rows:
                    yield Event.from_dict(json.loads(record))
        finally:
            cursor.close()

    def dyad_series(self, a: str, b: str, by: str = "month", include_negated: bool = False) -> list[dict[str, Any]]:
        """Return per-period counts by type and quad class, and the mean score, for the dyad a-b."""
        if by not in PERIODS:
            raise StoreError(f"unknown period '{by}': use day, week, month, quarter or year", code="E404")
        trunc = by
        where, params = _filters(None, (a, b), None, None, None, include_negated)
        sql = (
            f"SELECT CAST(date_trunc('{trunc}', e.date) AS DATE) AS period, e.type, e.quad_class, "
            f"count(*) AS n, avg(e.score) AS mean_score FROM events e WHERE {' AND '.join(where)} "
            "AND e.date IS NOT NULL GROUP BY ALL ORDER BY period, e.type"
        )
        periods: dict[str, dict[str, Any]] = {}
        for period, etype, quad, n, mean in self.con.execute(sql, params).fetchall():
            p = periods.setdefault(
                str(period), {"period": str(period), "events": 0, "by_type": {}, "by_quad_class": {}, "_sum": 0.0}
            )
            p["events"] += n
            p["by_type"][etype] = p["by_type"].get(etype, 0) + n
            p["by_quad_class"][quad] = p["by_quad_class"].get(quad, 0) + n
            p["_sum"] += mean * n
        out = []
        for p in periods.values():
            p["mean_score"] = round(p.pop("_sum") / p["events"], 3)
            out.append(p)
        return out

    def summary(self) -> dict[str, Any]:
        """Return counts of articles, events by type and the top dyads."""
        by_type = self.con.execute(
            "SELECT type, count(*) FROM events WHERE NOT negated GROUP BY type ORDER BY 2 DESC, 1"
        ).fetchall()
        dyads = self.con.execute(
            """
            SELECT a.country, r.country, count(DISTINCT a.event_id) AS n
            FROM participants a JOIN participants r ON a.event_id = r.event_id
            JOIN events e ON e.event_id = a.event_id
            WHERE a.role = 'actor' AND r.role = 'recipient' AND a.country IS NOT NULL
              AND r.country IS NOT NULL AND a.country <> r.country AND NOT e.negated
            GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT 10
            """
        ).fetchall()
        return {
            "articles": self.count("articles"),
            "events": self.count("events"),
            "rejected": self.count("rejected"),
            "events_by_type": dict(by_type),
            "top_dyads": [{"dyad": f"{s}-{t}", "events": n} for s, t, n in dyads],
        }


def _query_date(value: object, name: str) -> str:
    """Return ``value`` if it is a date YYYY-MM-DD, else raise StoreError E404 naming the filter."""
    try:
        if isinstance(value, str) and len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise StoreError(f"invalid {name} date {value!r}: expected YYYY-MM-DD", code="E404")


def _open_error(path: str, e: Exception) -> StoreError:
    """Return the StoreError for a store DuckDB cannot open, saying why in the user's terms."""
    text = str(e)
    if "Could not set lock" in text:
        holder = re.search(r"\(PID (\d+)\)", text)
        who = f" (process {holder.group(1)})" if holder else ""
        return StoreError(
            f"the store '{path}' is held by another process{who}, an ingest or a server: wait for it to "
            "finish, stop it, or use another --db.", code="E405"
        )
    if "not a valid DuckDB database" in text:
        return StoreError(f"'{path}' is not a DuckDB database, so not a communique store: pass the path of a "
                          "store made by `communique ingest`, or a new file name.", code="E401")
    if Path(path).is_dir():
        return StoreError(f"'{path}' is a directory, not a store file: pass a file path to --db.", code="E401")
    return StoreError(f"cannot open the store '{path}': {text}", code="E401")


def latest_version() -> int:
    return max(v for v, _, _ in MIGRATIONS)


def _filters(actor, dyad, type, since, until, include_negated):
    where: list[str] = []
    params: list[Any] = []
    side = "EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.event_id AND p.role = '{role}' AND (p.country = ? OR p.actor_id = ?))"
    if actor:
        where.append("EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.event_id AND (p.country = ? OR p.actor_id = ?))")
        params += [actor, actor]
    if dyad:
        a, b = dyad
        ab = f"({side.format(role='actor')} AND {side.format(role='recipient')})"
        both_actors = f"({side.format(role='actor')} AND {side.format(role='actor')})"
        where.append(f"({ab} OR {ab} OR {both_actors})")
        params += [a, a, b, b, b, b, a, a, a, a, b, b]
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    if since:
        where.append("e.date >= CAST(? AS DATE)")
        params.append(_query_date(since, "since"))
    if until:
        where.append("e.date <= CAST(? AS DATE)")
        params.append(_query_date(until, "until"))
    if not include_negated:
        where.append("NOT e.negated")
    return where, params


def _event_row(e: Event) -> list[Any]:
    loc, ev, trig = e.location, e.evidence, e.trigger
    return [
        e.event_id, e.article_id, e.sentence_index, e.type, e.mode, e.context, e.quad_class, e.score, e.cameo,
        e.date, e.date_text, e.date_granularity,
        *((loc.text, loc.name, loc.geonameid, loc.country, loc.lat, loc.lon) if loc else (None,) * 6),
        e.negated, e.hypothetical, e.future, e.historical, e.confidence,
        *((ev.sentence, ev.start, ev.end) if ev else (None,) * 3),
        *((trig.text, trig.start, trig.end) if trig else (None,) * 3),
        json.dumps(e.to_dict(), ensure_ascii=False),
    ]
