"""The project's table of persons in office after the Phoenix files end (data/persons_recent.tsv).

It is read after persons.tsv by ``person_dictionary``: its names must be new there (a second entry
of the same name would make the name ambiguous), its rows valid, and its dated roles must place a
leader on dates in and out of office.
"""

from __future__ import annotations

import pytest

from communique.core.resources import read_tsv
from communique.stages.actors.dictionary import (
    COLUMNS,
    FILE,
    PACKAGE,
    RECENT_FILE,
    PersonDictionary,
    name_key,
    person_dictionary,
)


def _names(rows) -> list[str]:
    return [r["name"] for r in rows if r["name"]]


def test_recent_names_are_not_in_the_phoenix_rows():
    old = PersonDictionary(read_tsv(PACKAGE, FILE, COLUMNS))
    recent = _names(read_tsv(PACKAGE, RECENT_FILE, COLUMNS))
    assert len(recent) >= 60
    assert len({name_key(n) for n in recent}) == len(recent)
    clashes = [n for n in recent if any(e.name for e in old.candidates(n)[0]
                                        if name_key(e.name) == name_key(n) or name_key(n) in map(name_key, e.variants))]
    assert clashes == []


def test_recent_rows_are_valid_and_read_after_phoenix():
    d = person_dictionary()
    assert d.check() > 0
    assert len(d) == len(PersonDictionary(read_tsv(PACKAGE, FILE, COLUMNS))) + len(
        _names(read_tsv(PACKAGE, RECENT_FILE, COLUMNS)))


def test_recent_leaders_are_placed_by_date():
    d = person_dictionary()
    in_office = d.lookup("Emmanuel Macron", "2019-03-20")
    assert (in_office.country, in_office.sector) == ("FRA", "GOV")
    before = d.lookup("Emmanuel Macron", "2010-01-01")
    assert (before.country, before.sector) == ("FRA", "ELI")
    # a second term after a gap: out of office between, in office again after
    assert d.lookup("Donald Trump", "2019-03-20").sector == "GOV"
    assert d.lookup("Donald Trump", "2023-06-01").sector == "ELI"
    assert d.lookup("Donald Trump", "2025-06-01").sector == "GOV"
    # a surname alone places only a person in office on the date
    assert d.lookup("Zelensky", "2022-03-01").country == "UKR"
    assert d.lookup("Moon", "2019-03-20").country == "KOR"


@pytest.mark.model
@pytest.mark.parametrize("text, span, country", [
    ("Justin Trudeau's government expelled two Saudi diplomats.", "Justin Trudeau's government", "CAN"),
    ("Vladimir Putin's spokesman criticised Japan.", "Vladimir Putin's spokesman", "RUS"),
    ("Officials said Angela Merkel's cabinet would meet on Monday.", "Angela Merkel's cabinet", "DEU"),
])
def test_a_possessive_person_name_is_looked_up_without_its_mark(text, span, country):
    """A PERSON entity that takes the possessive in ("Justin Trudeau's") is the name before it."""
    from communique.core.article import Article
    from communique.runtime.pipeline import Pipeline

    art = Pipeline.from_settings(stages=["nlp", "actors"])(Article(text=text, date="2019-03-20"))
    hits = [a for a in art.actors if a.text == span]
    assert hits and hits[0].country == country, [(a.text, a.country) for a in art.actors]


def test_common_english_spellings_of_russian_and_belarusian_leaders_are_placed():
    """News spells these names the English way ("Sergei Shoigu", "Alexander Lukashenko"), not as the
    Phoenix files do ("Sergey Shoygu", "Alyaksandr Lukashenka")."""
    d = person_dictionary()
    minister = d.lookup("Sergei Shoigu", "2019-03-20")
    assert (minister.country, minister.sector, minister.code) == ("RUS", "GOV", "RUSGOVMIL")
    assert d.lookup("Shoigu", "2022-03-01").country == "RUS"
    assert d.lookup("Sergei Shoigu", "2025-01-10").code == "RUSGOV"
    leader = d.lookup("Alexander Lukashenko", "2020-08-10")
    assert (leader.country, leader.sector) == ("BLR", "GOV")
    assert d.lookup("Lukashenko", "2021-05-24").country == "BLR"
