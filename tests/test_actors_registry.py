"""The person registry: learning from articles, time-bounded roles, DuckDB persistence."""

from __future__ import annotations

import duckdb
import pytest

from communique.core.article import Article, Sentence
from communique.stages.actors import ActorRegistry, ActorStage, actors_in


def make_article(text: str, date: str) -> Article:
    art = Article(text=text, date=date)
    art.sentences = [Sentence(index=0, start=0, end=len(text), text=text, candidate=False)]
    return art


def actor_over(art: Article, text: str):
    k = art.text.index(text)
    return actors_in(art, k, k + len(text))[0]


def test_actors_registry_teaches_later_article():
    reg = ActorRegistry()
    stage = ActorStage(registry=reg)
    stage(make_article("Azerbaijani Foreign Minister Jeyhun Bayramov arrived in Ankara.", "2024-08-27"))
    later = stage(make_article("Bayramov said the talks were useful.", "2024-09-02"))
    a = actor_over(later, "Bayramov")
    assert (a.name, a.country, a.sector, a.kind) == ("Jeyhun Bayramov", "AZE", "GOV", "person")
    assert a.how.startswith("registry:")
    (entry,) = reg.entries["Jeyhun Bayramov"]
    assert (entry.role, entry.first_seen, entry.last_seen) == ("foreign minister", "2024-08-27", "2024-08-27")


def test_actors_registry_role_change_between_dated_articles():
    reg = ActorRegistry()
    stage = ActorStage(registry=reg)
    stage(make_article("Russian Defence Minister Sergei Shoigu inspected the troops.", "2020-05-01"))
    stage(make_article("Russian Defence Minister Sergei Shoigu visited Minsk.", "2022-03-01"))
    stage(make_article("Russian Security Council Secretary Sergei Shoigu met officials.", "2024-06-01"))
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
    reg = ActorRegistry()
    for country, sector, role, d in learned:
        reg.learn("Jeyhun Bayramov", country, sector, role, d, "a")
    e = reg.lookup("Jeyhun Bayramov", date)
    assert expected in (e.country, e.role)


def test_actors_registry_unknown_or_ambiguous_surname():
    reg = ActorRegistry()
    reg.learn("Ilham Aliyev", "AZE", "GOV", "president", "2024-01-01", "a")
    reg.learn("Heydar Aliyev", "AZE", "GOV", "president", "1995-01-01", "b")
    assert reg.lookup("Aliyev", "2024-02-01") is None
    assert reg.lookup("Nobody", "2024-02-01") is None


def test_actors_registry_duckdb_round_trip():
    con = duckdb.connect(":memory:")
    reg = ActorRegistry()
    reg.learn("Hakan Fidan", "TUR", "GOV", "intelligence chief", "2015-01-01", "a1")
    reg.learn("Hakan Fidan", "TUR", "GOV", "foreign minister", "2023-06-04", "a2")
    reg.learn("Hakan Fidan", "TUR", "GOV", "foreign minister", "2024-08-27", "a3")
    reg.save(con)
    reg.save(con)  # saving twice replaces, never duplicates
    assert con.execute("SELECT count(*) FROM actor_registry").fetchone()[0] == 2
    back = ActorRegistry.load(con)
    assert [(e.role, e.first_seen, e.last_seen, e.article_id) for e in back.entries["Hakan Fidan"]] == [
        ("intelligence chief", "2015-01-01", "2015-01-01", "a1"),
        ("foreign minister", "2023-06-04", "2024-08-27", "a2"),
    ]


def test_actors_registry_ensure_schema_is_idempotent():
    con = duckdb.connect(":memory:")
    ActorRegistry.ensure_schema(con)
    ActorRegistry.ensure_schema(con)
    assert len(ActorRegistry.load(con)) == 0


def test_actors_registry_does_not_learn_context_guesses():
    reg = ActorRegistry()
    stage = ActorStage(registry=reg)
    art = stage(make_article("President Laurent Gbagbo met rebels in the Ivory Coast.", "2003-01-01"))
    assert actor_over(art, "Laurent Gbagbo").country == "CIV"  # from context, for this article only
    assert len(reg) == 0
