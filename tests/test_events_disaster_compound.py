"""A disaster named as the cause in a hyphen compound ("typhoon-hit", "quake-damaged") is what hit the place: the
compound's verb is nobody's act, even where the parser reads "to typhoon-hit Tacloban" as an infinitive clause of
the main verb. Hand-built parses (tests/test_events_detector.py's notation), no model.
"""

from __future__ import annotations

from dataclasses import replace

from communique.stages.events.detector import EventDetector
from tests.test_events_detector import build, code


def tight(spec: str):
    """build() with the hyphen written inside its compound, as articles write it ("typhoon-hit")."""
    art = build(spec)
    text, tokens = "", []
    for t in art.sentences[0].tokens:
        prev = tokens[-1].text if tokens else None
        if tokens and t.text not in (".", "-") and prev != "-":
            text += " "
        tokens.append(replace(t, start=len(text), end=len(text) + len(t.text)))
        text += t.text
    art.text = text
    art.sentences = [replace(art.sentences[0], text=text, end=len(text), tokens=tokens)]
    spans = {a.text: a for a in art.actors}
    art.actors = [replace(a, start=t.start, end=t.end) for t in tokens for a in [spans.get(t.text)] if a]
    return art


# "to typhoon-hit Tacloban" misread as "to hit Tacloban", with Japan as the subject of both verbs.
MISPARSED = ("Japan/Japan/PROPN/nsubj/1 handed/hand/VERB/ROOT/1 over/over/ADP/prt/1 tents/tent/NOUN/dobj/1 "
             "to/to/PART/aux/7 {cause}/{cause}/NOUN/npadvmod/7 -/-/PUNCT/punct/7 hit/hit/VERB/advcl/1 "
             "Kenya/Kenya/PROPN/dobj/7 ././PUNCT/punct/1")


def test_a_disaster_compound_codes_no_assault():
    art = tight(MISPARSED.format(cause="typhoon"))
    assert art.text.startswith("Japan handed over tents to typhoon-hit Kenya")
    types = [e.type for e in code(EventDetector(), art)]
    assert "ASSAULT" not in types, types


def test_a_compound_of_another_cause_keeps_its_act():
    art = tight(MISPARSED.format(cause="rebel"))
    types = [e.type for e in code(EventDetector(), art)]
    assert "ASSAULT" in types, types
