"""The store's events and mentions (migration 5): migrating a store, plans, merges, redirects, paging."""

import json

import duckdb

from communique.core.article import Article, Event, Evidence, Participant, Span
from communique.io.store import Store
from communique.io.store.events import EventPlan, EventWrite, cursor_of, participant_codes
from communique.io.store.migrations import MIGRATIONS

AZE = Participant("Azerbaijan", "Azerbaijan", "AZE", "GOV", "country", "AZE")
TUR = Participant("Turkey", "Turkey", "TUR", "GOV", "country", "TUR")


def _article(text: str, date: str, types: list[str], source: str | None = None) -> Article:
    a = Article(text=text, date=date, source=source)
    for i, t in enumerate(types):
        a.events.append(Event(article_id=a.id, sentence_index=i, type=t, quad_class="verbal_cooperation",
                              score=4.0, actors=[AZE], recipients=[TUR], date=date,
                              evidence=Evidence(text, 0, len(text), Span(text[:3], 0, 3))))
    return a


def test_migration_5_keeps_a_store_built_at_migration_4(tmp_path):
    path = tmp_path / "v4.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
                "applied_at TIMESTAMP DEFAULT current_timestamp)")
    for version, name, sql in MIGRATIONS[:4]:
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    a = _article("Azerbaijan met Turkey.", "2024-08-27", ["CONSULT", "SUPPORT"])
    con.execute("INSERT INTO articles (id, date, text, source) VALUES (?, ?, ?, ?)", [a.id, a.date, a.text, "S"])
    for e in a.events:
        con.execute("INSERT INTO events (event_id, article_id, sentence_index, type, date, negated, record) "
                    "VALUES (?, ?, ?, ?, ?, false, ?)",
                    [e.event_id, a.id, e.sentence_index, e.type, e.date, json.dumps(e.to_dict())])
        con.execute("INSERT INTO participants VALUES (?, 'actor', 0, 'Azerbaijan', 'Azerbaijan', 'AZE', 'GOV', "
                    "'country', 'AZE')", [e.event_id])
    con.close()
    with Store(path) as s:
        assert s.schema_version() == MIGRATIONS[-1][0]
        assert (s.count("mentions"), s.count("events"), s.count("participants")) == (2, 2, 2)
        events = list(s.events())
        assert sorted(e.type for e in events) == ["CONSULT", "SUPPORT"]
        for e in events:  # each old record: one mention, one event named as it was
            assert e.event_id in {m.event_id for m in a.events}
            assert [m.mention_id for m in e.mentions] == [e.event_id]
            assert (e.num_mentions, e.num_articles, e.num_sources) == (1, 1, 1)
        assert s.con.execute("SELECT list_sort(list(DISTINCT codes[1])) FROM events").fetchone()[0] == ["AZE"]
        assert {m.event_id for m in s.mentions()} == {m.event_id for m in a.events}
        assert s.events(actor="AZE") and len(list(s.events(actor="AZE"))) == 2


def test_store_without_a_plan_makes_one_event_per_mention(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        a = _article("Azerbaijan met Turkey.", "2024-08-27", ["CONSULT", "SUPPORT"])
        assert s.add_articles([a]) == (1, 2)
        assert s.count("events") == 2 and s.count("mentions") == 2
        d = next(iter(s.events(type="CONSULT"))).to_dict()
        assert d["event_id"] == a.events[0].event_id
        assert d["mentions"][0]["article_id"] == a.id and d["num_sources"] == 1
        assert d["mentions"][0]["evidence"]["trigger"] == {"text": "Aze", "start": 0, "end": 3}


def _plan_for(articles: list[Article], event_id: str, merges=()) -> EventPlan:
    ms = [m for a in articles for m in a.events]
    rep = ms[0]
    plan = EventPlan(assign={m.event_id: event_id for m in ms}, merges=list(merges))
    ev = Event.from_dict({**rep.to_dict(), "event_id": event_id})
    plan.events.append(EventWrite(ev, rep.event_id, rep.type, participant_codes(rep), rep.date, rep.date))
    return plan


def test_store_merges_redirect_and_recount(tmp_path):
    with Store(tmp_path / "m.duckdb") as s:
        a = _article("Azerbaijan met Turkey in Ankara.", "2024-08-27", ["CONSULT"], source="Wire")
        b = _article("The two ministers met.", "2024-08-28", ["CONSULT"], source="Wire")
        c = _article("Bayramov met Fidan.", "2024-08-28", ["CONSULT"])
        s.add_articles([a])
        s.add_articles([b])  # no plan: an event of its own
        first, second = a.events[0].event_id, b.events[0].event_id
        assert s.count("events") == 2
        # c links the two: second merges into first, and c's mention joins first.
        plan = _plan_for([c], first, merges=[(second, first)])
        plan.events[0] = EventWrite(Event.from_dict({**a.events[0].to_dict(), "event_id": first}), first,
                                    "CONSULT", ["AZE", "TUR"], "2024-08-27", "2024-08-28")
        s.add_articles([c], plan)
        assert s.count("events") == 1
        e = s.event(second)  # the merged-away id resolves to the live event
        assert e is not None and e.event_id == first
        assert (e.num_mentions, e.num_articles, e.num_sources) == (3, 3, 2)  # c has no source: its own
        assert [m.article_id for m in e.mentions] == [a.id, b.id, c.id] or {m.article_id for m in e.mentions} == {
            a.id, b.id, c.id}
        assert s.resolve_event_id(c.events[0].event_id) == first  # a mention id names its event
        assert s.resolve_event_id("nope") is None
        assert {m.event_id for m in s.mentions()} == {first}
        assert [m.mention_id for m in s.mentions(event_id=second)] != []
        # a later merge of first into another keeps the old redirect one hop
        d = _article("Azerbaijan and Turkey talked.", "2024-08-28", ["CONSULT"])
        s.add_articles([d], _plan_for([d], d.events[0].event_id, merges=[(first, d.events[0].event_id)]))
        rows = dict(s.con.execute("SELECT old_id, new_id FROM event_redirects").fetchall())
        assert rows == {second: d.events[0].event_id, first: d.events[0].event_id}


def test_store_event_listing_pages_by_cursor(tmp_path):
    with Store(tmp_path / "p.duckdb") as s:
        arts = [_article(f"Report number {i}.", f"2024-08-{10 + i % 3:02d}", ["CONSULT"]) for i in range(7)]
        arts.append(Article(text="undated", date=None))
        s.add_articles(arts)
        whole = [e.event_id for e in s.events()]
        pages, after = [], None
        while True:
            page = list(s.events(limit=3, after=after))
            if not page:
                break
            pages += [e.event_id for e in page]
            after = cursor_of(page[-1])
        assert pages == whole and len(whole) == 7
        assert [m.mention_id for m in s.mentions(limit=2, after=cursor_of(next(iter(s.mentions()))))][0] != whole[0]


def test_store_summary_and_series_count_events_or_mentions(tmp_path):
    with Store(tmp_path / "c.duckdb") as s:
        a = _article("Azerbaijan met Turkey.", "2024-08-27", ["CONSULT"])
        b = _article("The two ministers met.", "2024-08-27", ["CONSULT"])
        s.add_articles([a])
        s.add_articles([b], _plan_for([b], a.events[0].event_id))
        assert s.summary()["events_by_type"] == {"CONSULT": 1}
        assert s.summary(count="mentions")["events_by_type"] == {"CONSULT": 2}
        assert s.dyad_series("AZE", "TUR")[0]["events"] == 1
        assert s.dyad_series("AZE", "TUR", count="mentions")[0]["events"] == 2
