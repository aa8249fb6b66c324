"""Actor and dyad filters mean the same in the store, `communique events`, the API, its downloads and aggregates.

The meaning: an event matches by the participants its record shows (its representative
mention's), a mention by its own. A store of hand-made events (no model) where a merged event
has a second mention with another recipient, an event whose two sides are both actors, an IGO
without a country, a negated and an undated event; each filter's expected ids are computed here
from the records themselves.
"""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest

from communique.core.article import Article, Event, Evidence, Participant, Span
from communique.io.store import Store
from communique.io.store.events import EventPlan, EventWrite, mentions_of, participant_codes
from communique.io.store.migrations import MIGRATIONS

AZE = Participant("Azerbaijan", "Azerbaijan", "AZE", "GOV", "country", "AZE-GOV")
TUR = Participant("Turkey", "Turkey", "TUR", "GOV", "country", "TUR")
ARM = Participant("Armenia", "Armenia", "ARM", "GOV", "country", "ARM")
UN = Participant("the UN", "United Nations", None, "IGO", "igo", "UN")


def _article(date: str | None, *events: tuple[str, list[Participant], list[Participant], bool]) -> Article:
    text = " ".join(f"Sentence {i} about {t}." for i, (t, *_rest) in enumerate(events))
    a = Article(text=text, date=date, source=f"Wire {date}")
    for i, (etype, actors, recipients, negated) in enumerate(events):
        sentence = f"Sentence {i} about {etype}."
        a.events.append(Event(article_id=a.id, sentence_index=i, type=etype, quad_class="verbal_cooperation",
                              score=1.0, actors=actors, recipients=recipients, date=date, negated=negated,
                              evidence=Evidence(sentence, 0, len(sentence), Span("Sentence", 0, 8))))
    return a


def _build(path) -> None:
    with Store(path) as s:
        s.add_articles([
            _article("2024-08-27", ("CONSULT", [AZE], [TUR], False)),
            _article("2024-08-29", ("SUPPORT", [AZE, TUR], [], False), ("ACCUSE", [ARM], [AZE], False)),
            _article("2023-05-01", ("ACCUSE", [AZE], [ARM], False), ("REQUEST", [UN], [AZE], False)),
            _article("2024-09-02", ("CONSULT", [TUR], [AZE], True)),
            _article(None, ("CONSULT", [AZE], [TUR], False)),
        ])
        # A later report of the 2024-08-27 CONSULT names Armenia as the recipient: it joins that
        # event as a second mention, and the event's record (its representative) stays AZE -> TUR.
        first = s.con.execute("SELECT event_id FROM events WHERE type = 'CONSULT' AND date = '2024-08-27'"
                              ).fetchone()[0]
        b = _article("2024-08-28", ("CONSULT", [AZE], [ARM], False))
        rep = next(iter(s.events(type="CONSULT", since="2024-08-27", until="2024-08-27"))).event
        plan = EventPlan(assign={b.events[0].event_id: first})
        plan.events.append(EventWrite(rep, first, "CONSULT", participant_codes(rep), "2024-08-27", "2024-08-28"))
        s.add_articles([b], plan)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("filters") / "f.duckdb"
    _build(path)
    return path


@pytest.fixture(scope="module")
def client(store_path):
    from fastapi.testclient import TestClient

    from communique.surfaces.api import create_app

    app = create_app(store_path, token="")
    with TestClient(app) as c:
        yield c
    app.state.server.close()


def _codes(participants: list[dict]) -> set[str]:
    return {c for p in participants for c in (p.get("country"), p.get("id")) if c}


def _matches(record: dict, actor: str | None = None, dyad: tuple[str, str] | None = None) -> bool:
    """The filters' meaning, from a record: the participants it shows, a code by country or id."""
    acts, recs = _codes(record["actors"]), _codes(record["recipients"])
    if actor and actor not in acts | recs:
        return False
    if dyad:
        a, b = dyad
        return (a in acts and b in recs) or (b in acts and a in recs) or (a in acts and b in acts)
    return True


FILTERS = [
    {"actor": "AZE"}, {"actor": "ARM"}, {"actor": "TUR"}, {"actor": "UN"}, {"actor": "XXX"},
    {"dyad": ("AZE", "TUR")}, {"dyad": ("TUR", "AZE")}, {"dyad": ("AZE", "ARM")}, {"dyad": ("UN", "AZE")},
    {"dyad": ("ARM", "TUR")}, {"actor": "AZE-GOV"}, {"dyad": ("AZE-GOV", "TUR")}, {"dyad": ("ARM", "AZE-GOV")},
    {"actor": "AZE", "type": "ACCUSE"}, {"actor": "AZE", "since": "2024-01-01"},
    {"dyad": ("AZE", "TUR"), "until": "2024-08-28"}, {"actor": "TUR", "include_negated": True},
    {"type": "CONSULT", "since": "2024-08-01", "until": "2024-12-31", "include_negated": True},
]


