"""Store: a DuckDB file holding articles, mentions, events, participants, places and rejected inputs.

Writes are idempotent (content-hash ids; rows already stored are skipped) and atomic per
batch: one transaction per ``add_articles`` call, so a killed process leaves whole
articles or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from communique.core.article import Article
from communique.core.errors import StoreError
from communique.core.event import Event
from communique.core.merged import MergedEvent, StoredMention
from communique.core.registry import ActorRegistry
from communique.io.store import events as events_table
from communique.io.store import registry as registry_table
from communique.io.store.events import Candidate, EventPlan
from communique.io.store.insert import insert_rows, write_errors
from communique.io.store.migrations import MIGRATIONS, statements

TABLES = ("articles", "mentions", "events", "event_redirects", "participants", "places", "rejected")
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
                for statement in statements(sql):
                    self.con.execute(statement)
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

    def release_cache(self) -> None:
        """Let DuckDB evict its cache of the file's blocks now (between batches), keeping what it cannot let go of.

        DuckDB keeps every block of the file that a query read (``BASE_TABLE`` in
        ``duckdb_memory()``) until its ``memory_limit``, 80% of RAM by default: in a long ingest
        the storing process grew with the store. Setting the limit to what DuckDB holds besides
        that cache (the primary keys' indexes, data not yet checkpointed) makes it evict the
        cache, and only the cache: a lower limit would also write the data not yet checkpointed
        to a temporary file. The limit is then reset, so no write ever fails for it (a fixed
        limit of 32 MB made writes fail). The next batch reads the blocks it needs again, from
        the OS's page cache.
        """
        import duckdb

        held = sum(n for tag, n in self.con.execute("SELECT tag, memory_usage_bytes FROM duckdb_memory()").fetchall()
                   if tag != "BASE_TABLE")
        try:
            self.con.execute(f"SET memory_limit = '{max(held, 1)}B'")
        except duckdb.OutOfMemoryException:
            pass  # it evicted what it could: a block still pinned stays, and is evicted next time
        finally:
            self.con.execute("RESET memory_limit")

    def load_registry(self) -> ActorRegistry:
        """Return the registry snapshot taught by the person facts of the stored articles."""
        return registry_table.load_registry(self.con)

    def add_articles(self, articles: list[Article], plan: EventPlan | None = None) -> tuple[int, int]:
        """Store coded articles with their mentions, events, places and person facts in one transaction.

        ``plan`` says which event each new mention joins (``services.cluster`` makes it); without
        one, each mention is an event of its own. What an article taught (``article.learned``) is
        appended with it, so the registry never gets ahead of or behind the stored articles.
        Returns (articles added, mentions added). Articles already stored are skipped.
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
        if plan is None:
            plan = events_table.singleton_plan([e for a in fresh for e in a.events])
        n_mentions = 0
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
            mention_rows, participant_rows, place_rows = [], [], []
            mention_ids: set[str] = set()
            for a in fresh:
                for e in a.events:
                    if e.event_id in mention_ids:
                        continue
                    mention_ids.add(e.event_id)
                    record = plan.mentions.get(e.event_id, e)
                    mention_rows.append(events_table.mention_row(record, plan.assign.get(e.event_id, e.event_id)))
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
            insert_rows(self.con, "mentions", mention_rows, columns=events_table.MENTION_COLUMNS, or_ignore=True)
            insert_rows(self.con, "participants", participant_rows, or_ignore=True)
            insert_rows(self.con, "places", place_rows, or_ignore=True)
            events_table.write_plan(self.con, plan, insert_rows)
            registry_table.append_facts(self.con, (f for a in fresh for f in a.learned))
            self.con.execute("COMMIT")
            n_mentions = len(mention_rows)
        except write_errors() as e:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot store a batch of {len(fresh)} articles in '{self.path}' (the first is "
                             f"{fresh[0].origin or fresh[0].id}): {e}. The batch was rolled back.", code="E403") from e
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(fresh), n_mentions

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
    # The read functions live in io/store/events.py (one place for the CLI and the API); these
    # methods bind them to this store's connection.
    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"unknown table '{table}'", code="E404")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def events(self, actor: str | None = None, dyad: events_table.Dyad | None = None, type: str | None = None,
               since: str | None = None, until: str | None = None, include_negated: bool = False,
               limit: int | None = None, after: str | None = None,
               max_mentions: int | None = None) -> Iterator[MergedEvent]:
        """Yield stored events (with their mentions) matching the filters: see ``events.list_events``."""
        return events_table.list_events(self.con, actor=actor, dyad=dyad, type=type, since=since, until=until,
                                        include_negated=include_negated, limit=limit, after=after,
                                        max_mentions=max_mentions)

    def event(self, event_id: str, max_mentions: int | None = None) -> MergedEvent | None:
        """Return one event by id (following redirects and mention ids), or None: ``events.get_event``."""
        return events_table.get_event(self.con, event_id, max_mentions)

    def resolve_event_id(self, any_id: str) -> str | None:
        """Return the live event id an event, merged-away event or mention id names, or None."""
        return events_table.resolve_event_id(self.con, any_id)

    def mentions(self, event_id: str | None = None, article_id: str | None = None, actor: str | None = None,
                 dyad: events_table.Dyad | None = None, type: str | None = None, since: str | None = None,
                 until: str | None = None, include_negated: bool = False, limit: int | None = None,
                 after: str | None = None) -> Iterator[StoredMention]:
        """Yield stored mentions (each with its event id) matching the filters: ``events.list_mentions``."""
        return events_table.list_mentions(self.con, event_id=event_id, article_id=article_id, actor=actor,
                                          dyad=dyad, type=type, since=since, until=until,
                                          include_negated=include_negated, limit=limit, after=after)

    def article_lengths(self, ids: list[str]) -> dict[str, int]:
        """Return article id -> the length of its text in characters, for the stored ``ids``."""
        rows = self.con.execute("SELECT id, length(text) FROM articles WHERE id IN (SELECT unnest(?))",
                                [list(set(ids))]).fetchall()
        return dict(rows)

    def candidates(self, families: list[str], codes: list[str] | None, since: str, until: str) -> Iterator[Candidate]:
        """Yield the stored events a batch's mentions may join (the blocking query), streamed, records left out."""
        return events_table.candidates(self.con, families, codes, since, until)

    def event_records(self, event_ids: list[str]) -> dict[str, Event]:
        """Return the representative record of each stored event of ``event_ids``, by id."""
        return events_table.event_records(self.con, event_ids)

    def dyad_series(self, a: str, b: str, by: str = "month", include_negated: bool = False,
                    count: str = "events") -> list[dict[str, Any]]:
        """Return per-period counts by type and quad class, and the mean score, for the dyad a-b.

        ``count`` is "events" (real-world events, the default) or "mentions" (coded sentences).
        The key of the per-period total is ``events`` either way.
        """
        if by not in PERIODS:
            raise StoreError(f"unknown period '{by}': use day, week, month, quarter or year", code="E404")
        table = _counted(count)
        trunc = by
        where, params = events_table.filters(None, (a, b), None, None, None, include_negated)
        sql = (
            f"SELECT CAST(date_trunc('{trunc}', e.date) AS DATE) AS period, e.type, e.quad_class, "
            f"count(*) AS n, avg(e.score) AS mean_score FROM {table} e WHERE {' AND '.join(where)} "
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

    def summary(self, count: str = "events") -> dict[str, Any]:
        """Return counts of articles, events, mentions, events by type and the top dyads.

        ``count`` ("events" or "mentions") says what ``events_by_type`` and ``top_dyads`` count.
        """
        table = _counted(count)
        key = "mention_id" if table == "mentions" else "event_id"
        by_type = self.con.execute(
            f"SELECT type, count(*) FROM {table} WHERE NOT negated GROUP BY type ORDER BY 2 DESC, 1"
        ).fetchall()
        dyads = self.con.execute(
            f"""
            SELECT a.country, r.country, count(DISTINCT e.{key}) AS n
            FROM participants a JOIN participants r ON a.mention_id = r.mention_id
            JOIN {table} e ON e.mention_id = a.mention_id
            WHERE a.role = 'actor' AND r.role = 'recipient' AND a.country IS NOT NULL
              AND r.country IS NOT NULL AND a.country <> r.country AND NOT e.negated
            GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT 10
            """
        ).fetchall()
        return {
            "articles": self.count("articles"),
            "events": self.count("events"),
            "mentions": self.count("mentions"),
            "rejected": self.count("rejected"),
            "counted": table,
            "events_by_type": dict(by_type),
            "top_dyads": [{"dyad": f"{s}-{t}", "events": n} for s, t, n in dyads],
        }


def _counted(count: str) -> str:
    """Return the table an aggregate counts: "events" or "mentions" (StoreError E404 otherwise)."""
    if count not in ("events", "mentions"):
        raise StoreError(f"unknown count '{count}': use events or mentions", code="E404")
    return count


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
