"""Events and mentions in the store: the read side (what the CLI and the API query) and the write plan.

Tables (migrations 5 and 6):

- ``mentions``: one row per coded sentence record (``mention_id``; ``event_id`` names its event),
  with its ``participants`` (keyed by ``mention_id``);
- ``events``: one row per real-world event. Its fields are those of its most informative mention
  (``mention_id`` names it; the participants of that mention are the event's), plus
  ``num_mentions``, ``num_articles``, ``num_sources`` and what clustering compares (``family``,
  ``codes``, ``first_date``/``last_date``, ``features``);
- both carry ``actor_codes`` / ``recipient_codes`` (``role_codes``: what the actor and dyad
  filters match), and ``events.mention_refs`` lists the event's mentions for pages (``refs_of``),
  both since migration 6;
- ``event_redirects(old_id, new_id)``: an event merged into another. Redirects are kept flat
  (every ``new_id`` is a live event), so resolving an id takes one look-up.

Every function here takes a DuckDB connection; ``Store`` delegates to them. Listings stream in
chunks and are ordered by (date, event_id), dates unknown last: ``after`` takes the cursor of
the last record a client saw (``cursor_of``), so that pages never skip or repeat a record
(keyset paging), even while new events are stored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from communique.core.errors import StoreError
from communique.core.event import Event, Evidence, Location, Participant, Span
from communique.core.merged import MentionRef, MergedEvent, StoredMention

CHUNK = 1024  # rows fetched at a time by the streaming reads


# -- the write plan ---------------------------------------------------------------------------
@dataclass
class EventWrite:
    """An event row to write (insert or replace): its representative fields and clustering keys.

    ``event.event_id`` is the event's id; ``mention_id`` names the mention whose fields it keeps.
    The counts are not given: the store recounts them from the mentions table after each write.
    """

    event: Event
    mention_id: str
    family: str
    codes: list[str]
    first_date: str | None
    last_date: str | None
    features: dict[str, Any] = field(default_factory=dict)


@dataclass
class EventPlan:
    """How a batch's mentions join events: what ``Store.add_articles`` writes with the batch.

    ``assign`` maps each new mention id to its event id; ``events`` are the event rows to write
    (new ones and stored ones that changed); ``merges`` are (old, new) pairs: every mention of the
    old event moves to the new one, and the old id redirects to it.
    """

    assign: dict[str, str] = field(default_factory=dict)
    events: list[EventWrite] = field(default_factory=list)
    merges: list[tuple[str, str]] = field(default_factory=list)
    mentions: dict[str, Event] = field(default_factory=dict)  # mention id -> the record to store, if changed


@dataclass
class Candidate:
    """A stored event as clustering sees it: keys, date window, features and representative record.

    ``partial``: ``event`` holds only the record's type and location (what deciding whether a
    new cluster may join the event reads); ``event_records`` reads the whole record.
    """

    event_id: str
    mention_id: str
    family: str
    codes: list[str]
    first_date: str | None
    last_date: str | None
    features: dict[str, Any]
    event: Event
    num_mentions: int = 1
    partial: bool = False


def participant_codes(e: Event) -> list[str]:
    """Return the sorted distinct country codes (else IGO or actor ids) of an event's participants."""
    return sorted({c for p in (*e.actors, *e.recipients) if (c := p.code)})


SEP = "|"  # between the codes of ``role_codes``; no country code or actor id contains it


def role_codes(group: Sequence[Participant]) -> str:
    """Return the codes an actor or dyad filter matches in one role, as ``|AZE|AZE-GOV|`` ('' for none).

    A participant matches a filter code by its country or by its actor (or IGO) id, so both are
    kept (``participant_codes`` keeps one code per participant, for blocking). A delimited string,
    not a list: DuckDB tests ``contains`` on it several times faster than ``list_contains``, and
    migration 6 fills a string column in a second where a list column took a minute (100,000 events).
    """
    codes = sorted({c for p in group for c in (p.country, p.id) if c and SEP not in c})
    return f"{SEP}{SEP.join(codes)}{SEP}" if codes else ""


