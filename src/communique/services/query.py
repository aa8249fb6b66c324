"""Queries the surfaces ask of the store, answered in the `communique events` record shape.

This is the one adapter between the REST API (and the dashboard behind it) and the store's
tables (events, mentions, participants, articles; io/store/events.py reads the event records):
every read the API serves goes through here, so a change in how events and mentions are stored
changes this module only. An event is the contract's record plus ``mentions``
(one per coded sentence that reports it) and ``num_mentions`` / ``num_articles`` /
``num_sources``.

Lists are paged by keyset on (date, event_id): a cursor is the last row's key, encoded so that
a client treats it as opaque; a page costs the same however deep it is. Every value from a
request reaches DuckDB as a bound parameter, never as SQL text; the few identifiers that are
formatted into SQL (a period name) come from closed lists checked first.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from communique.core.errors import StoreError
from communique.io.store import events as store_events
from communique.stages.events.ontology import TYPES

PERIODS = ("day", "week", "month", "quarter", "year")
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
MAX_LIMIT = 1000
EXCERPT_CHARS = 400  # article text kept on each side of the evidence sentence
MAX_CODE = 64  # characters of an actor code in a request
# A country code (ISO3), an actor id (AZE-GOV, XXX-NGO: parts joined by '-') or an IGO id (UN).
_CODE = re.compile(r"^[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*$")


@dataclass(frozen=True)
class Filters:
    """What a list of events is narrowed to; every field is optional."""

    actor: str | None = None
    dyad: tuple[tuple[str, str], ...] | None = None  # its readings (dyad_pairs); a record matching one matches
    type: str | None = None
    since: str | None = None
    until: str | None = None
    include_negated: bool = False


def make_filters(actor: str | None = None, dyad: str | None = None, type: str | None = None,
                 since: str | None = None, until: str | None = None, include_negated: bool = False) -> Filters:
    """Return checked Filters from request values, or raise StoreError E404 naming the bad one."""
    pairs = None
    if dyad:
        pairs = dyad_pairs(dyad)
        if not pairs:
            raise StoreError(f"dyad: invalid value {dyad!r}: expected two actor codes like AZE-TUR (or AZE-GOV,TUR)",
                             code="E404")
    if type:
        type = type.upper()
        if type not in TYPES:
            raise StoreError(f"type: unknown event type {type!r}: use one of {', '.join(TYPES)}", code="E404")
    f = Filters(actor=_code(actor, "actor"), dyad=pairs, type=type or None, since=_date(since, "since"),
                until=_date(until, "until"), include_negated=bool(include_negated))
    if f.since and f.until and f.since > f.until:
        raise StoreError(f"since {f.since} is after until {f.until}: nothing can match", code="E404")
    return f


def dyad_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Return the readings of a dyad ``A-B`` (or ``A,B``) as pairs of codes, upper-cased; () if it has none.

    A code may hold '-' itself (an actor id such as AZE-GOV), so ``AZE-GOV-TUR`` reads as AZE-GOV
    with TUR and as AZE with GOV-TUR: a filter matches a record that either reading matches (ids
    begin with their country or group, so in practice one of them names no actor). A comma
    separates the two codes with no second reading.
    """
    text = text.strip().upper()
    if "," in text:
        parts = text.split(",")
        return ((parts[0], parts[1]),) if len(parts) == 2 and all(map(_is_code, parts)) else ()
    pieces = text.split("-")
    splits = (("-".join(pieces[:i]), "-".join(pieces[i:])) for i in range(1, len(pieces)))
    return tuple((a, b) for a, b in splits if _is_code(a) and _is_code(b))


def _is_code(value: str) -> bool:
    return len(value) <= MAX_CODE and bool(_CODE.match(value))


def _code(value: str | None, name: str) -> str | None:
    if value in (None, ""):
        return None
    if not _is_code(value):
        raise StoreError(f"{name}: invalid actor code {value!r}: expected a country code like AZE or an id like UN "
                         "or AZE-GOV (letters, digits, '_' or '.', parts joined by '-')", code="E404")
    return value.upper()


