"""Issue 12 (events, not reports): wordings by which one outlet tells an act another tells plainly, each of
which left a report without the event of its incident, so that it started an event of its own. Sentences
written here, through the real pipeline (spaCy parse, actors, places, events)."""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model


def _events(pipeline, text: str, type_: str, date: str = "2025-05-14") -> list:
    art = pipeline(Article(text=text, date=date))
    return [e for e in art.events if e.type == type_]


def _countries(parts) -> list[str | None]:
    return [p.country for p in parts]


@pytest.mark.parametrize("text", [
    # A weapon of war or an armed group is a hostile cue: the bus or the warehouse that was hit does
    # not make the harm an accident.
    "A drone strike hit a bus station in the town of Gondar on Tuesday, killing nine people.",
    "Nine people were killed yesterday when a drone struck the main bus depot in Gondar.",
    "Artillery fire destroyed a grain warehouse on the edge of Kherson, killing two guards.",
    "Militiamen set fire to a bus carrying traders near Jos, killing six.",
])
def test_harm_by_a_weapon_of_war_near_a_vehicle_or_building_is_an_assault(pipeline, text):
    assert _events(pipeline, text, "ASSAULT"), text


def test_harm_with_no_hostile_cue_near_a_vehicle_is_still_an_accident(pipeline):
    assert not _events(pipeline, "Nine people were killed yesterday when a bus plunged into a ravine near Gondar.",
                       "ASSAULT")


@pytest.mark.parametrize("text,type_,actors", [
    # The subject of a relative clause of making or announcing tells who did the act the noun names.
    ("Kenya on Monday rejected the accusation Uganda made on Friday that it shelters rebels.", "ACCUSE",
     ["UGA"]),
    ("Peru welcomed the pledge that Japan announced on Tuesday.", "AGREE", ["JPN"]),
])
def test_an_act_noun_told_by_its_relative_clause_has_that_clauses_subject_as_actor(pipeline, text, type_, actors):
    found = _events(pipeline, text, type_)
    assert found, text
    assert _countries(found[0].actors) == actors


@pytest.mark.parametrize("text,actors,recipients", [
    # Goods as the relativised object of a sending verb: a delivery, not a visit.
    ("The field hospital that Spain flew to Libya on Monday opened in Derna on Thursday.", ["ESP"], ["LBY"]),
    ("The tents Qatar shipped to Sudan last week reached the camps near Adre.", ["QAT"], ["SDN"]),
    # Each conjoined object is sent; rescuers and a field hospital are the sender's instruments.
    ("Spain sent 150 rescue workers and a field hospital to Libya on Monday.", ["ESP"], ["LBY"]),
])
def test_goods_sent_told_by_a_relative_clause_or_a_conjunct_are_aid(pipeline, text, actors, recipients):
    found = _events(pipeline, text, "AID")
    assert found, text
    assert _countries(found[0].actors) == actors
    assert _countries(found[0].recipients) == recipients
    assert not _events(pipeline, text, "CONSULT"), text


def test_a_person_who_flew_to_a_capital_still_visits_it(pipeline):
    assert _events(pipeline, "The Spanish foreign minister flew to Tripoli on Monday for talks.", "CONSULT")
