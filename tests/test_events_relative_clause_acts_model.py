"""Issue 12 (events, not reports): acts told in a relative clause or a gerund of time, a workers' strike told by
the verb "strike", and a date held by another clause's verb. Sentences written here, through the real pipeline
(spaCy parse, actors, places, events, dates).

- A relative clause whose subject is its relative pronoun is done by the noun it qualifies ("the nurses who
  struck", ``roles.relative_antecedent``), and keeps its own day (``dated.dated_act``).
- Working people as the subject make "strike" a labour strike (``triggers.yaml`` subject_verbs), not an attack.
- A gerund of time with no subject ("said after meeting in Seoul") is done by its verb's subject.
- A weekday held by another finite verb than the trigger's resolves in that verb's tense ("X will give ...,
  the minister announced on Tuesday": last Tuesday), ``when.stage._tense_of_expression``.
"""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipeline():
    """The stages up to dates with the real models (the days are part of what is tested)."""
    from communique.runtime.pipeline import Pipeline

    return Pipeline.from_settings(stages=["nlp", "actors", "places", "events", "dates"])


def _events(art, type_: str) -> list:
    return [e for e in art.events if e.type == type_]


def test_relative_clause_strike_is_a_protest_by_the_antecedent_on_its_own_day(pipeline):
    # Thursday 2028-03-16; "on Monday" is the strike's day (2028-03-13), not the offer's.
    art = pipeline(Article(text="The labour minister on Thursday offered new talks to the teachers who struck in "
                                "Lyon on Monday.", date="2028-03-16"))
    found = _events(art, "PROTEST")
    assert found, [(e.type, e.date) for e in art.events]
    assert found[0].date == "2028-03-13"
    assert any("teacher" in a.text.lower() for a in found[0].actors), found[0].actors
    assert not _events(art, "ASSAULT")


def test_workers_striking_is_a_protest_not_an_attack(pipeline):
    art = pipeline(Article(text="Bus drivers struck in Nairobi on Monday over unpaid wages.", date="2028-03-14"))
    assert _events(art, "PROTEST"), [(e.type, e.mode) for e in art.events]
    assert not _events(art, "ASSAULT")


def test_gunmen_striking_a_village_stays_an_attack(pipeline):
    # The guard: an armed subject keeps "struck" an attack.
    art = pipeline(Article(text="Gunmen struck a village in Zamfara on Monday, killing nine people.",
                           date="2028-03-14"))
    assert _events(art, "ASSAULT")
    assert not _events(art, "PROTEST")


def test_relative_pronoun_subject_gives_the_antecedent_as_actor(pipeline):
    art = pipeline(Article(text="The army said the rebels who attacked a checkpoint in Borno on Monday had fled.",
                           date="2028-03-15"))
    found = _events(art, "ASSAULT")
    assert found
    assert any("rebel" in a.text.lower() for e in found for a in e.actors), [e.actors for e in found]


def test_gerund_of_time_is_done_by_the_subject_of_its_verb(pipeline):
    art = pipeline(Article(text="Peru and Bolivia will open a new border post, their foreign ministers said after "
                                "meeting in La Paz on March 2.", date="2028-03-04"))
    found = _events(art, "CONSULT")
    assert found, [(e.type, e.date) for e in art.events]
    assert found[0].date == "2028-03-02"
    assert found[0].actors


def test_weekday_of_another_past_clause_resolves_backwards(pipeline):
    # Wednesday 2028-09-06: "announced on Tuesday" is 2028-09-05, not the Tuesday after.
    art = pipeline(Article(text="Denmark will give thirty million euros to Sudan for food and shelter, its "
                                "development minister announced on Tuesday.", date="2028-09-06"))
    assert art.events
    assert all(e.date == "2028-09-05" for e in art.events), [(e.type, e.date) for e in art.events]


def test_weekday_of_the_future_clause_itself_still_resolves_forwards(pipeline):
    # The guard: the expression on the trigger's own future verb keeps the future reading.
    art = pipeline(Article(text="The two presidents will meet in Geneva on Tuesday, officials said.",
                           date="2028-09-06"))
    assert art.events
    assert all(e.date == "2028-09-12" for e in art.events), [(e.type, e.date) for e in art.events]
