"""Headline and agency-brief constructions (issue 11, brief suite), on sentences written here, through the
real pipeline: present-tense verbs the tagger reads as nouns, subjects read as modifiers, passives without
their auxiliary, the "X to <verb>" future, joint patrols, workers who strike, and the new trigger classes."""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model


def _events(pipeline, text: str):
    return sorted(pipeline(Article(text=text, date="2023-05-10")).events, key=lambda e: -e.confidence)


@pytest.mark.parametrize("text,type_,actors,recipients", [
    # "severs/NNS", "halts/VBZ compound": the line is parsed again with the verb in the past.
    ("Chad severs diplomatic ties with Sudan", "SANCTION", ["TCD"], ["SDN"]),
    ("Ottawa halts aid to Haiti over election delay", "SANCTION", ["CAN"], ["HTI"]),
    # A subject the parser hangs on the verb as a modifier.
    ("Danish authorities freeze Russian assets", "SANCTION", ["DNK"], ["RUS"]),
    # A passive without its auxiliary: the participle's "by" agent acts.
    ("Two Chinese diplomats expelled by Lithuania", "SANCTION", ["LTU"], ["CHN"]),
    ("Import curbs on Turkish steel lifted by Egypt", "CONCEDE", ["EGY"], ["TUR"]),
    # Joint patrols are cooperation; workers who strike stop work.
    ("Thai and Malaysian troops conduct joint patrols along the border", "COOPERATE", ["THA", "MYS"], []),
    ("Nigerian doctors strike over unpaid wages", "PROTEST", ["NGA"], None),
    # New trigger classes.
    ("Greece drops its objection to North Macedonia joining the alliance", "CONCEDE", ["GRC"], None),
    ("Hungary blocks Ukraine's bid to join the European Union", "REJECT", ["HUN"], ["UKR"]),
    ("Lithuanian truckers block border crossings with Belarus", "PROTEST", ["LTU"], None),
    ("Canadian instructors train Ukrainian soldiers in Poland", "AID", ["CAN"], ["UKR"]),
    ("Washington announces new weapons package for Taipei", "AID", ["USA"], ["TWN"]),
])
def test_headline_construction_is_coded(pipeline, text, type_, actors, recipients):
    events = _events(pipeline, text)
    top = next((e for e in events if e.type == type_), None)
    assert top is not None, (text, [(e.type, e.confidence) for e in events])
    assert set(actors) <= {a.country for a in top.actors}, (text, [a.country for a in top.actors])
    if recipients is not None:
        assert set(recipients) <= {a.country for a in top.recipients}, (text, [a.country for a in top.recipients])


@pytest.mark.parametrize("text,type_", [
    # "X to <verb>" with its own subject is a future act: a hostile one is a threat, a cooperative one a
    # promise, a withdrawal a concession, a deployment still a mobilisation.
    ("Japan to impose sanctions on Russian banks", "THREATEN"),
    ("Norway to send humanitarian aid to Sudan", "AGREE"),
    ("Uganda to withdraw its troops from Somalia", "CONCEDE"),
    ("Russia to deploy more troops to Belarus", "MOBILIZE"),
])
def test_headline_infinitive_is_future(pipeline, text, type_):
    events = _events(pipeline, text)
    assert events and events[0].type == type_, (text, [(e.type, e.future) for e in events])
    assert events[0].future


def test_rewritten_headline_keeps_its_own_text_and_offsets(pipeline):
    art = pipeline(Article(text="Chad severs diplomatic ties with Sudan", date="2023-05-10"))
    toks = art.sentences[0].tokens
    assert [t.text for t in toks] == ["Chad", "severs", "diplomatic", "ties", "with", "Sudan"]
    assert all(art.text[t.start:t.end] == t.text for t in toks)
    assert toks[1].pos == "VERB" and toks[1].dep == "ROOT" and toks[1].lemma == "sever"


def test_a_full_sentence_is_not_parsed_again(pipeline):
    # A line with a verb of its own keeps the parser's reading ("forces" stays the subject's noun).
    art = pipeline(Article(text="Pakistani and Iranian border forces conduct joint patrols", date="2023-05-10"))
    toks = art.sentences[0].tokens
    assert toks[4].text == "forces" and toks[4].pos == "NOUN"
