"""Role constructions of the coded triple (issue 11, h-plover17), with sentences of our own:

- a city before a noun of people at work is where they are from, not the government ("Lagos bus drivers
  walked off the job": Nigerian labour, not the state; sectors.tsv's trade nouns);
- displaced people are of the country a "from" phrase right after them names, however the parse attaches
  it (actors/context.py, ``origin_sectors``);
- a river's bank is a place, not a business (actors/units.py and events/roles.py, ``river_bank_*``), and
  a retreat from a place of another country is received by that country (roles.yaml, departures).
"""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model

DATE = "2027-04-12"


def _events(pipeline, text):
    return pipeline(Article(text=text, date=DATE)).events


@pytest.mark.parametrize("text, word, country, sector", [
    ("Lagos bus drivers walked off the job on Monday over unpaid wages.", "drivers", "NGA", "LAB"),
    ("Karachi shopkeepers shut their stores on Tuesday to protest a new sales tax.", "shopkeepers", "PAK", "BUS"),
])
def test_a_city_before_people_at_work_is_their_home_not_the_state(pipeline, text, word, country, sector):
    actors = [(a.text.lower(), a.country, a.sector) for e in _events(pipeline, text) for a in e.actors]
    assert any(word in t and c == country and s == sector for t, c, s in actors), actors
    assert not any(s == "GOV" for _, _, s in actors), actors


@pytest.mark.parametrize("text, country", [
    ("Slovakia refused refugees from Ukraine at its eastern border.", "UKR"),
    ("Spain deported migrants from Morocco on Thursday.", "MAR"),
])
def test_displaced_people_take_the_country_they_came_from(pipeline, text, country):
    recips = [(a.text.lower(), a.country) for e in _events(pipeline, text) for a in e.recipients]
    assert any(t.endswith(("refugees", "migrants")) and c == country for t, c in recips), recips


def test_a_river_bank_is_no_business(pipeline):
    evs = _events(pipeline, "Artillery units of Russia shelled farms on the east bank of the Dnipro overnight.")
    recips = [(a.text.lower(), a.sector) for e in evs for a in e.recipients]
    assert not any("bank" in t for t, _ in recips), recips


def test_the_bank_of_a_country_is_still_a_business(pipeline):
    # guard: a lower-case bank without a side word stays a business
    evs = _events(pipeline, "Protesters in Lebanon attacked a bank on Monday over frozen deposits.")
    assert any("bank" in a.text.lower() and a.sector == "BUS" for e in evs for a in e.recipients), evs


def test_a_countrys_central_bank_is_still_an_actor(pipeline):
    # guard: "of" alone does not make a river's bank ("the central bank of Nigeria")
    evs = _events(pipeline, "The central bank of Ghana froze the accounts of two opposition politicians on Monday.")
    assert any("bank" in a.text.lower() and a.sector == "BUS" for e in evs for a in e.actors), evs


def test_a_retreat_from_a_foreign_river_bank_is_received_by_its_country(pipeline):
    evs = _events(pipeline, "Russian troops pulled back from the west bank of the Dnipro on Friday.")
    assert any(e.type == "RETREAT" and any(a.country == "UKR" for a in e.recipients) for e in evs), evs


def test_a_retreat_on_home_soil_names_no_recipient(pipeline):
    # guard: a place of the actor's own country left is no recipient
    evs = _events(pipeline, "Ukrainian troops pulled back from the city of Bakhmut on Friday.")
    assert not any(a.country == "UKR" for e in evs if e.type == "RETREAT" for a in e.recipients), evs