def _expected(records: list[dict], f: dict) -> list[str]:
    out = []
    for r in records:
        if not _matches(r, f.get("actor"), f.get("dyad")):
            continue
        if f.get("type") and r["type"] != f["type"]:
            continue
        if (f.get("since") or f.get("until")) and not r["date"]:
            continue
        if (f.get("since") and r["date"] < f["since"]) or (f.get("until") and r["date"] > f["until"]):
            continue
        if r["negated"] and not f.get("include_negated"):
            continue
        out.append(r["event_id"])
    return out


def _params(f: dict) -> dict:
    p = {k: v for k, v in f.items() if k != "dyad"}
    if "dyad" in f:
        p["dyad"] = "-".join(f["dyad"])
    if "include_negated" in p:
        p["include_negated"] = "true"
    return p


def test_the_store_the_api_and_the_downloads_filter_alike(client):
    s = client.app.state.server.store  # the store the server holds: one file, read both ways
    records = [e.to_dict() for e in s.events(include_negated=True)]
    assert len(records) == 7 and any(r["num_mentions"] == 2 for r in records)
    for f in FILTERS:
        want = _expected(records, f)
        assert [e.event_id for e in s.events(**f)] == want, f
        params = _params(f)
        ids, cursor = [], None
        while True:  # page by 2 through the keyset cursor
            page = client.get("/api/events", params={**params, "limit": 2,
                                                     **({"cursor": cursor} if cursor else {})}).json()
            ids += [e["event_id"] for e in page["events"]]
            if not (cursor := page["next"]):
                break
        assert ids == want, f
        nd = client.get("/api/events.ndjson", params=params).text.splitlines()
        assert [json.loads(line)["event_id"] for line in nd] == want, f
        rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params=params).text)))
        assert [r["event_id"] for r in rows] == want, f
    # The merged event matches by its record (AZE -> TUR), not by its second mention's recipient;
    # that mention matches by its own.
    merged = next(r for r in records if r["num_mentions"] == 2)
    assert merged["event_id"] not in [e.event_id for e in s.events(actor="ARM")]
    assert merged["event_id"] in {m.event_id for m in s.mentions(actor="ARM")}


def test_codes_with_a_hyphen_filter_and_dyads_read_both_ways(client):
    """An actor id such as AZE-GOV is a code like AZE: it filters, and a dyad naming it reads either way."""
    from communique.services.query import dyad_pairs

    assert dyad_pairs("aze-gov-tur") == (("AZE", "GOV-TUR"), ("AZE-GOV", "TUR"))
    assert dyad_pairs("AZE-GOV,TUR") == (("AZE-GOV", "TUR"),)
    assert dyad_pairs("AZE-TUR") == (("AZE", "TUR"),)
    for bad in ("AZE", "AZE-", "-TUR", "A,B,C", "AZE--TUR", "AZE|X-TUR"):
        assert dyad_pairs(bad) == (), bad
    s = client.app.state.server.store
    gov = [e.event_id for e in s.events(actor="AZE-GOV")]
    assert gov and gov == [e.event_id for e in s.events(actor="AZE")]  # every AZE participant here is AZE-GOV
    for dyad in ("AZE-GOV-TUR", "AZE-GOV,TUR", "TUR-AZE-GOV"):
        got = [e["event_id"] for e in client.get("/api/events", params={"dyad": dyad}).json()["events"]]
        assert got == [e.event_id for e in s.events(dyad=("AZE-GOV", "TUR"))] and got, dyad
    series = client.get("/api/dyads/AZE-GOV/TUR/series", params={"by": "year"}).json()["series"]
    assert sum(p["events"] for p in series) == sum(p["events"] for p in s.dyad_series("AZE", "TUR", by="year"))
    for bad in ({"dyad": "AZE-"}, {"dyad": "A,B,C"}, {"actor": "AZE--GOV"}):
        r = client.get("/api/events", params=bad)
        assert r.status_code == 422 and "E404" in r.text, (bad, r.text)


