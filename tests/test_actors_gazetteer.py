"""Gazetteer files and matching: every kind of entry, the case rules, the cheap filter API."""

from __future__ import annotations

import pytest

from communique.stages.actors.gazetteer import country_of, has_actor_term, load_gazetteer
from communique.stages.lexicon import is_lowercased


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_gazetteer_covers_every_iso_country_plus_palestine_and_kosovo(gaz):
    import pycountry

    iso3 = {c.alpha_3 for c in pycountry.countries}
    assert iso3 <= set(gaz.countries)
    assert {"PSE", "XKX"} <= set(gaz.countries)
    assert len(gaz.countries) >= 250


def test_gazetteer_has_at_least_150_igos_without_country(gaz):
    assert len(gaz.igos) >= 150
    for key in ("UN", "OIC", "OTS", "ECO", "NATO", "EU", "AU", "ASEAN", "OSCE", "CSTO", "SCO", "OPEC", "IMF",
                "WB", "ICC", "ICRC", "IFRC"):
        assert key in gaz.igos, key
        assert gaz.igos[key].country is None


@pytest.mark.parametrize(
    "surface, kind, key",
    [
        ("Turkey", "country", "TUR"),
        ("Türkiye", "country", "TUR"),
        ("U.S.", "country", "USA"),
        ("US", "country", "USA"),
        ("United States", "country", "USA"),
        ("America", "country", "USA"),
        ("Ivory Coast", "country", "CIV"),
        ("Côte d'Ivoire", "country", "CIV"),
        ("Palestine", "country", "PSE"),
        ("Kosovo", "country", "XKX"),
        ("Azerbaijani", "demonym", "AZE"),
        ("Palestinians", "demonym", "PSE"),
        ("Israelis", "demonym", "ISR"),
        ("Turkish", "demonym", "TUR"),
        ("Ankara", "capital", "TUR"),
        ("Baku", "capital", "AZE"),
        ("Istanbul", "city", "TUR"),
        ("OIC", "igo", "OIC"),
        ("Organization of Islamic Cooperation", "igo", "OIC"),
        ("Organization of Turkic States", "igo", "OTS"),
        ("World Bank", "igo", "WB"),
        ("Red Cross", "igo", "ICRC"),
        ("Hezbollah", "group", "HEZBOLLAH"),
        ("Kremlin", "group", "KREMLIN"),
        ("police", "sector", "POL"),
        ("troops", "sector", "MIL"),
        ("rebels", "sector", "REB"),
        ("companies", "sector", "BUS"),
        ("journalists", "sector", "MED"),
        ("clergy", "sector", "REL"),
        ("parliament", "sector", "LEG"),
        ("judges", "sector", "JUD"),
        ("protesters", "sector", "CVL"),
        ("opposition", "sector", "OPP"),
        ("foreign minister", "title", "foreign minister"),
        ("ambassador", "title", "ambassador"),
        ("the two countries", "collective", "the two countries"),
        ("both sides", "collective", "both sides"),
    ],
)
def test_gazetteer_lookup_reads_each_kind(gaz, surface, kind, key):
    entries = gaz.lookup(surface)
    assert any(e.kind == kind and e.key == key for e in entries), entries


@pytest.mark.parametrize(
    "title, sector",
    [("president", "GOV"), ("prime minister", "GOV"), ("defence minister", "GOV"), ("interior minister", "GOV"),
     ("spokesperson", "GOV"), ("general", "MIL"), ("commander", "MIL"), ("mayor", "GOV"), ("governor", "GOV"),
     ("judge", "JUD"), ("mp", "LEG")],
)
def test_gazetteer_titles_carry_a_sector(gaz, title, sector):
    assert gaz.titles[title] == sector


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The US said so.", ["US"]),
        ("Let us talk.", []),  # acronyms match exact case only
        ("We ate turkey.", []),  # a single-word name must be capitalised in normal text
        ("Turkey said so.", ["Turkey"]),
        ("the police in india arrested them", ["police", "india"]),  # lower-cased corpora
        ("talks with the united nations", ["united nations"]),
    ],
)
def test_gazetteer_find_applies_case_rules(gaz, text, expected):
    assert [m.text for m in gaz.find(text)] == expected


def test_gazetteer_find_prefers_the_longest_match(gaz):
    ms = gaz.find("the UN Framework Convention on Climate Change and the Azerbaijani Foreign Ministry")
    assert [m.text for m in ms] == ["UN Framework Convention on Climate Change", "Azerbaijani", "Foreign Ministry"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ankara rejected the proposal.", True),
        ("The OSCE sent observers.", True),
        ("Rebels attacked a convoy.", True),
        ("It rained all day.", False),
    ],
)
def test_gazetteer_has_actor_term(text, expected):
    assert has_actor_term(text) is expected


@pytest.mark.parametrize("name, iso3", [("Azerbaijani", "AZE"), ("Ankara", "TUR"), ("Côte d'Ivoire", "CIV"),
                                        ("U.S.", "USA"), ("Narnia", None)])
def test_gazetteer_country_of(name, iso3):
    assert country_of(name) == iso3


@pytest.mark.parametrize("text", ["the un met in geneva", "The UN met", "123 -- 45", "", "ok.", "iran's army",
                                  "l'\u00e9lite", "\u00c9lite", "\u2167 days", "\u03b1\u03b2 g"])
def test_is_lowercased_ascii_shortcut_agrees_with_the_letter_test(text):
    letters = [c for c in text if c.isalpha()]
    expected = bool(letters) and not any(c.isupper() for c in letters)
    assert is_lowercased(text) is expected
