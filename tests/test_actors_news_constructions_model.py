"""Actor constructions of long news reports found by the news suite (h-fresh12), on sentences of our own
(not the suite's): a leader named by one word at a sentence's start, a plural agent noun's "in" + country, and the trigger words added with them."""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model

DATE = "2021-06-15"


@pytest.fixture(scope="module")
def pipeline():
    from communique.runtime.pipeline import Pipeline

    return Pipeline.from_settings(stages=["nlp", "actors", "places", "events"])


def _events(pipeline, text):
    return pipeline(Article(text=text, date=DATE)).events


def _has(pipeline, text, type_, source, target):
    evs = _events(pipeline, text)
    assert any(e.type == type_ and source in {a.country for a in e.actors}
               and target in {r.country for r in e.recipients} for e in evs), \
        (text, [(e.type, [a.country for a in e.actors], [r.country for r in e.recipients]) for e in evs])


@pytest.mark.parametrize("text, type_, source, target", [
    ("Maduro condemned Guyana for allowing foreign warships into its waters.", "ACCUSE", "VEN", "GUY"),
    ("Erdogan praised Azerbaijan for its victory, his office said.", "SUPPORT", "TUR", "AZE"),
    ("Canada imposed sanctions on four officials in Managua.", "SANCTION", "CAN", "NIC"),
    ("Chile expressed solidarity with the people of Haiti.", "SUPPORT", "CHL", "HTI"),
    ("Vietnam and India expanded their cooperation on shipbuilding, officials said.", "COOPERATE", "VNM", "IND"),
])
def test_news_constructions_code_the_triple(pipeline, text, type_, source, target):
    _has(pipeline, text, type_, source, target)


def test_pardon_is_concede(pipeline):
    assert "CONCEDE" in {e.type for e in _events(pipeline, "The government of Cuba pardoned 80 prisoners on Friday.")}


def test_a_sentence_initial_word_unknown_as_a_name_is_not_made_a_person(pipeline):
    # a capitalised first word the dictionary does not know as a name is not made a person
    evs = _events(pipeline, "Nobody condemned Belarus for the landing.")
    assert all(a.text != "Nobody" for e in evs for a in e.actors)