# -- paging -----------------------------------------------------------------------------------
def cursor_of(record: MergedEvent | StoredMention | Event) -> str:
    """Return the paging cursor of a record: ``date|id`` (``|id`` when the date is unknown)."""
    if isinstance(record, MergedEvent):
        e, key = record.event, record.event_id
    elif isinstance(record, StoredMention):
        e, key = record.mention, record.mention_id
    else:
        e, key = record, record.event_id
    return f"{e.date or ''}|{key}"


def _after(cursor: str, date_col: str, id_col: str) -> tuple[str, list[Any]]:
    """Return the SQL condition (and its parameters) for records after ``cursor`` in (date, id) order."""
    date, sep, key = str(cursor).partition("|")
    if not sep:
        raise StoreError(f"invalid paging cursor {cursor!r}: expected 'YYYY-MM-DD|id' or '|id'", code="E404")
    return after(query_date(date, "cursor") if date else None, key, date_col, id_col)


def after(date: str | None, key: str, date_col: str, id_col: str) -> tuple[str, list[Any]]:
    """Return the SQL condition (and its parameters) for records after the row (date, key), unknown dates last."""
    if not date:
        return f"({date_col} IS NULL AND {id_col} > ?)", [key]
    return (f"({date_col} > CAST(? AS DATE) OR ({date_col} = CAST(? AS DATE) AND {id_col} > ?) "
            f"OR {date_col} IS NULL)", [date, date, key])


def query_date(value: object, name: str) -> str:
    """Return ``value`` if it is a date YYYY-MM-DD, else raise StoreError E404 naming the filter."""
    try:
        if isinstance(value, str) and len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise StoreError(f"invalid {name} date {value!r}: expected YYYY-MM-DD", code="E404")


def check_limit(limit: object) -> None:
    """Raise StoreError E404 unless ``limit`` is None or a whole number, 0 or more."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise StoreError(f"invalid limit {limit!r}: expected a whole number, 0 or more", code="E404")


# -- filters ----------------------------------------------------------------------------------
Dyad = tuple[str, str] | Sequence[tuple[str, str]]  # one pair of codes, or several (any of them matches)


def filters(actor: str | None = None, dyad: Dyad | None = None, type: str | None = None,
            since: str | None = None, until: str | None = None, include_negated: bool = False,
            alias: str = "e") -> tuple[list[str], list[Any]]:
    """Return SQL conditions and parameters over table ``alias`` (events or mentions).

    ``actor`` and ``dyad`` match a participant's country code or actor (IGO) id: for a mention,
    its own participants; for an event, those of its representative mention, the ones its record
    shows (not the union over all its mentions, the ``codes`` that clustering blocks on). A dyad
    matches records with one side among the actors and the other among the recipients (either
    direction), or both among the actors of a reciprocal record. ``dyad`` is one pair of codes or
    several (the readings of an ambiguous ``A-B``, whose codes hold a hyphen); a record matching
    any of them matches.

    Both read the record's ``actor_codes`` / ``recipient_codes`` (``role_codes``, migration 6),
    written with the record from the participants that the participants table holds: a
    ``contains`` on the scanned rows instead of a semi-join on the participants, which cost
    17-35 ms of a 50 ms page budget on 100,000 events (busiest actor: 35% of them).
    """
    where: list[str] = []
    params: list[Any] = []
    acts, recs = f"contains({alias}.actor_codes, ?)", f"contains({alias}.recipient_codes, ?)"
    if actor:
        where.append(f"({acts} OR {recs})")
        params += [_key(actor), _key(actor)]
    if dyad:
        pairs = [dyad] if isinstance(dyad[0], str) else list(dyad)
        one = f"(({acts} AND {recs}) OR ({acts} AND {recs}) OR ({acts} AND {acts}))"
        where.append("(" + " OR ".join([one] * len(pairs)) + ")")
        for a, b in pairs:
            a, b = _key(a), _key(b)
            params += [a, b, b, a, a, b]
    if type:
        where.append(f"{alias}.type = ?")
        params.append(type.upper())
    if since:
        where.append(f"{alias}.date >= CAST(? AS DATE)")
        params.append(query_date(since, "since"))
    if until:
        where.append(f"{alias}.date <= CAST(? AS DATE)")
        params.append(query_date(until, "until"))
    if not include_negated:
        where.append(f"NOT coalesce({alias}.negated, false)")
    return where, params


def _key(code: str) -> str:
    """Return what ``contains`` looks for in a ``role_codes`` column to match ``code`` exactly."""
    if SEP in code:
        raise StoreError(f"invalid actor code {code!r}: a code has no {SEP!r}", code="E404")
    return f"{SEP}{code}{SEP}"


# -- reads: events ----------------------------------------------------------------------------
READ_COLUMNS = ("event_id", "record", "num_mentions", "num_articles", "num_sources", "mention_refs")


def record_columns(alias: str) -> str:
    """Return the select list of an event's row as the readers take it (``READ_COLUMNS`` of ``alias``)."""
    return ", ".join(f"{alias}.{c}" for c in READ_COLUMNS)


