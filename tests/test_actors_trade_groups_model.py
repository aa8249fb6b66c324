"""Workers named by their trade (dockers, miners, truckers) are a labour sector agent (sectors.tsv, LAB), so an
unqualified one takes the country of its scene as other sector agents do (context.py): "Greece's largest port
stopped as dockers staged a strike" is a Greek strike. Sentences of our own (h-dedup16)."""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model

DATE = "2028-03-15"


def _protest_actors(pipeline, text):
    evs = pipeline(Article(text=text, date=DATE)).events
    return [(a.text.lower(), a.country, a.sector) for e in evs if e.type == "PROTEST" for a in e.actors]


@pytest.mark.parametrize("text, word, country", [
    ("Output at Chile's biggest copper mine halted on Monday as miners went on strike over pay.", "miners", "CHL"),
    ("Shipping at Belgium's main port stopped on Monday as dockers staged a strike over pensions.", "dockers",
     "BEL"),
    ("Truckers from Poland went on strike on Monday over fuel prices.", "truckers", "POL"),
])
def test_a_trade_group_is_labour_and_takes_its_scene_country(pipeline, text, word, country):
    actors = _protest_actors(pipeline, text)
    assert any(word in t and c == country and s == "LAB" for t, c, s in actors), (text, actors)


def test_health_workers_keep_their_own_sector(pipeline):
    # guard: a more specific trade entry already listed keeps its sector (nurses are HLH, not LAB)
    actors = _protest_actors(pipeline, "Hospitals in Kenya's capital closed wards on Monday as nurses went on strike.")
    assert any("nurses" in t and s == "HLH" for t, _, s in actors), actors


@pytest.fixture(scope="module")
def places_pipeline():
    from communique.runtime.pipeline import Pipeline

    return Pipeline.from_settings(stages=["nlp", "actors", "places"])


def _places(pipeline, text):
    return [(p.text, p.country) for p in pipeline(Article(text=text, date=DATE)).places]


def test_a_town_before_a_trade_group_is_where_they_work(places_pipeline):
    # "Tema dockers" (a town the NER does not call a place) are the dockers of Tema (where/ranking.supported)
    assert ("Tema", "GHA") in _places(places_pipeline, "Tema dockers went on strike on Monday over pay.")


def test_a_town_before_another_noun_stays_unsupported(places_pipeline):
    # guard: only a noun of people at work places the town ("officials" may speak for the port from anywhere)
    assert not any(t == "Tema" for t, _ in
                   _places(places_pipeline, "Tema officials said on Monday that the port would reopen."))