def _date(value: str | None, name: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise StoreError(f"{name}: invalid date {value!r}: expected YYYY-MM-DD", code="E404")


def check_limit(limit: int) -> int:
    """Return ``limit`` if it is 1..MAX_LIMIT, else raise StoreError E404 saying the cap."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise StoreError(f"limit: invalid value {limit!r}: expected 1 to {MAX_LIMIT} (page on with the cursor)",
                         code="E404")
    return limit


# -- cursors ------------------------------------------------------------------------------------
def encode_cursor(date: str | None, event_id: str) -> str:
    """Return the opaque cursor for the row (date, event_id): the next page starts after it."""
    raw = json.dumps([date, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str | None, str]:
    """Return the (date, event_id) key of a cursor, or raise StoreError E404 if it is not one of ours."""
    bad = StoreError(f"cursor: invalid value {cursor[:60]!r}: pass the 'next' value of an earlier page unchanged",
                     code="E404")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad from None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)
            and (value[0] is None or isinstance(value[0], str))):
        raise bad
    if value[0] is not None:
        _date(value[0], "cursor")
    return value[0], value[1]


# -- filters as SQL ---------------------------------------------------------------------------------
COUNTS = ("events", "mentions")  # what an aggregate counts: real-world events, or coded sentences


def _table(count: str) -> str:
    """Return the table an aggregate counts (a closed list: the name is formatted into SQL)."""
    if count not in COUNTS:
        raise StoreError(f"count: unknown value {count!r}: use events or mentions", code="E404")
    return count


def _where(f: Filters, alias: str = "e") -> tuple[list[str], list[Any]]:
    """Return SQL conditions over ``alias`` (events or mentions) and their bound parameters for ``f``."""
    return store_events.filters(f.actor, f.dyad, f.type, f.since, f.until, f.include_negated, alias)


def _sql_where(where: list[str]) -> str:
    return (" WHERE " + " AND ".join(where)) if where else ""


# -- reads ------------------------------------------------------------------------------------------
LIST_MENTIONS = 20  # mentions listed per event in a page (the counts stay whole; the event's own page has all)


def health(store: Any) -> dict[str, Any]:
    """Return the store's counts of articles, events and mentions."""
    con = store.con
    n = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "mentions")}
    return {"status": "ok", **n}


@dataclass
class Page:
    """One page of events and the cursor of the next (None on the last page)."""

    events: list[dict[str, Any]]
    next: str | None


def event_page(store: Any, f: Filters, limit: int = 100, cursor: str | None = None) -> Page:
    """Return up to ``limit`` events matching ``f`` after ``cursor``, in (date, event_id) order."""
    limit = check_limit(limit)
    where, params = _where(f)
    if cursor:
        cond, extra = store_events.after(*decode_cursor(cursor), "e.date", "e.event_id")
        where.append(cond)
        params += extra
    # Late materialisation by hand: the filter and the top-N sort run over narrow columns and keep
    # the page's row ids; only those rows' records are read, in the same statement (one snapshot).
    # Carrying every record's JSON through the sort cost 10x on 100,000 events, and reading the
    # page's records by event id afterwards (list_contains over every id) a third of the page.
    rows = store.con.execute(
        f"SELECT {store_events.record_columns('ev')} FROM events ev WHERE ev.rowid IN (SELECT e.rowid FROM events e{_sql_where(where)} "
        f"ORDER BY e.date NULLS LAST, e.event_id LIMIT ?) ORDER BY ev.date NULLS LAST, ev.event_id",
        [*params, limit + 1]).fetchall()
    events = _assemble(store, rows[:limit], LIST_MENTIONS)
    nxt = None
    if len(rows) > limit:
        last = events[-1]
        nxt = encode_cursor(last["date"], last["event_id"])
    return Page(events, nxt)


def events_by_id(store: Any, ids: list[str], max_mentions: int | None = None) -> list[dict[str, Any]]:
    """Return the events ``ids`` (live ids) in that order, each with its mentions (at most ``max_mentions``)."""
    if not ids:
        return []
    # Records by list_contains (a join would read every record's JSON before it filters).
    rows = {r[0]: r for r in store.con.execute(
        f"SELECT {store_events.record_columns('events')} FROM events WHERE list_contains(?, event_id)", [ids]).fetchall()}
    return _assemble(store, [rows[i] for i in ids], max_mentions)


def _assemble(store: Any, rows: list[tuple], max_mentions: int | None) -> list[dict[str, Any]]:
    """Return the API's event dicts for rows of ``store_events.READ_COLUMNS``: the record, its mentions and counts."""
    refs = store_events.page_refs(store.con, [(r[0], r[5]) for r in rows], max_mentions)
    out = []
    for event_id, record, n_m, n_a, n_s, _ in rows:
        event = json.loads(record)
        event["event_id"] = event_id
        event.update(mentions=[m.to_dict() for m in refs.get(event_id, [])], num_mentions=n_m, num_articles=n_a,
                     num_sources=n_s)
        out.append(event)
    return out