def _paged(select: str, alias: str, id_col: str, where: list[str], params: list[Any],
           after: str | None, limit: int | None) -> str:
    """``select`` with the filters, the page cursor (its values appended to ``params``), the order
    of a listing (by date, unknown last, then id) and the limit."""
    if after:
        cond, extra = _after(after, f"{alias}.date", f"{alias}.{id_col}")
        where.append(cond)
        params += extra
    sql = select + (" WHERE " + " AND ".join(where) if where else "")
    sql += f" ORDER BY {alias}.date NULLS LAST, {alias}.{id_col}"
    return sql + (f" LIMIT {int(limit)}" if limit else "")


def list_events(con: Any, *, actor: str | None = None, dyad: Dyad | None = None,
                type: str | None = None, since: str | None = None, until: str | None = None,
                include_negated: bool = False, limit: int | None = None, after: str | None = None,
                max_mentions: int | None = None) -> Iterator[MergedEvent]:
    """Yield stored events matching the filters, ordered by date (unknown last) then event id.

    Each comes with its mentions (oldest article first; at most ``max_mentions`` of them when
    given, the counts always whole). ``after`` is a ``cursor_of`` value: only records after it.
    ``limit`` 0 or None: no limit.
    """
    check_limit(limit)
    where, params = filters(actor, dyad, type, since, until, include_negated)
    sql = _paged(f"SELECT {record_columns('e')} FROM events e", "e", "event_id", where, params, after, limit)
    # A cursor of its own, read in chunks: an export of millions of events never holds them all,
    # and the caller may use the connection while it iterates.
    cursor = con.cursor()
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            refs = page_refs(con, [(r[0], r[5]) for r in rows], max_mentions)
            for event_id, record, n_m, n_a, n_s, _ in rows:
                yield _merged(event_id, record, refs.get(event_id, []), n_m, n_a, n_s)
    finally:
        cursor.close()


def page_refs(con: Any, rows: Sequence[tuple[str, str | None]], max_mentions: int | None = None,
              ) -> dict[str, list[MentionRef]]:
    """Return event id -> its mentions for (event id, ``mention_refs``) pairs, from the mentions table if unset."""
    out = {eid: refs for eid, text in rows if (refs := refs_of(text, max_mentions)) is not None}
    missing = [eid for eid, _ in rows if eid not in out]
    return (out | mentions_of(con, missing, max_mentions)) if missing else out


def get_event(con: Any, event_id: str, max_mentions: int | None = None) -> MergedEvent | None:
    """Return the event an id names, following redirects (and mention ids), or None if unknown."""
    live = resolve_event_id(con, event_id)
    if live is None:
        return None
    row = con.execute("SELECT event_id, record, num_mentions, num_articles, num_sources FROM events "
                      "WHERE event_id = ?", [live]).fetchone()
    refs = mentions_of(con, [live], max_mentions)
    return _merged(row[0], row[1], refs.get(live, []), row[2], row[3], row[4])


def resolve_event_id(con: Any, any_id: str) -> str | None:
    """Return the live event id for ``any_id``: an event id, a merged-away event id or a mention id.

    An id a client holds keeps resolving after its event was merged into another
    (``event_redirects``), and a mention id (the event id of stores before migration 5) names
    the event the mention belongs to. None when the id is unknown.
    """
    row = con.execute("SELECT event_id FROM events WHERE event_id = ?", [any_id]).fetchone()
    if row:
        return row[0]
    row = con.execute("SELECT new_id FROM event_redirects WHERE old_id = ?", [any_id]).fetchone()
    if row:
        return row[0]
    row = con.execute("SELECT event_id FROM mentions WHERE mention_id = ?", [any_id]).fetchone()
    return row[0] if row else None


