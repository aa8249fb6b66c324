"""Issue 12 (events, not reports): two wordings that left a report without its incident's event, or the
event without its place, so that it started an event of its own. Sentences written here, through the real
pipeline (spaCy parse, actors, places, events).

- An adverbial clause with its own subordinator and a past-tense verb ("after the ministers discussed ...",
  "as dockers staged a strike") tells an act of its own time: the main clause's "will" or "stopped" does not
  make it future or negated (``modality._governor``).
- A city that opens a sentence as its subject, read by the tagger as a common noun ("Odesa held funerals
  ..."), is still found by the strict gazetteer scan (``where.find._initial_subject``).
"""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model


def _events(art, type_: str) -> list:
    return [e for e in art.events if e.type == type_]


@pytest.mark.parametrize("text,type_", [
    ("Engineers will build a second bridge after Ghana's and Togo's foreign ministers discussed the project on "
     "March 3.", "CONSULT"),
    ("Flights at Nigeria's main airport stopped yesterday as Nigerian baggage handlers staged a one-day strike.",
     "PROTEST"),
])
def test_a_past_act_in_an_adverbial_clause_keeps_its_own_time(pipeline, text, type_):
    found = _events(pipeline(Article(text=text, date="2027-03-05")), type_)
    assert found, text
    assert not any(e.future or e.negated for e in found), [(e.future, e.negated) for e in found]


def test_an_adverbial_clause_in_the_present_under_will_stays_future(pipeline):
    # "when they meet": no past tense of its own, so the main clause's "will" still holds.
    art = pipeline(Article(text="Ghana and Togo will sign the accord when their ministers meet in Accra next week.",
                           date="2027-03-05"))
    assert len(art.events) >= 2 and all(e.future for e in art.events), [(e.type, e.future) for e in art.events]


@pytest.mark.parametrize("text,name", [
    ("Kharkiv buried six firefighters on Friday who were killed in a drone attack on the city.", "Kharkiv"),
    ("Odesa held a memorial on Sunday for the sailors who died when the ferry sank.", "Odesa"),
])
def test_a_city_opening_the_sentence_as_its_subject_is_a_place(pipeline, text, name):
    art = pipeline(Article(text=text, date="2027-03-05"))
    assert any(p.start == 0 and p.geonameid for p in art.places), [(p.text, p.name) for p in art.places]


def test_a_common_noun_opening_the_sentence_is_no_place(pipeline):
    art = pipeline(Article(text="Police held six men on Friday after the riot.", date="2027-03-05"))
    assert not any(p.start == 0 for p in art.places), [(p.text, p.name) for p in art.places]


@pytest.mark.parametrize("text,type_,country", [
    # A reported clause's subject whose possessive pronoun points back to the speaker: its forces are the
    # speaker's ("roles.verb_roles"); without it the act had no country actor and took the place's.
    ("Kenya's interior ministry said on Friday its police had detained twelve smugglers near Mandera.",
     "COERCE", "KEN"),
    ("Turkey's defence ministry said its troops had killed four militants in an air strike in northern Syria.",
     "ASSAULT", "TUR"),
])
def test_its_forces_in_a_reported_clause_are_the_speaker_s(pipeline, text, type_, country):
    found = _events(pipeline(Article(text=text, date="2027-03-05")), type_)
    assert found and all(country in {a.country for a in e.actors} for e in found), \
        [[(a.name, a.country) for a in e.actors] for e in found]

