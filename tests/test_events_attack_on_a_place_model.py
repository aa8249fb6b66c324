"""Issue 12: "attack" is both a verbal attack (ACCUSE) and a physical one (ASSAULT). Inside a sentence about an
accusation the classifier favours ACCUSE for every reading, so "the rebels who attacked a village last week"
was coded as a second accusation of the report. An attack whose direct object is a built place or a column of
people (village, town, convoy, outpost, camp ...) is physical (``conversions.yaml``, ``argument_cues``); the
object's own head word only, so a verbal attack on "the town council" stays ACCUSE. Sentences written here,
through the real pipeline.
"""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model


def _types(pipeline, text: str) -> list[tuple[str, str]]:
    art = pipeline(Article(text=text, date="2027-05-14"))
    return [(e.type, e.evidence.trigger.text if e.evidence and e.evidence.trigger else "") for e in art.events]


@pytest.mark.parametrize("text", [
    "Malawi accused Zambia on Tuesday of sheltering the gunmen who attacked a border village last month.",
    "Chad blamed Sudan on Monday for arming the militia that attacked an army convoy near Abeche last week.",
])
def test_an_attack_on_a_place_in_an_accusation_is_an_assault(pipeline, text):
    found = _types(pipeline, text)
    attacked = [t for t, w in found if w == "attacked"]
    assert attacked == ["ASSAULT"], found
    assert any(t == "ACCUSE" and w != "attacked" for t, w in found), found


def test_a_verbal_attack_on_a_council_stays_an_accusation(pipeline):
    found = _types(pipeline, "The opposition leader attacked the town council on Friday over the new tax.")
    assert ("ACCUSE", "attacked") in found and ("ASSAULT", "attacked") not in found, found