def redirects(con: Any) -> dict[str, str]:
    """Return every redirect: merged-away event id -> the live event id."""
    return dict(con.execute("SELECT old_id, new_id FROM event_redirects ORDER BY old_id").fetchall())


# What a mention reference is made of, in order (``_ref``): the mention's columns and its article's.
REF_COLUMNS = ("m.mention_id, m.article_id, m.sentence_index, a.source, a.url, CAST(a.date AS VARCHAR), "
               "m.confidence, m.evidence_sentence, m.evidence_start, m.evidence_end, m.trigger_text, "
               "m.trigger_start, m.trigger_end")
REF_ORDER = "a.date NULLS LAST, m.article_id, m.sentence_index, m.mention_id"  # oldest article first


def mentions_of(con: Any, event_ids: Sequence[str], max_mentions: int | None = None) -> dict[str, list[MentionRef]]:
    """Return event id -> its mentions as the event record lists them (oldest article first).

    The ids are joined as a table (a hash join on the page's ids): ``IN (SELECT unnest(?))``
    cost some 30 ms more per page of 100 events on 100,000. Pages read the same references
    from ``events.mention_refs`` instead (``refs_of``).
    """
    if not event_ids:
        return {}
    rows = con.execute(
        f"""
        SELECT m.event_id, {REF_COLUMNS}
        FROM mentions m JOIN (SELECT unnest(?) AS id) page ON m.event_id = page.id
             JOIN articles a ON a.id = m.article_id
        ORDER BY m.event_id, {REF_ORDER}
        """, [list(event_ids)]).fetchall()
    out: dict[str, list[MentionRef]] = defaultdict(list)
    for eid, *ref in rows:
        if max_mentions is None or len(out[eid]) < max_mentions:
            out[eid].append(_ref(ref))
    return dict(out)


def refs_of(refs: str | None, max_mentions: int | None = None) -> list[MentionRef] | None:
    """Return the mentions an ``events.mention_refs`` value lists (at most ``max_mentions``); None if unset.

    The column holds each mention's ``REF_COLUMNS`` as a JSON array, oldest article first,
    recounted with the event on every write: a page of events reads its mentions from the rows
    it reads anyway. Reading them from the mentions table cost 15-25 ms of a 50 ms page on
    100,000 events, the page's rows being scattered over the table.
    """
    if refs is None:
        return None
    rows = json.loads(refs)
    return [_ref(r) for r in (rows if max_mentions is None else rows[:max_mentions])]


def _ref(row: Sequence[Any]) -> MentionRef:
    """Return the MentionRef of one row of ``REF_COLUMNS``."""
    mid, aid, sidx, source, url, adate, conf, sent, s0, s1, ttext, t0, t1 = row
    trigger = Span(ttext or "", t0, t1) if t0 is not None else None
    evidence = Evidence(sent or "", s0 or 0, s1 or 0, trigger) if sent is not None else None
    return MentionRef(mid, aid, sidx, source, url, adate, conf or 0.0, evidence)


def _record(event_id: str, record: str) -> Event:
    """Return an event's stored representative record (JSON), with the event's own id."""
    event = Event.from_dict(json.loads(record))
    event.event_id = event_id
    return event


def _merged(event_id: str, record: str, refs: list[MentionRef], n_m: int, n_a: int, n_s: int) -> MergedEvent:
    return MergedEvent(_record(event_id, record), refs, n_m, n_a, n_s)


