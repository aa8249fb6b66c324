"""Issue 12: handing over or releasing goods is aid (PLOVER AID: humanitarian supplies), not the release of
people that RETREAT codes (``conversions.yaml``, argument_cues: the cue is what changes hands). Sentences written
here, through the real pipeline.
"""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model


def _coded(pipeline, text: str) -> list[tuple[str, str | None]]:
    art = pipeline(Article(text=text, date="2027-05-14"))
    return [(e.type, e.mode) for e in art.events]


@pytest.mark.parametrize("text", [
    "Japan handed over tents and blankets to the Philippines on Monday.",
    "India released emergency food stocks for Nepal on Monday.",
])
def test_goods_handed_over_are_aid(pipeline, text):
    found = _coded(pipeline, text)
    assert ("AID", None) in found and not [t for t, _ in found if t == "RETREAT"], found


@pytest.mark.parametrize("text", [
    "Hamas handed over three hostages to the Red Cross on Sunday.",
    "Russia released two American prisoners on Friday.",
    "Syria released a Danish aid worker on Tuesday after two years in custody.",
])
def test_people_handed_over_stay_a_release(pipeline, text):
    assert ("RETREAT", "release") in _coded(pipeline, text)