def test_pages_list_the_mentions_the_mentions_table_holds(client):
    s = client.app.state.server.store
    page = client.get("/api/events", params={"include_negated": "true"}).json()["events"]
    refs = mentions_of(s.con, [e["event_id"] for e in page])
    assert [e["mentions"] for e in page] == [[m.to_dict() for m in refs[e["event_id"]]] for e in page]
    assert [len(e["mentions"]) for e in page] == [e["num_mentions"] for e in page]
    assert [e.mentions for e in s.events(include_negated=True)] == [refs[e["event_id"]] for e in page]


def test_the_cli_filters_alike(tmp_path):
    from typer.testing import CliRunner

    from communique.surfaces.cli import app

    path = tmp_path / "cli.duckdb"
    _build(path)
    with Store(path) as s:
        records = [e.to_dict() for e in s.events(include_negated=True)]
    runner = CliRunner()
    for f in FILTERS:
        args = ["events", "--db", str(path), "--format", "jsonl"]
        for key, value in _params(f).items():
            args += [f"--{key.replace('_', '-')}"] if key == "include_negated" else [f"--{key}", value]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert [json.loads(line)["event_id"] for line in result.stdout.splitlines()] == _expected(records, f), f


def test_aggregates_count_what_the_list_filters(client):
    s = client.app.state.server.store
    records = [e.to_dict() for e in s.events()]
    for a, b in [("AZE", "TUR"), ("AZE", "ARM"), ("UN", "AZE")]:
        dated = [i for i in _expected(records, {"dyad": (a, b)}) if next(r for r in records
                                                                        if r["event_id"] == i)["date"]]
        series = client.get(f"/api/dyads/{a}/{b}/series", params={"by": "year"}).json()["series"]
        assert sum(p["events"] for p in series) == len(dated)
        assert sum(p["events"] for p in s.dyad_series(a, b, by="year")) == len(dated)
    for actor in ("AZE", "ARM", "UN"):
        want: dict[tuple[str, str], int] = {}
        for r in records:
            if _matches(r, actor):
                pairs = {(p["country"] or p["id"], q["country"] or q["id"]) for p in r["actors"]
                         for q in r["recipients"]}
                for pair in pairs:
                    if pair[0] != pair[1]:
                        want[pair] = want.get(pair, 0) + 1
        edges = client.get("/api/network", params={"actor": actor}).json()["edges"]
        assert {(e["source"], e["target"]): e["weight"] for e in edges} == want, actor
    # Mentions match by their own participants: the second report's AZE -> ARM is one of them.
    mentions = [m.mention.to_dict() for m in s.mentions(dyad=("AZE", "ARM"))]
    assert sorted(m["date"] for m in mentions) == ["2023-05-01", "2024-08-28", "2024-08-29"]
    series = client.get("/api/dyads/AZE/ARM/series", params={"by": "year", "count": "mentions"}).json()
    assert sum(p["events"] for p in series["series"]) == 3


def test_migration_6_fills_what_writes_fill(tmp_path):
    """A store written at schema 5 gets, on opening, the codes and mention references a write stores."""
    store_path = tmp_path / "written.duckdb"
    _build(store_path)
    columns = {t: [r[0] for r in duckdb.connect(str(store_path), read_only=True).execute(
        f"SELECT column_name FROM information_schema.columns WHERE table_name = '{t}' ORDER BY ordinal_position"
    ).fetchall()] for t in ("articles", "mentions", "events", "participants", "event_redirects")}
    old = tmp_path / "v5.duckdb"
    con = duckdb.connect(str(old))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
                "applied_at TIMESTAMP DEFAULT current_timestamp)")
    for version, name, sql in MIGRATIONS[:5]:
        for statement in ((sql,) if isinstance(sql, str) else sql):
            con.execute(statement)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    con.execute(f"ATTACH '{store_path}' AS new (READ_ONLY)")
    new_columns = {"actor_codes", "recipient_codes", "mention_refs"}
    for table, cols in columns.items():
        kept = ", ".join(c for c in cols if c not in new_columns)
        con.execute(f"INSERT INTO {table} ({kept}) SELECT {kept} FROM new.{table}")
    con.close()
    query = "SELECT event_id, actor_codes, recipient_codes, mention_refs FROM events ORDER BY event_id"
    with Store(old) as migrated, Store(store_path, read_only=True) as written:
        assert migrated.schema_version() == written.schema_version() == MIGRATIONS[-1][0]
        assert migrated.con.execute(query).fetchall() == written.con.execute(query).fetchall()
        m = "SELECT mention_id, actor_codes, recipient_codes FROM mentions ORDER BY mention_id"
        assert migrated.con.execute(m).fetchall() == written.con.execute(m).fetchall()
        assert [e.to_dict() for e in migrated.events(actor="AZE")] == [e.to_dict() for e in written.events(actor="AZE")]