# -- reads: mentions --------------------------------------------------------------------------
def list_mentions(con: Any, *, event_id: str | None = None, article_id: str | None = None,
                  actor: str | None = None, dyad: Dyad | None = None, type: str | None = None,
                  since: str | None = None, until: str | None = None, include_negated: bool = False,
                  limit: int | None = None, after: str | None = None) -> Iterator[StoredMention]:
    """Yield stored mentions matching the filters, ordered by date (unknown last) then mention id.

    ``event_id`` (resolved through redirects) keeps the mentions of one event, ``article_id``
    those of one article. ``after`` is a ``cursor_of`` value of the last mention seen.
    """
    check_limit(limit)
    where, params = filters(actor, dyad, type, since, until, include_negated, alias="m")
    if event_id is not None:
        where.append("m.event_id = ?")
        params.append(resolve_event_id(con, event_id) or event_id)
    if article_id is not None:
        where.append("m.article_id = ?")
        params.append(article_id)
    sql = _paged("SELECT m.record, m.event_id FROM mentions m", "m", "mention_id", where, params, after, limit)
    cursor = con.cursor()
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            for record, eid in rows:
                yield StoredMention(Event.from_dict(json.loads(record)), eid)
    finally:
        cursor.close()


# -- reads: what clustering compares ----------------------------------------------------------
def candidates(con: Any, families: Sequence[str], codes: Sequence[str] | None, since: str,
               until: str) -> Iterator[Candidate]:
    """Yield the stored events that a batch's mentions may join (the blocking query), in no set order.

    Only events of ``families``, whose date window ``[first_date, last_date]`` meets
    ``[since, until]``, and that share a participant code with ``codes`` (or have none; ``codes``
    None: any) are read: one query per batch, so the cost follows the batch and the events of its
    days, not the store. One batch's window can still reach thousands of events (a mention dated
    only by its year reaches every event of its type in that year), and a caller keeps few of
    them, so they stream: ``CHUNK`` rows at a time, on a cursor of their own, unsorted (a sort
    would hold them all), and without their records (``partial``: the type and location columns
    stand for them; ``event_records`` reads the records of those kept). An event stored without
    features (before clustering) comes with its record, which is all clustering knows of it.
    """
    if not families:
        return
    code_filter = "" if codes is None else "AND (len(codes) = 0 OR list_has_any(codes, ?))"
    params: list[Any] = [sorted(set(families)), since, until]
    if codes is not None:
        params.append(sorted(set(codes)))
    cursor = con.cursor()
    try:
        cursor.execute(
            f"""
            SELECT event_id, mention_id, family, codes, CAST(first_date AS VARCHAR), CAST(last_date AS VARCHAR),
                   features, num_mentions, article_id, sentence_index, type, location_text, location_name,
                   geonameid, location_country, lat, lon,
                   CASE WHEN coalesce(CAST(features AS VARCHAR), '') IN ('', '{{}}', 'null') THEN record END
            FROM events
            WHERE family IN (SELECT unnest(?)) AND coalesce(last_date, first_date) >= CAST(? AS DATE)
              AND coalesce(first_date, last_date) <= CAST(? AS DATE)
              {code_filter}
            """, params)
        while rows := cursor.fetchmany(CHUNK):
            for eid, mid, fam, cds, first, last, feats, n, aid, sid, type_, *loc, record in rows:
                features = json.loads(feats) if feats else {}
                if record is not None:
                    event, partial = _record(eid, record), False
                elif not features:  # features the query did not spell as empty: read the record now
                    event, partial = event_records(con, [eid])[eid], False
                else:
                    place = Location(*loc) if any(x is not None for x in loc) else None
                    event = Event(article_id=aid, sentence_index=sid, type=type_, location=place, event_id=eid)
                    partial = True
                yield Candidate(eid, mid, fam, list(cds or []), first, last, features, event, n, partial=partial)
    finally:
        cursor.close()


def event_records(con: Any, event_ids: Sequence[str]) -> dict[str, Event]:
    """Return the representative record of each of the events ``event_ids`` (those stored), by id."""
    if not event_ids:
        return {}
    rows = con.execute("SELECT event_id, record FROM events WHERE event_id IN (SELECT unnest(?))",
                       [list(event_ids)]).fetchall()
    out = {}
    for eid, record in rows:
        out[eid] = _record(eid, record)
    return out