def iter_events(store: Any, f: Filters, chunk: int = 500) -> Iterator[dict[str, Any]]:
    """Yield every event matching ``f`` in (date, event_id) order, streamed in chunks (for downloads)."""
    where, params = _where(f)
    # A cursor of its own for the ids: a download of many events never holds them all, and the
    # records of each chunk are read beside it.
    cur = store.con.cursor()
    try:
        cur.execute(f"SELECT e.event_id FROM events e{_sql_where(where)} ORDER BY e.date NULLS LAST, e.event_id",
                    params)
        while rows := cur.fetchmany(chunk):
            yield from events_by_id(store, [r[0] for r in rows])
    finally:
        cur.close()


def events_of_articles(store: Any, article_ids: list[str]) -> list[dict[str, Any]]:
    """Return the events that the articles ``article_ids`` report (negated ones left out), in date order."""
    if not article_ids:
        return []
    ids = [r[0] for r in store.con.execute(
        "SELECT e.event_id FROM events e WHERE e.event_id IN (SELECT DISTINCT m.event_id FROM mentions m "
        "WHERE list_contains(?, m.article_id) AND NOT coalesce(m.negated, false)) "
        "ORDER BY e.date NULLS LAST, e.event_id", [list(article_ids)]).fetchall()]
    return events_by_id(store, ids, LIST_MENTIONS)


def event_detail(store: Any, event_id: str) -> dict[str, Any] | None:
    """Return one event with all its mentions, each with its article's title and an excerpt; None if unknown.

    An id that an event was merged away from (or a mention's id) resolves to the event it now
    belongs to; the answer then names the id asked for in ``redirected_from``.
    """
    from communique.io.store.events import get_event

    merged = get_event(store.con, event_id)
    if merged is None:
        return None
    event = merged.to_dict()
    event["redirected_from"] = event_id if merged.event_id != event_id else None
    ids = sorted({m["article_id"] for m in event["mentions"]})
    articles = {aid: (title, text) for aid, title, text in store.con.execute(
        "SELECT id, title, text FROM articles WHERE list_contains(?, id)", [ids]).fetchall()}
    said: dict[str, list[str]] = {}
    for mid, text in store.con.execute(
            "SELECT mention_id, text FROM participants WHERE list_contains(?, mention_id) "
            "ORDER BY mention_id, role, position", [[m["mention_id"] for m in event["mentions"]]]).fetchall():
        said.setdefault(mid, []).append(text)
    for m in event["mentions"]:
        title, text = articles.get(m["article_id"], (None, ""))
        m["title"] = title
        m["participants"] = [t for t in said.get(m["mention_id"], []) if t]
        m.update(_excerpt(text or "", m["evidence"]))
    return event


def _excerpt(text: str, evidence: dict[str, Any]) -> dict[str, Any]:
    """Return the article text around the evidence sentence and where it starts in the article."""
    if not evidence or not text:
        return {"excerpt": "", "excerpt_start": 0}
    start = max(0, int(evidence.get("start", 0)) - EXCERPT_CHARS)
    end = min(len(text), int(evidence.get("end", 0)) + EXCERPT_CHARS)
    return {"excerpt": text[start:end], "excerpt_start": start}


def dyad_series(store: Any, a: str, b: str, by: str = "month", f: Filters | None = None,
                count: str = "events") -> list[dict[str, Any]]:
    """Return the dyad a-b's events (or mentions) per period: count, counts by type and quad class, mean score."""
    table = _table(count)
    if by not in PERIODS:
        raise StoreError(f"by: unknown period {by!r}: use {', '.join(PERIODS)}", code="E404")
    a, b = _code(a, "actor A"), _code(b, "actor B")
    base = f or Filters()
    f = Filters(None, ((a, b),), base.type, base.since, base.until, base.include_negated)
    where, params = _where(f)
    where.append("e.date IS NOT NULL")
    sql = (f"SELECT CAST(date_trunc('{by}', e.date) AS DATE) AS period, e.type, e.quad_class, count(*), "
           f"sum(e.score) FROM {table} e{_sql_where(where)} GROUP BY ALL ORDER BY period, e.type")
    periods: dict[str, dict[str, Any]] = {}
    sums: dict[str, float] = {}
    for period, etype, quad, n, total in store.con.execute(sql, params).fetchall():
        key = _period_label(period, by)
        p = periods.setdefault(key, {"period": key, "start": str(period), "events": 0, "counts": {}, "quad": {},
                                     "mean_score": 0.0})
        p["events"] += n
        p["counts"][etype] = p["counts"].get(etype, 0) + n
        if quad:
            p["quad"][quad] = p["quad"].get(quad, 0) + n
        sums[key] = sums.get(key, 0.0) + (total or 0.0)
    for key, p in periods.items():
        p["mean_score"] = round(sums[key] / p["events"], 3)
    return list(periods.values())


