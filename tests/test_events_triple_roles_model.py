"""The coded triple's roles and actors on sentences written here (issue 11, h-triple15), through the real
pipeline (spaCy parse, actors, places, events): each case is one general construction, not a sentence of
any suite."""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model


def _event(pipeline, text: str, type_: str):
    art = pipeline(Article(text=text, date="2024-03-04"))
    found = sorted((e for e in art.events if e.type == type_), key=lambda e: -e.confidence)
    assert found, f"no {type_} in {[(e.type, e.evidence.trigger.text) for e in art.events]}"
    return found[0]


def _countries(parts) -> set[str | None]:
    return {p.country for p in parts}


@pytest.mark.parametrize("text,type_,actors,recipients", [
    # An agent noun with a "from" phrase of its own is of that country, not of the sentence's other party.
    ("Police in Kenya detained a student from Uganda.", "COERCE", {"KEN"}, {"UGA"}),
    ("Algeria demanded the extradition of the opposition leader from France.", "REQUEST", {"DZA"}, {"FRA"}),
    # A "from" phrase on the verb is where the act departs from: the troops stay the actor's.
    ("France withdrew troops from Mali.", "RETREAT", {"FRA"}, {"MLI"}),
])
def test_triple_roles_constructions(pipeline, text, type_, actors, recipients):
    ev = _event(pipeline, text, type_)
    assert _countries(ev.actors) == actors, (text, [(a.text, a.country) for a in ev.actors])
    assert _countries(ev.recipients) == recipients, (text, [(a.text, a.country) for a in ev.recipients])


def test_sponsor_is_not_the_sponsored_groups_state(pipeline):
    """A state that backs a group ("backed by Rwanda") is its sponsor, not the group's own state: the group
    is left with no country rather than the sponsor's."""
    ev = _event(pipeline, "The rebels were backed by Rwanda.", "SUPPORT")
    assert _countries(ev.actors) == {"RWA"}
    assert "RWA" not in _countries(ev.recipients), [(a.text, a.country) for a in ev.recipients]


@pytest.mark.parametrize("text,country", [
    # A concession that names no one it yields to yields to the state's own people (an implied recipient).
    ("The Kenyan government eased restrictions on public gatherings.", "KEN"),
    ("Officials in Peru said they would lift the state of emergency in Lima next month.", "PER"),
])
def test_domestic_concession_implied_recipient(pipeline, text, country):
    ev = _event(pipeline, text, "CONCEDE")
    assert _countries(ev.recipients) == {country}, [(a.text, a.country, a.basis) for a in ev.recipients]


def test_concession_to_a_named_side_keeps_it(pipeline):
    ev = _event(pipeline, "Iran said it would release the detained Australian academic.", "CONCEDE")
    assert "IRN" not in _countries(ev.recipients), [(a.text, a.country) for a in ev.recipients]


def test_protest_near_a_mission_is_addressed_to_its_state(pipeline):
    """A protest held near a state's embassy is addressed to that state, and the embassy's state is no
    context for the protesters (they are of the city where it is)."""
    ev = _event(pipeline, "Hundreds of students demonstrated near the Iranian embassy in Berlin.", "PROTEST")
    assert _countries(ev.actors) == {"DEU"}, [(a.text, a.country) for a in ev.actors]
    assert "IRN" in _countries(ev.recipients), [(a.text, a.country) for a in ev.recipients]


@pytest.mark.parametrize("text,recipient", [
    # A force massed near a country (or near the border with it) is aimed at that country.
    ("China deployed troops near the border with India.", "IND"),
    ("Turkey sent three frigates to the Aegean near Greece.", "GRC"),
])
def test_force_massed_near_a_country(pipeline, text, recipient):
    ev = _event(pipeline, text, "MOBILIZE")
    assert recipient in _countries(ev.recipients), [(a.text, a.country) for a in ev.recipients]


@pytest.mark.parametrize("text,type_,actors,recipients", [
    # A region the actors stage can only read as a person of no country, but the places stage reads as a
    # literal toponym, is that place: its country receives the act (h-fresh16).
    ("Ethiopian troops withdrew from Amhara.", "RETREAT", {"ETH"}, {"ETH"}),
    ("Indian troops withdrew from Ladakh.", "RETREAT", {"IND"}, {"IND"}),
])
def test_region_read_as_person_is_its_place(pipeline, text, type_, actors, recipients):
    ev = _event(pipeline, text, type_)
    assert _countries(ev.actors) == actors, (text, [(a.text, a.country) for a in ev.actors])
    assert _countries(ev.recipients) == recipients, (text, [(a.text, a.country, a.kind) for a in ev.recipients])