# -- rows -------------------------------------------------------------------------------------
def record_row(e: Event) -> list[Any]:
    """Return the columns shared by ``mentions`` and ``events`` (id first, then fields, record JSON last)."""
    loc, ev, trig = e.location, e.evidence, e.trigger
    return [
        e.event_id, e.article_id, e.sentence_index, e.type, e.mode, e.context, e.quad_class, e.score, e.cameo,
        e.date, e.date_text, e.date_granularity,
        *((loc.text, loc.name, loc.geonameid, loc.country, loc.lat, loc.lon) if loc else (None,) * 6),
        e.negated, e.hypothetical, e.future, e.historical, e.confidence,
        *((ev.sentence, ev.start, ev.end) if ev else (None,) * 3),
        *((trig.text, trig.start, trig.end) if trig else (None,) * 3),
        role_codes(e.actors), role_codes(e.recipients),
        json.dumps(e.to_dict(), ensure_ascii=False),
    ]


RECORD_COLUMNS = [
    "article_id", "sentence_index", "type", "mode", "context", "quad_class", "score", "cameo", "date", "date_text",
    "date_granularity", "location_text", "location_name", "geonameid", "location_country", "lat", "lon",
    "negated", "hypothetical", "future", "historical", "confidence", "evidence_sentence", "evidence_start",
    "evidence_end", "trigger_text", "trigger_start", "trigger_end", "actor_codes", "recipient_codes",
]
MENTION_COLUMNS = ["mention_id", *RECORD_COLUMNS, "record", "event_id"]
EVENT_COLUMNS = ["event_id", *RECORD_COLUMNS, "record", "mention_id", "family", "codes", "first_date", "last_date",
                 "features"]


def mention_row(e: Event, event_id: str) -> list[Any]:
    """Return the ``mentions`` row of a mention record (in ``MENTION_COLUMNS`` order)."""
    return [*record_row(e), event_id]


def event_row(w: EventWrite) -> list[Any]:
    """Return the ``events`` row of an event to write (in ``EVENT_COLUMNS`` order)."""
    return [*record_row(w.event), w.mention_id, w.family, list(w.codes), w.first_date, w.last_date,
            json.dumps(w.features, ensure_ascii=False, sort_keys=True)]


def singleton_plan(mentions: Sequence[Event]) -> EventPlan:
    """Return the plan that makes each mention an event of its own (event id = mention id)."""
    plan = EventPlan()
    for m in mentions:
        plan.assign[m.event_id] = m.event_id
        plan.events.append(EventWrite(m, m.event_id, m.type, participant_codes(m), m.date, m.date))
    return plan


def write_plan(con: Any, plan: EventPlan, insert_rows: Any) -> None:
    """Apply a plan's merges and event rows inside the caller's transaction, then recount.

    Merges move the old event's mentions, delete its row, record the redirect and re-point
    redirects that named it, so redirects stay one hop.
    """
    for old, new in plan.merges:
        con.execute("UPDATE mentions SET event_id = ? WHERE event_id = ?", [new, old])
        con.execute("DELETE FROM events WHERE event_id = ?", [old])
        con.execute("UPDATE event_redirects SET new_id = ? WHERE new_id = ?", [new, old])
        con.execute("INSERT OR REPLACE INTO event_redirects (old_id, new_id) VALUES (?, ?)", [old, new])
    ids = [w.event.event_id for w in plan.events]
    if ids:
        con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?))", [ids])
        insert_rows(con, "events", [event_row(w) for w in plan.events], columns=EVENT_COLUMNS)
    recount(con, sorted({*ids, *(new for _, new in plan.merges)}))


def recount(con: Any, event_ids: Sequence[str]) -> None:
    """Recount the events ``event_ids`` from the mentions table: the counts and ``mention_refs``."""
    if not event_ids:
        return
    con.execute(
        f"""
        UPDATE events SET num_mentions = c.n_m, num_articles = c.n_a, num_sources = c.n_s,
               mention_refs = c.refs, updated_at = current_timestamp
        FROM (SELECT m.event_id, count(*) AS n_m, count(DISTINCT m.article_id) AS n_a,
                     count(DISTINCT coalesce(nullif(a.source, ''), 'article:' || m.article_id)) AS n_s,
                     CAST(to_json(list(json_array({REF_COLUMNS}) ORDER BY {REF_ORDER})) AS VARCHAR) AS refs
              FROM mentions m JOIN articles a ON a.id = m.article_id
              WHERE m.event_id IN (SELECT unnest(?)) GROUP BY m.event_id) AS c
        WHERE events.event_id = c.event_id
        """, [list(event_ids)])