def _period_label(day: dt.date, by: str) -> str:
    """Return a period's label: 2024-08-27 (day, week's Monday), 2024-08, 2024-Q3, 2024."""
    if by in ("day", "week"):
        return day.isoformat()
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


_ACTOR_CODE = "coalesce(p.country, nullif(p.actor_id, ''))"


def actors(store: Any, q: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Return actors (country codes and actor ids) whose code or a name matches ``q``, most events first."""
    limit = check_limit(limit)
    params: list[Any] = []
    cond = ""
    if q:
        if len(q) > 100:
            raise StoreError("q: at most 100 characters", code="E404")
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        cond = (f"AND ({_ACTOR_CODE} ILIKE ? ESCAPE '\\' OR p.name ILIKE ? ESCAPE '\\' "
                "OR p.text ILIKE ? ESCAPE '\\')")
        params += [like, like, like]
    sql = (f"SELECT {_ACTOR_CODE} AS code, mode(p.name), mode(p.country), mode(p.sector), "
           f"count(DISTINCT e.event_id) AS n FROM participants p JOIN events e ON e.mention_id = p.mention_id "
           f"WHERE {_ACTOR_CODE} IS NOT NULL AND NOT coalesce(e.negated, false) {cond} "
           f"GROUP BY code ORDER BY n DESC, code LIMIT ?")
    names = _country_names()
    return [{"id": code, "name": names.get(code) or name or code, "country": country, "sector": sector,
             "events": n}
            for code, name, country, sector, n in store.con.execute(sql, [*params, limit]).fetchall()]


@functools.cache
def _country_names() -> dict[str, str]:
    """Return ISO3 code -> country name, from the shared lexicon."""
    from communique.stages.lexicon import countries

    return {row["iso3"]: row["name"] for row in countries()}


def network(store: Any, f: Filters, limit: int = 300, count: str = "events") -> dict[str, Any]:
    """Return actors as nodes and actor -> recipient event (or mention) counts as edges, the ``limit`` heaviest."""
    limit = check_limit(limit)
    table = _table(count)
    where, params = _where(f)
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = '{q}')" for q in QUADS)
    sql = f"""
        WITH ev AS (SELECT e.mention_id, e.quad_class FROM {table} e{_sql_where(where)}),
        pairs AS (
            SELECT DISTINCT ev.mention_id, ev.quad_class,
                   coalesce(a.country, nullif(a.actor_id, '')) AS src,
                   coalesce(r.country, nullif(r.actor_id, '')) AS dst
            FROM ev JOIN participants a ON a.mention_id = ev.mention_id AND a.role = 'actor'
                    JOIN participants r ON r.mention_id = ev.mention_id AND r.role = 'recipient'
        )
        SELECT src, dst, count(*) AS weight, {quads} FROM pairs
        WHERE src IS NOT NULL AND dst IS NOT NULL AND src <> dst
        GROUP BY src, dst ORDER BY weight DESC, src, dst LIMIT ?
    """
    kept = []
    for src, dst, weight, *by_quad in store.con.execute(sql, [*params, limit]).fetchall():
        kept.append({"source": src, "target": dst, "weight": weight,
                     "quad": {q: n for q, n in zip(QUADS, by_quad, strict=True) if n}})
    counts: dict[str, int] = {}
    for e in kept:
        counts[e["source"]] = counts.get(e["source"], 0) + e["weight"]
        counts[e["target"]] = counts.get(e["target"], 0) + e["weight"]
    names = _country_names()
    nodes = [{"id": code, "label": names.get(code, code), "events": n}
             for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"nodes": nodes, "edges": kept}


def places(store: Any, f: Filters, limit: int = 1000, count: str = "events") -> list[dict[str, Any]]:
    """Return the places events happened at, with their coordinates and event counts, most events first."""
    limit = check_limit(limit)
    table = _table(count)
    where, params = _where(f)
    where += ["e.lat IS NOT NULL", "e.lon IS NOT NULL"]
    sql = (f"SELECT coalesce(e.location_name, e.location_text), e.location_country, e.geonameid, "
           f"round(avg(e.lat), 4), round(avg(e.lon), 4), count(*) AS n FROM {table} e{_sql_where(where)} "
           f"GROUP BY 1, 2, 3 ORDER BY n DESC, 1 LIMIT ?")
    return [{"name": name, "country": country, "geonameid": gid, "lat": lat, "lon": lon, "events": n}
            for name, country, gid, lat, lon, n in store.con.execute(sql, [*params, limit]).fetchall()]
