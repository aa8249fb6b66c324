"""The person registry: facts taught by articles, frozen snapshots, time-bounded roles, DuckDB persistence."""

from __future__ import annotations

import duckdb
import pytest

from communique.core.article import Article, Sentence
from communique.core.knowledge import Knowledge
from communique.core.registry import ActorRegistry, PersonFact
from communique.io.store import registry as registry_table
from communique.io.store.migrations import MIGRATIONS, statements
from communique.stages.actors import ActorStage, actors_in


def make_article(text: str, date: str) -> Article:
    art = Article(text=text, date=date)
    art.sentences = [Sentence(index=0, start=0, end=len(text), text=text, candidate=False)]
    return art


def actor_over(art: Article, text: str):
    k = art.text.index(text)
    return actors_in(art, k, k + len(text))[0]


def fact(name, country, sector, role, date, article_id="a"):
    return PersonFact(name, country, sector, role, date, article_id, "title")


def test_actors_registry_teaches_later_article_through_the_next_snapshot():
    stage = ActorStage()
    first = stage(make_article("Azerbaijani Foreign Minister Jeyhun Bayramov arrived in Ankara.", "2024-08-27"))
    assert first.learned == [PersonFact("Jeyhun Bayramov", "AZE", "GOV", "foreign minister", "2024-08-27",
                                        first.id, "title")]
    knowledge = Knowledge().merged([first])
    later = stage.bind(knowledge)(make_article("Bayramov said the talks were useful.", "2024-09-02"))
    a = actor_over(later, "Bayramov")
    assert (a.name, a.country, a.sector, a.kind) == ("Jeyhun Bayramov", "AZE", "GOV", "person")
    assert (a.basis, a.ref, a.role) == ("registry", first.id, "foreign minister")
    (entry,) = knowledge.registry.entries["Jeyhun Bayramov"]
    assert (entry.role, entry.first_seen, entry.last_seen) == ("foreign minister", "2024-08-27", "2024-08-27")


def test_actors_registry_stage_never_changes_its_snapshot():
    snapshot = ActorRegistry()
    stage = ActorStage(registry=snapshot)
    stage(make_article("Kenyan Foreign Minister Amara Odhiambo met officials.", "2024-03-04"))
    assert len(snapshot) == 0 and snapshot.facts == ()


def test_actors_registry_role_change_between_dated_articles():
    stage = ActorStage()
    arts = [stage(make_article(t, d)) for t, d in [
        ("Russian Defence Minister Sergei Shoigu inspected the troops.", "2020-05-01"),
        ("Russian Defence Minister Sergei Shoigu visited Minsk.", "2022-03-01"),
        ("Russian Security Council Secretary Sergei Shoigu met officials.", "2024-06-01"),
    ]]
    reg = Knowledge().merged(arts).registry
    entries = reg.entries["Sergei Shoigu"]
    assert [(e.role, e.first_seen, e.last_seen) for e in entries] == [
        ("defence minister", "2020-05-01", "2022-03-01"),
        ("secretary", "2024-06-01", "2024-06-01"),
    ]
    assert reg.lookup("Shoigu", "2021-01-01").role == "defence minister"
    assert reg.lookup("Shoigu", "2024-07-01").role == "secretary"
    assert reg.lookup("Sergei Shoigu", "2019-01-01") is entries[0]  # before any entry: the earliest


@pytest.mark.parametrize(
    "learned, date, expected",
    [
        ([("AZE", "GOV", "foreign minister", "2020-01-01")], "2024-01-01", "AZE"),
        ([("AZE", "GOV", "ambassador", "2010-01-01"), ("AZE", "GOV", "foreign minister", "2020-07-16")],
         "2015-01-01", "ambassador"),
        ([("AZE", "GOV", "ambassador", "2010-01-01"), ("AZE", "GOV", "foreign minister", "2020-07-16")],
         "2021-01-01", "foreign minister"),
    ],
)
def test_actors_registry_lookup_by_date(learned, date, expected):
    reg = ActorRegistry.from_facts(fact("Jeyhun Bayramov", c, s, r, d) for c, s, r, d in learned)
    e = reg.lookup("Jeyhun Bayramov", date)
    assert expected in (e.country, e.role)


def test_actors_registry_unknown_or_ambiguous_surname():
    reg = ActorRegistry.from_facts([fact("Ilham Aliyev", "AZE", "GOV", "president", "2024-01-01"),
                                    fact("Heydar Aliyev", "AZE", "GOV", "president", "1995-01-01", "b")])
    assert reg.lookup("Aliyev", "2024-02-01") is None
    assert reg.lookup("Nobody", "2024-02-01") is None


def test_actors_registry_is_a_function_of_its_facts_in_any_order():
    facts = [fact("Hakan Fidan", "TUR", "GOV", "intelligence chief", "2015-01-01", "a1"),
             fact("Hakan Fidan", "TUR", "GOV", "foreign minister", "2024-08-27", "a3"),
             fact("Hakan Fidan", "TUR", "GOV", "foreign minister", "2023-06-04", "a2")]
    at_once = ActorRegistry.from_facts(facts)
    one_by_one = ActorRegistry()
    for f in facts:  # the 2023 fact arrives after the 2024 one: the fold starts again
        one_by_one = one_by_one.merged([f])
    assert one_by_one.entries == at_once.entries
    assert [(e.role, e.first_seen, e.last_seen, e.article_id) for e in at_once.entries["Hakan Fidan"]] == [
        ("intelligence chief", "2015-01-01", "2015-01-01", "a1"),
        ("foreign minister", "2023-06-04", "2024-08-27", "a2"),
    ]


def test_actors_registry_facts_round_trip_through_duckdb_append_only():
    con = duckdb.connect(":memory:")
    for _, _, sql in MIGRATIONS:
        for statement in statements(sql):
            con.execute(statement)
    facts = [fact("Hakan Fidan", "TUR", "GOV", "intelligence chief", "2015-01-01", "a1"),
             fact("Hakan Fidan", "TUR", "GOV", "foreign minister", "2023-06-04", "a2")]
    assert registry_table.append_facts(con, facts) == 2
    assert registry_table.append_facts(con, facts) == 0  # the same facts again add no row
    assert con.execute("SELECT count(*) FROM actor_facts").fetchone()[0] == 2
    back = registry_table.load_registry(con)
    assert back.entries == ActorRegistry.from_facts(facts).entries


def test_actors_registry_migration_keeps_entries_of_an_old_store():
    con = duckdb.connect(":memory:")
    for version, _, sql in MIGRATIONS:
        if version < 3:
            con.execute(sql)
    con.execute("CREATE TABLE actor_registry (name VARCHAR NOT NULL, country VARCHAR, sector VARCHAR, role VARCHAR,"
                " first_seen DATE, last_seen DATE, article_id VARCHAR, how VARCHAR)")
    con.execute("INSERT INTO actor_registry VALUES ('Hakan Fidan', 'TUR', 'GOV', 'foreign minister', "
                "'2023-06-04', '2024-08-27', 'a2', 'title')")
    con.execute(MIGRATIONS[2][2])
    (entry,) = registry_table.load_registry(con).entries["Hakan Fidan"]
    assert (entry.role, entry.first_seen, entry.last_seen, entry.article_id) == (
        "foreign minister", "2023-06-04", "2024-08-27", "a2")


def test_actors_registry_does_not_learn_context_guesses():
    art = ActorStage()(make_article("President Laurent Gbagbo met rebels in the Ivory Coast.", "2003-01-01"))
    assert actor_over(art, "Laurent Gbagbo").country == "CIV"  # from context, for this article only
    assert art.learned == []
