"""Event detection on hand-built parses: types, modes, roles, modality flags, several events.

Each sentence is written as tokens "text/lemma/POS/dep/head" (head: absolute token index, the
root points at itself). No model is loaded: the detector runs on rules alone unless a test
passes classifier probabilities by hand.
"""

from __future__ import annotations

import pytest

from communique.core.article import Actor, Article, Participant, Place, Sentence, Token
from communique.stages.events.detector import EventDetector
from communique.stages.events.stage import EventStage

# country -> (name, ISO3)
COUNTRIES = {
    "Peru": "PER", "Chile": "CHL", "France": "FRA", "Germany": "DEU", "Spain": "ESP", "Japan": "JPN",
    "Nepal": "NPL", "Russia": "RUS", "Kenya": "KEN", "Kyiv": "UKR", "Moscow": "RUS", "Israel": "ISR",
    "Iran": "IRN", "Poland": "POL", "Turkey": "TUR", "Azerbaijan": "AZE", "Baku": "AZE", "Armenia": "ARM",
    "Norway": "NOR", "Chad": "TCD", "Ukraine": "UKR",
}
PEOPLE = {"Bayramov": ("AZE", "GOV"), "Fidan": ("TUR", "GOV")}


def build(spec: str, date: str = "2024-08-28", actors: bool = True, **extra_actors: tuple[str, str]) -> Article:
    """Return an Article of one parsed sentence; countries and known people become Actors."""
    rows = [t.split("/") for t in spec.split()]
    text, tokens, pos = "", [], 0
    for i, (word, lemma, upos, dep, head) in enumerate(rows):
        if i and word not in (".", ","):
            text += " "
        start = len(text)
        text += word
        tokens.append(Token(i=i, text=word, start=start, end=len(text), lemma=lemma, pos=upos,
                            tag={"VERB": "VBD"}.get(upos, ""), dep=dep, head=int(head)))
        pos = len(text)
    art = Article(text=text, date=date)
    art.sentences = [Sentence(index=0, start=0, end=pos, text=text, tokens=tokens)]
    if actors:
        for t in tokens:
            if t.text in COUNTRIES:
                art.actors.append(Actor(text=t.text, name=t.text, country=COUNTRIES[t.text], sector="GOV",
                                        kind="country", id=COUNTRIES[t.text], start=t.start, end=t.end,
                                        sentence_index=0))
            elif t.text in PEOPLE:
                c, s = PEOPLE[t.text]
                art.actors.append(Actor(text=t.text, name=t.text, country=c, sector=s, kind="person",
                                        id=t.text.lower(), start=t.start, end=t.end, sentence_index=0))
    return art


@pytest.fixture(scope="module")
def detector() -> EventDetector:
    return EventDetector()


def code(detector: EventDetector, art: Article, probs: dict[str, float] | None = None, year: int | None = 2024):
    return detector.detect(art, art.sentences[0], probs, year)


def countries(parts: list[Participant]) -> list[str | None]:
    return [p.country for p in parts]


TYPE_CASES = [
    # sentence, type, mode, actors, recipients
    ("Norway/Norway/PROPN/nsubj/1 pledged/pledge/VERB/ROOT/1 aid/aid/NOUN/dobj/1 ././PUNCT/punct/1",
     "AGREE", None, ["NOR"], []),
    ("Peru/Peru/PROPN/nsubj/1 met/meet/VERB/ROOT/1 Chile/Chile/PROPN/dobj/1 ././PUNCT/punct/1",
     "CONSULT", None, ["PER"], ["CHL"]),
    ("France/France/PROPN/nsubj/1 praised/praise/VERB/ROOT/1 Germany/Germany/PROPN/dobj/1 ././PUNCT/punct/1",
     "SUPPORT", None, ["FRA"], ["DEU"]),
    ("Peru/Peru/PROPN/nsubj/1 relented/relent/VERB/ROOT/1 ././PUNCT/punct/1",
     "CONCEDE", None, ["PER"], []),
    ("Spain/Spain/PROPN/nsubj/1 cooperated/cooperate/VERB/ROOT/1 with/with/ADP/prep/1 France/France/PROPN/pobj/2 ././PUNCT/punct/1",
     "COOPERATE", None, ["ESP"], ["FRA"]),
    ("Japan/Japan/PROPN/nsubj/1 donated/donate/VERB/ROOT/1 rice/rice/NOUN/dobj/1 to/to/ADP/prep/1 Nepal/Nepal/PROPN/pobj/3 ././PUNCT/punct/1",
     "AID", None, ["JPN"], ["NPL"]),
    ("Russia/Russia/PROPN/nsubj/1 withdrew/withdraw/VERB/ROOT/1 troops/troop/NOUN/dobj/1 ././PUNCT/punct/1",
     "RETREAT", "withdraw", ["RUS"], []),
    ("Kenya/Kenya/PROPN/nsubj/1 demanded/demand/VERB/ROOT/1 talks/talk/NOUN/dobj/1 ././PUNCT/punct/1",
     "REQUEST", "meet", ["KEN"], []),
    ("Kyiv/Kyiv/PROPN/nsubj/1 accused/accuse/VERB/ROOT/1 Moscow/Moscow/PROPN/dobj/1 ././PUNCT/punct/1",
     "ACCUSE", "allege", ["UKR"], ["RUS"]),
    ("Israel/Israel/PROPN/nsubj/1 rejected/reject/VERB/ROOT/1 the/the/DET/det/3 plan/plan/NOUN/dobj/1 ././PUNCT/punct/1",
     "REJECT", "meet", ["ISR"], []),
    ("Iran/Iran/PROPN/nsubj/1 threatened/threaten/VERB/ROOT/1 Israel/Israel/PROPN/dobj/1 ././PUNCT/punct/1",
     "THREATEN", None, ["IRN"], ["ISR"]),
    ("Students/student/NOUN/nsubj/1 marched/march/VERB/ROOT/1 ././PUNCT/punct/1",
     "PROTEST", None, [None], []),
    ("Poland/Poland/PROPN/nsubj/1 expelled/expel/VERB/ROOT/1 Russia/Russia/PROPN/poss/3 diplomats/diplomat/NOUN/dobj/1 ././PUNCT/punct/1",
     "SANCTION", "expel", ["POL"], ["RUS"]),
    ("Russia/Russia/PROPN/nsubj/1 deployed/deploy/VERB/ROOT/1 troops/troop/NOUN/dobj/1 ././PUNCT/punct/1",
     "MOBILIZE", "troops", ["RUS"], []),
    ("Police/police/NOUN/nsubj/1 detained/detain/VERB/ROOT/1 protesters/protester/NOUN/dobj/1 ././PUNCT/punct/1",
     "COERCE", "arrest", [None], [None]),
    ("Rebels/rebel/NOUN/nsubj/1 bombed/bomb/VERB/ROOT/1 Kyiv/Kyiv/PROPN/dobj/1 ././PUNCT/punct/1",
     "ASSAULT", "explosives", [None], ["UKR"]),
]


@pytest.mark.parametrize("spec,type_,mode,actors,recipients", TYPE_CASES,
                         ids=[c[1] for c in TYPE_CASES])
def test_events_detector_codes_each_type(detector, spec, type_, mode, actors, recipients):
    events = code(detector, build(spec))
    assert [e.type for e in events] == [type_]
    ev = events[0]
    assert ev.mode == mode
    assert countries(ev.actors) == actors
    assert countries(ev.recipients) == recipients
    assert not (ev.negated or ev.future or ev.hypothetical or ev.historical)
    assert ev.quad_class and ev.cameo and 0 < ev.confidence < 1


def test_events_detector_evidence_offsets_point_at_trigger(detector):
    art = build(TYPE_CASES[1][0])
    ev = code(detector, art)[0]
    trig = ev.trigger
    assert art.text[trig.start:trig.end] == trig.text == "met"
    assert ev.evidence.sentence == art.text[ev.evidence.start:ev.evidence.end]
    assert ev.event_id == ev.compute_id() and len(ev.event_id) == 16


def test_events_detector_classifier_picks_among_readings(detector):
    spec = "Rebels/rebel/NOUN/nsubj/1 attacked/attack/VERB/ROOT/1 Kyiv/Kyiv/PROPN/dobj/1 ././PUNCT/punct/1"
    assault = code(detector, build(spec), {"ASSAULT": 0.8, "ACCUSE": 0.1, "NONE": 0.1})
    accuse = code(detector, build(spec), {"ASSAULT": 0.1, "ACCUSE": 0.8, "NONE": 0.1})
    assert [e.type for e in assault] == ["ASSAULT"]
    assert [e.type for e in accuse] == ["ACCUSE"]
    assert assault[0].confidence > code(detector, build(spec), {"ASSAULT": 0.3, "ACCUSE": 0.3, "NONE": 0.4})[0].confidence


def test_events_detector_passive_voice_swaps_roles(detector):
    spec = ("Activists/activist/NOUN/nsubjpass/2 were/be/AUX/auxpass/2 arrested/arrest/VERB/ROOT/2 "
            "by/by/ADP/agent/2 police/police/NOUN/pobj/3 ././PUNCT/punct/2")
    ev = code(detector, build(spec))[0]
    assert (ev.type, ev.mode) == ("COERCE", "arrest")
    assert [a.text for a in ev.actors] == ["police"]
    assert [a.text for a in ev.recipients] == ["Activists"]


def test_events_detector_compound_subject_puts_both_in_actors(detector):
    spec = ("Peru/Peru/PROPN/nsubj/3 and/and/CCONJ/cc/0 Chile/Chile/PROPN/conj/0 condemned/condemn/VERB/ROOT/3 "
            "Iran/Iran/PROPN/dobj/3 ././PUNCT/punct/3")
    ev = code(detector, build(spec))[0]
    assert ev.type == "ACCUSE"
    assert countries(ev.actors) == ["PER", "CHL"]
    assert countries(ev.recipients) == ["IRN"]


def test_events_detector_reciprocal_meeting_is_directed_and_symmetric(detector):
    spec = ("Peru/Peru/PROPN/nsubj/1 met/meet/VERB/ROOT/1 with/with/ADP/prep/1 Chile/Chile/PROPN/pobj/2 "
            "././PUNCT/punct/1")
    ev = code(detector, build(spec))[0]
    assert ev.type == "CONSULT"
    assert countries(ev.actors) == ["PER"] and countries(ev.recipients) == ["CHL"]
    assert ev.symmetric and ev.to_dict()["symmetric"] is True


@pytest.mark.parametrize("spec,actors,recipients,symmetric", [
    # coordinated parties: the first named acts
    ("Peru/Peru/PROPN/nsubj/3 and/and/CCONJ/cc/0 Chile/Chile/PROPN/conj/0 met/meet/VERB/ROOT/3 ././PUNCT/punct/3",
     ["PER"], ["CHL"], True),
    # "talks between A and B"
    ("Talks/talk/NOUN/ROOT/0 between/between/ADP/prep/0 Peru/Peru/PROPN/pobj/1 and/and/CCONJ/cc/2 "
     "Chile/Chile/PROPN/conj/2 ././PUNCT/punct/0", ["PER"], ["CHL"], True),
    # the object of a reciprocal verb
    ("Peru/Peru/PROPN/nsubj/1 met/meet/VERB/ROOT/1 Chile/Chile/PROPN/dobj/1 ././PUNCT/punct/1",
     ["PER"], ["CHL"], True),
    # a one-way act is not symmetric
    ("France/France/PROPN/nsubj/1 praised/praise/VERB/ROOT/1 Germany/Germany/PROPN/dobj/1 ././PUNCT/punct/1",
     ["FRA"], ["DEU"], False),
    # passive: the "by" agent acts
    ("Chile/Chile/PROPN/nsubjpass/2 was/be/AUX/auxpass/2 attacked/attack/VERB/ROOT/2 by/by/ADP/agent/2 "
     "Peru/Peru/PROPN/pobj/3 ././PUNCT/punct/2", ["PER"], ["CHL"], False),
])
def test_events_detector_directed_roles(detector, spec, actors, recipients, symmetric):
    ev = code(detector, build(spec))[0]
    assert countries(ev.actors) == actors and countries(ev.recipients) == recipients
    assert ev.symmetric is symmetric


@pytest.mark.parametrize("spec,actors,recipients", [
    # the object's own phrase names the recipient
    ("Peru/Peru/PROPN/nsubj/1 issued/issue/VERB/ROOT/1 an/an/DET/det/3 ultimatum/ultimatum/NOUN/dobj/1 "
     "to/to/ADP/prep/3 Chile/Chile/PROPN/pobj/4 ././PUNCT/punct/1", ["PER"], ["CHL"]),
    # a response's recipient is the author of what it answers
    ("Peru/Peru/PROPN/nsubj/1 rejected/reject/VERB/ROOT/1 calls/call/NOUN/dobj/1 by/by/ADP/prep/2 "
     "Chile/Chile/PROPN/pobj/3 ././PUNCT/punct/1", ["PER"], ["CHL"]),
    # the announced act's recipient
    ("Iran/Iran/PROPN/nsubj/1 threatened/threaten/VERB/ROOT/1 to/to/PART/aux/3 attack/attack/VERB/xcomp/1 "
     "Israel/Israel/PROPN/dobj/3 ././PUNCT/punct/1", ["IRN"], ["ISR"]),
    # a pronoun subject of a reported clause is the reporter
    ("Peru/Peru/PROPN/nsubj/1 said/say/VERB/ROOT/1 it/it/PRON/nsubj/4 had/have/AUX/aux/4 "
     "expelled/expel/VERB/ccomp/1 Chile/Chile/PROPN/poss/6 diplomats/diplomat/NOUN/dobj/4 ././PUNCT/punct/1",
     ["PER"], ["CHL"]),
    # a departure's "from"
    ("Russia/Russia/PROPN/nsubj/1 withdrew/withdraw/VERB/ROOT/1 from/from/ADP/prep/1 Ukraine/Ukraine/PROPN/pobj/2 "
     "././PUNCT/punct/1", ["RUS"], ["UKR"]),
    # "the withdrawal of troops from X"
    ("Russia/Russia/PROPN/poss/2 's/'s/PART/case/0 withdrawal/withdrawal/NOUN/ROOT/2 of/of/ADP/prep/2 "
     "troops/troop/NOUN/pobj/3 from/from/ADP/prep/4 Chad/Chad/PROPN/pobj/5 ././PUNCT/punct/2", ["RUS"], ["TCD"]),
    # a preposition under the verb's particle
    ("Peru/Peru/PROPN/nsubj/1 kidnapped/kidnap/VERB/ROOT/1 up/up/ADP/prt/1 to/to/ADP/prep/2 "
     "Chile/Chile/PROPN/pobj/3 ././PUNCT/punct/1", ["PER"], ["CHL"]),
    # an act done to a place: the place's country, when nothing else receives it
    ("Israel/Israel/PROPN/nsubj/1 reimposed/reimpose/VERB/ROOT/1 blockades/blockade/NOUN/dobj/1 in/in/ADP/prep/2 "
     "Kyiv/Kyiv/PROPN/pobj/3 ././PUNCT/punct/1", ["ISR"], ["UKR"]),
    # the victims of a hostile act's purpose clause
    ("Police/police/NOUN/nsubj/1 opened/open/VERB/ROOT/1 fire/fire/NOUN/dobj/1 to/to/PART/aux/4 "
     "disperse/disperse/VERB/advcl/1 protesters/protester/NOUN/dobj/4 ././PUNCT/punct/1", [None], [None]),
    # an adjectival predicate: the copula's subject acts, the complement's recipient receives
    ("Japan/Japan/PROPN/nsubj/1 is/be/AUX/ROOT/1 willing/willing/ADJ/acomp/1 to/to/PART/aux/4 "
     "send/send/VERB/xcomp/2 aid/aid/NOUN/dobj/4 to/to/ADP/prep/4 Nepal/Nepal/PROPN/pobj/6 ././PUNCT/punct/1",
     ["JPN"], ["NPL"]),
    # the light verb's recipient
    ("Peru/Peru/PROPN/nsubj/1 gave/give/VERB/ROOT/1 Chile/Chile/PROPN/dative/1 a/a/DET/det/4 "
     "warning/warning/NOUN/dobj/1 ././PUNCT/punct/1", ["PER"], ["CHL"]),
])
def test_events_detector_recipient_constructions(detector, spec, actors, recipients):
    events = code(detector, build(spec))
    assert any(countries(e.actors) == actors and countries(e.recipients) == recipients for e in events), [
        (e.type, countries(e.actors), countries(e.recipients)) for e in events]


def test_events_detector_group_actor_expands_members(detector):
    spec = ("The/the/DET/det/2 two/two/NUM/nummod/2 countries/country/NOUN/nsubj/3 cooperated/cooperate/VERB/ROOT/3 "
            "././PUNCT/punct/3")
    art = build(spec)
    members = [Actor(text="Peru", name="Peru", country="PER", kind="country", id="PER"),
               Actor(text="Chile", name="Chile", country="CHL", kind="country", id="CHL")]
    art.actors = [Actor(text="The two countries", name="The two countries", kind="group", start=0, end=17,
                        sentence_index=0, members=members)]
    ev = code(detector, art)[0]
    # the collective's members, in the order the article named them: the first acts (symmetric)
    assert countries(ev.actors) == ["PER"] and countries(ev.recipients) == ["CHL"] and ev.symmetric


def test_events_detector_visit_when_host_country_is_known(detector):
    spec = ("Bayramov/Bayramov/PROPN/nsubj/1 met/meet/VERB/ROOT/1 Fidan/Fidan/PROPN/dobj/1 in/in/ADP/prep/1 "
            "Ankara/Ankara/PROPN/pobj/3 ././PUNCT/punct/1")
    art = build(spec)
    ank = art.sentences[0].tokens[4]
    art.places = [Place(text="Ankara", start=ank.start, end=ank.end, name="Ankara", geonameid=323786,
                        country="TUR", lat=39.9, lon=32.9, sentence_index=0)]
    ev = code(detector, art)[0]
    assert (ev.type, ev.mode) == ("CONSULT", "visit")
    assert countries(ev.actors) == ["AZE"] and countries(ev.recipients) == ["TUR"]
    assert ev.score == 4.0 and ev.cameo == "042"


def test_events_detector_nominal_trigger_takes_light_verb_subject(detector):
    spec = ("Peru/Peru/PROPN/nsubj/1 held/hold/VERB/ROOT/1 talks/talk/NOUN/dobj/1 with/with/ADP/prep/2 "
            "Chile/Chile/PROPN/pobj/3 ././PUNCT/punct/1")
    events = code(detector, build(spec))
    assert [(e.type, e.trigger.text) for e in events] == [("CONSULT", "held talks")]


def test_events_detector_accusation_in_reported_statement(detector):
    spec = ("Baku/Baku/PROPN/nsubj/1 said/say/VERB/ROOT/1 Armenia/Armenia/PROPN/nsubj/3 is/be/AUX/ccomp/1 "
            "a/a/DET/det/5 threat/threat/NOUN/attr/3 ././PUNCT/punct/1")
    ev = code(detector, build(spec))[0]
    assert (ev.type, ev.mode) == ("ACCUSE", "disapprove")
    assert countries(ev.actors) == ["AZE"] and countries(ev.recipients) == ["ARM"]


MODALITY_CASES = [
    # sentence, expected (type, negated, future, hypothetical, historical) per event, in order
    ("Peru/Peru/PROPN/nsubj/3 did/do/AUX/aux/3 not/not/PART/neg/3 meet/meet/VERB/ROOT/3 Chile/Chile/PROPN/dobj/3 ././PUNCT/punct/3",
     [("CONSULT", True, False, False, False)]),
    ("Peru/Peru/PROPN/nsubj/2 will/will/AUX/aux/2 visit/visit/VERB/ROOT/2 Chile/Chile/PROPN/dobj/2 ././PUNCT/punct/2",
     [("AGREE", False, True, False, False)]),
    ("Iran/Iran/PROPN/nsubj/2 could/could/AUX/aux/2 impose/impose/VERB/ROOT/2 sanctions/sanction/NOUN/dobj/2 ././PUNCT/punct/2",
     [("SANCTION", False, False, True, False)]),
    ("If/if/SCONJ/mark/2 Russia/Russia/PROPN/nsubj/2 attacks/attack/VERB/advcl/5 ,/,/PUNCT/punct/5 "
     "Poland/Poland/PROPN/nsubj/5 mobilizes/mobilize/VERB/ROOT/5 ././PUNCT/punct/5",
     [("ASSAULT", False, False, True, False), ("MOBILIZE", False, False, False, False)]),
    ("Turkey/Turkey/PROPN/nsubj/1 supported/support/VERB/ROOT/1 Azerbaijan/Azerbaijan/PROPN/dobj/1 "
     "during/during/ADP/prep/1 the/the/DET/det/5 war/war/NOUN/pobj/3 ././PUNCT/punct/1",
     [("SUPPORT", False, False, False, True)]),
    ("Russia/Russia/PROPN/nsubj/1 invaded/invade/VERB/ROOT/1 Ukraine/Ukraine/PROPN/dobj/1 in/in/ADP/prep/1 "
     "2014/2014/NUM/pobj/3 ././PUNCT/punct/1",
     [("ASSAULT", False, False, False, True)]),
    ("Israel/Israel/PROPN/nsubj/1 refused/refuse/VERB/ROOT/1 to/to/PART/aux/3 release/release/VERB/xcomp/1 "
     "prisoners/prisoner/NOUN/dobj/3 ././PUNCT/punct/1",
     [("REJECT", False, False, False, False), ("RETREAT", True, False, False, False)]),
    ("Iran/Iran/PROPN/nsubj/1 denied/deny/VERB/ROOT/1 that/that/SCONJ/mark/4 it/it/PRON/nsubj/4 "
     "attacked/attack/VERB/ccomp/1 Israel/Israel/PROPN/dobj/4 ././PUNCT/punct/1",
     [("ASSAULT", True, False, False, False)]),
    ("Iran/Iran/PROPN/nsubj/1 threatened/threaten/VERB/ROOT/1 to/to/PART/aux/3 attack/attack/VERB/xcomp/1 "
     "Israel/Israel/PROPN/dobj/3 ././PUNCT/punct/1",
     [("THREATEN", False, False, False, False), ("ASSAULT", False, False, True, False)]),
    ("Chad/Chad/PROPN/nsubj/1 acted/act/VERB/ROOT/1 without/without/ADP/prep/1 consulting/consult/VERB/pcomp/2 "
     "Kenya/Kenya/PROPN/dobj/3 ././PUNCT/punct/1",
     [("CONSULT", True, False, False, False)]),
]


@pytest.mark.parametrize("spec,expected", MODALITY_CASES,
                         ids=["negated", "future-agree", "hypothetical-modal", "hypothetical-if", "historical-war",
                              "historical-year", "refused-to", "denied", "threatened-to", "without"])
def test_events_detector_modality_flags(detector, spec, expected):
    probs = {"ASSAULT": 0.6, "ACCUSE": 0.1, "REJECT": 0.3, "NONE": 0.0}
    events = code(detector, build(spec), probs if "attack" in spec else None)
    got = [(e.type, e.negated, e.future, e.hypothetical, e.historical) for e in events]
    assert got == expected


def test_events_detector_recent_year_is_not_historical(detector):
    spec = MODALITY_CASES[5][0].replace("2014/2014", "2024/2024")
    assert not code(detector, build(spec))[0].historical


def test_events_detector_two_events_in_one_sentence(detector):
    spec = ("Peru/Peru/PROPN/nsubj/1 praised/praise/VERB/ROOT/1 Chile/Chile/PROPN/dobj/1 and/and/CCONJ/cc/1 "
            "condemned/condemn/VERB/conj/1 Iran/Iran/PROPN/dobj/4 ././PUNCT/punct/1")
    events = code(detector, build(spec))
    assert [(e.type, countries(e.actors), countries(e.recipients)) for e in events] == [
        ("SUPPORT", ["PER"], ["CHL"]), ("ACCUSE", ["PER"], ["IRN"])]
    assert len({e.event_id for e in events}) == 2


def test_events_detector_unparsed_sentence_gives_nothing(detector):
    art = Article(text="Peru met Chile.", date="2024-01-01")
    art.sentences = [Sentence(index=0, start=0, end=15, text="Peru met Chile.", candidate=False)]
    assert detector.detect(art, art.sentences[0]) == []


def test_events_stage_codes_batch_and_sets_contexts():
    stage = EventStage(use_classifier=False)
    good = build("Russia/Russia/PROPN/nsubj/1 deployed/deploy/VERB/ROOT/1 troops/troop/NOUN/dobj/1 ././PUNCT/punct/1")
    unparsed = Article(text="Shares rose.", date="2024-01-01")
    unparsed.sentences = [Sentence(index=0, start=0, end=12, text="Shares rose.", candidate=False)]
    out = list(stage.pipe([good, unparsed]))
    assert [e.type for e in out[0].events] == ["MOBILIZE"]
    assert out[0].contexts == ["military"] and out[0].events[0].context == ["military"]
    assert out[1].events == []
    assert stage.name == "events" and stage.assigns == ["events", "contexts"]
    # Everything the stage reads: the venue of a visit comes from article.places.
    assert set(stage.requires) == {"sentences", "actors", "places", "id", "date", "text"}
    assert all(e.date is None and e.location is None for e in out[0].events)


def test_events_detector_denying_an_allegation_is_no_reject(detector):
    spec = ("Moscow/Moscow/PROPN/nsubj/1 denied/deny/VERB/ROOT/1 the/the/DET/det/3 allegations/allegation/NOUN/dobj/1 "
            "././PUNCT/punct/1")
    assert code(detector, build(spec)) == []


def test_events_detector_denial_keeps_the_classifier_from_coding_the_sentence(detector):
    spec = ("Moscow/Moscow/PROPN/nsubj/1 rejected/reject/VERB/ROOT/1 the/the/DET/det/3 accusations/accusation/NOUN/dobj/1 "
            "././PUNCT/punct/1")
    # Even a classifier sure of REJECT codes nothing: the sentence is a denial, a statement.
    assert code(detector, build(spec), {"REJECT": 0.9, "NONE": 0.1}) == []


STATEMENTS = [
    # appeals (CAMEO 02): PLOVER drops them; REQUEST is a demand
    "Kenya/Kenya/PROPN/nsubj/1 urged/urge/VERB/ROOT/1 Chad/Chad/PROPN/dobj/1 ././PUNCT/punct/1",
    "Kenya/Kenya/PROPN/nsubj/1 called/call/VERB/ROOT/1 for/for/ADP/prep/1 calm/calm/NOUN/pobj/2 ././PUNCT/punct/1",
    "Kenya/Kenya/PROPN/nsubj/1 issued/issue/VERB/ROOT/1 an/an/DET/det/3 appeal/appeal/NOUN/dobj/1 "
    "for/for/ADP/prep/3 talks/talk/NOUN/pobj/4 ././PUNCT/punct/1",
    # withholding a comment is no REJECT
    "Kenya/Kenya/PROPN/nsubj/1 declined/decline/VERB/ROOT/1 to/to/PART/aux/3 comment/comment/VERB/xcomp/1 ././PUNCT/punct/1",
    # a stated feeling (CAMEO 012) is no ACCUSE
    "Kenya/Kenya/PROPN/nsubj/1 expressed/express/VERB/ROOT/1 concern/concern/NOUN/dobj/1 ././PUNCT/punct/1",
    # sharing a view (CAMEO 019) is no AGREE
    "Kenya/Kenya/PROPN/nsubj/1 agrees/agree/VERB/ROOT/1 with/with/ADP/prep/1 Chad/Chad/PROPN/pobj/2 ././PUNCT/punct/1",
]


@pytest.mark.parametrize("spec", STATEMENTS, ids=["urged", "called-for", "appeal-for-talks", "declined-to-comment",
                                                  "expressed-concern", "agrees-with"])
def test_events_detector_statements_code_no_event(detector, spec):
    art = build(spec)
    assert code(detector, art, {"REQUEST": 0.8, "REJECT": 0.1, "NONE": 0.1}) == []
    assert not detector.needs_classifier(art, art.sentences[0])


def test_events_detector_agreeing_with_a_party_on_terms_is_agree(detector):
    spec = ("Kenya/Kenya/PROPN/nsubj/1 agreed/agree/VERB/ROOT/1 with/with/ADP/prep/1 Chad/Chad/PROPN/pobj/2 "
            "on/on/ADP/prep/1 talks/talk/NOUN/pobj/4 ././PUNCT/punct/1")
    assert [e.type for e in code(detector, build(spec))] == ["AGREE"]


def test_events_detector_classifier_event_when_no_rule_trigger_survives(detector):
    # "Kenya closed shops complaining": the lone trigger (ACCUSE on "complaining") is one the
    # classifier does not back, so it is dropped; the classifier's confident reading of the
    # sentence then yields its event on the main verb, as in a sentence with no trigger at all.
    spec = ("Kenya/Kenya/PROPN/nsubj/1 closed/close/VERB/ROOT/1 shops/shop/NOUN/dobj/1 "
            "complaining/complain/VERB/advcl/1 ././PUNCT/punct/1")
    events = code(detector, build(spec), {"PROTEST": 0.9, "ACCUSE": 0.02, "NONE": 0.05})
    assert [(e.type, e.evidence.trigger.text) for e in events] == [("PROTEST", "closed")]
    assert countries(events[0].actors) == ["KEN"]


def test_events_detector_demand_is_request_and_appealed_act_is_hypothetical(detector):
    demand = "Kenya/Kenya/PROPN/nsubj/1 demanded/demand/VERB/ROOT/1 talks/talk/NOUN/dobj/1 ././PUNCT/punct/1"
    assert [e.type for e in code(detector, build(demand))] == ["REQUEST"]
    # "Peru urged Chile to withdraw troops": no REQUEST; the urged act is coded, hypothetical,
    # with the addressee (object of "urged") as its actor.
    spec = ("Peru/Peru/PROPN/nsubj/1 urged/urge/VERB/ROOT/1 Chile/Chile/PROPN/dobj/1 to/to/PART/aux/4 "
            "withdraw/withdraw/VERB/xcomp/1 troops/troop/NOUN/dobj/4 ././PUNCT/punct/1")
    events = code(detector, build(spec))
    assert [(e.type, e.hypothetical) for e in events] == [("RETREAT", True)]
    assert countries(events[0].actors) == ["CHL"]


def test_events_detector_accidental_deaths_are_no_assault(detector):
    spec = ("Six/six/NUM/nummod/1 people/people/NOUN/nsubjpass/3 were/be/AUX/auxpass/3 killed/kill/VERB/ROOT/3 "
            "when/when/SCONJ/advmod/7 a/a/DET/det/6 plant/plant/NOUN/nsubj/7 exploded/explode/VERB/advcl/3 ././PUNCT/punct/3")
    assert [e.type for e in code(detector, build(spec))] == []
    hostile = spec.replace("plant/plant", "bomb/bomb")
    assert "ASSAULT" in [e.type for e in code(detector, build(hostile))]


@pytest.mark.parametrize("spec,needed", [
    (TYPE_CASES[1][0], False),  # one trigger, one reading
    ("Rebels/rebel/NOUN/nsubj/1 attacked/attack/VERB/ROOT/1 Kyiv/Kyiv/PROPN/dobj/1 ././PUNCT/punct/1", True),
    ("Shares/share/NOUN/nsubj/1 rose/rise/VERB/ROOT/1 ././PUNCT/punct/1", True),  # no trigger: classifier-only event
    (TYPE_CASES[14][0], True),  # one harm trigger (COERCE arrest): the classifier may veto it
    ("Peru/Peru/PROPN/nsubj/1 praised/praise/VERB/ROOT/1 Chile/Chile/PROPN/dobj/1 and/and/CCONJ/cc/1 "
     "condemned/condemn/VERB/conj/1 Iran/Iran/PROPN/dobj/4 ././PUNCT/punct/1", True),
])
def test_events_detector_knows_when_the_classifier_matters(detector, spec, needed):
    art = build(spec)
    assert detector.needs_classifier(art, art.sentences[0]) is needed


# Sentences that yield no event whatever the classifier says, so the events stage never embeds them.
NO_CLASSIFIER = [
    # no trigger, a verb of saying at the root: a classifier reading belongs to the reported content
    "Kenya/Kenya/PROPN/nsubj/1 said/say/VERB/ROOT/1 nothing/nothing/PRON/dobj/1 ././PUNCT/punct/1",
    # a statement PLOVER does not code, at the root
    STATEMENTS[0],
    # no trigger and an accident: the classifier would read the disaster, not an act
    "A/a/DET/det/1 bus/bus/NOUN/nsubj/2 overturned/overturn/VERB/ROOT/2 ././PUNCT/punct/2",
]
ALL_PROBS = [{"NONE": 0.01, t: 0.99} for t in ("ASSAULT", "REQUEST", "CONSULT", "ACCUSE", "SUPPORT", "PROTEST")]


@pytest.mark.parametrize("spec", NO_CLASSIFIER, ids=["said", "urged", "bus"])
def test_events_detector_skips_the_classifier_only_where_it_cannot_change_the_coding(detector, spec):
    art = build(spec)
    assert not detector.classifier_matters(art, art.sentences[0])
    assert all(code(detector, art, probs) == [] for probs in [{}, *ALL_PROBS])


@pytest.mark.parametrize("spec", [
    "Rebels/rebel/NOUN/nsubj/1 attacked/attack/VERB/ROOT/1 Kyiv/Kyiv/PROPN/dobj/1 ././PUNCT/punct/1",
    "Shares/share/NOUN/nsubj/1 rose/rise/VERB/ROOT/1 ././PUNCT/punct/1",  # a classifier-only event is possible
    TYPE_CASES[1][0],
], ids=["attack", "rose", "one-reading"])
def test_events_detector_asks_the_classifier_where_an_event_is_possible(detector, spec):
    art = build(spec)
    assert detector.classifier_matters(art, art.sentences[0])
    unparsed = Article(text=art.text, date=art.date)
    unparsed.sentences = [Sentence(index=0, start=0, end=len(art.text), text=art.text)]
    assert not detector.classifier_matters(unparsed, unparsed.sentences[0])


def test_events_stage_reads_and_checks_its_settings():
    from communique.core.config import load_settings
    from communique.core.errors import PipelineError

    settings = load_settings().with_overrides({"events": {"classifier_scope": "ambiguous", "min_confidence": 0.5}})
    stage = EventStage(settings, use_classifier=False)
    assert stage.classifier_scope == "ambiguous" and stage.detector.cfg.min_confidence == 0.5
    with pytest.raises(PipelineError, match="classifier_scope"):
        EventStage(classifier_scope="some")


def test_events_detector_quantity_head_takes_actor_from_of_phrase(detector):
    spec = ("Thousands/thousand/NOUN/nsubj/3 of/of/ADP/prep/0 Kenya/Kenya/PROPN/pobj/1 "
            "marched/march/VERB/ROOT/3 ././PUNCT/punct/3")
    events = code(detector, build(spec))
    assert [e.type for e in events] == ["PROTEST"]
    assert countries(events[0].actors) == ["KEN"]


CONVERSION_CASES = [
    # sentence, expected (type, mode, negated, future) per event
    ("Peru/Peru/PROPN/nsubj/3 will/will/AUX/aux/3 not/not/PART/neg/3 release/release/VERB/ROOT/3 "
     "prisoners/prisoner/NOUN/dobj/3 ././PUNCT/punct/3",
     [("REJECT", "yield", False, False)]),
    ("Chad/Chad/PROPN/nsubj/2 will/will/AUX/aux/2 withdraw/withdraw/VERB/ROOT/2 unless/unless/SCONJ/mark/5 "
     "Kenya/Kenya/PROPN/nsubj/5 pays/pay/VERB/advcl/2 ././PUNCT/punct/2",
     [("THREATEN", "relations", False, True)]),
    ("Iran/Iran/PROPN/nsubj/1 plans/plan/VERB/ROOT/1 to/to/PART/aux/3 impose/impose/VERB/xcomp/1 "
     "sanctions/sanction/NOUN/dobj/3 ././PUNCT/punct/1",
     [("THREATEN", "relations", False, True)]),
    ("Russia/Russia/PROPN/nsubj/1 plans/plan/VERB/ROOT/1 to/to/PART/aux/3 deploy/deploy/VERB/xcomp/1 "
     "troops/troop/NOUN/dobj/3 ././PUNCT/punct/1",
     [("MOBILIZE", "troops", False, True)]),
]


@pytest.mark.parametrize("spec,expected", CONVERSION_CASES,
                         ids=["refusal-reject", "unless-threaten", "future-conflict-threaten", "future-mobilize-stays"])
def test_events_detector_plover_conversions(detector, spec, expected):
    got = [(e.type, e.mode, e.negated, e.future) for e in code(detector, build(spec))]
    assert got == expected


def test_events_stage_failure_names_its_sentence():
    from communique.runtime.pipeline import run_batch

    good = build(TYPE_CASES[1][0])
    bad = build(TYPE_CASES[2][0])
    # The second sentence's parse is broken: "praised" points at a head past the sentence's end.
    shift = len(good.text) + 1
    tokens = [Token(**{**t.__dict__, "start": t.start + shift, "end": t.end + shift}) for t in bad.sentences[0].tokens]
    tokens[1].head = 9
    art = Article(text=f"{good.text} {bad.text}", date="2024-08-28")
    art.sentences = [good.sentences[0],
                     Sentence(index=1, start=shift, end=shift + len(bad.text), text=bad.text, tokens=tokens)]
    # The batch runner of the pipeline (the stage alone: no NLP or actors stage before it).
    (out,) = run_batch([EventStage(use_classifier=False)], [art])
    (err,) = out.errors
    assert (err.stage, err.sentence_index, err.code) == ("events", 1, "E206")
    assert err.reason.startswith("IndexError")


GRAMMAR_CASES = [
    # sentence, probabilities (None: rules alone), expected (type, mode, actors, recipients) per event;
    # recipients None: not this test's business (the roles decide them)
    # One act, one event: a support verb yields to its event noun of another type.
    ("Peru/Peru/PROPN/nsubj/1 signed/sign/VERB/ROOT/1 an/an/DET/det/3 agreement/agreement/NOUN/dobj/1 "
     "with/with/ADP/prep/3 Chile/Chile/PROPN/pobj/4 ././PUNCT/punct/1", None,
     [("AGREE", None, ["PER"], ["CHL"])]),
    # A commitment and a cooperative act in its complement: one AGREE, addressed to the act's recipient.
    ("Peru/Peru/PROPN/nsubj/1 pledged/pledge/VERB/ROOT/1 to/to/PART/aux/3 send/send/VERB/xcomp/1 "
     "aid/aid/NOUN/dobj/3 to/to/ADP/prep/3 Chile/Chile/PROPN/pobj/5 ././PUNCT/punct/1", None,
     [("AGREE", None, ["PER"], ["CHL"])]),
    # ... and a hostile act in it: the threat speaks, the vow is no promise to cooperate.
    ("Iran/Iran/PROPN/nsubj/1 vowed/vow/VERB/ROOT/1 to/to/PART/aux/3 bomb/bomb/VERB/xcomp/1 "
     "Israel/Israel/PROPN/dobj/3 ././PUNCT/punct/1", None,
     [("THREATEN", "violence", ["IRN"], ["ISR"])]),
    # Readiness: "is ready to talk" is one AGREE.
    ("Peru/Peru/PROPN/nsubj/1 is/be/AUX/ROOT/1 ready/ready/ADJ/acomp/1 to/to/PART/aux/4 talk/talk/VERB/xcomp/2 "
     "././PUNCT/punct/1", None,
     [("AGREE", None, ["PER"], [])]),
    # A reported "must": the speaker demands it of the side that must act.
    ("Peru/Peru/PROPN/nsubj/1 said/say/VERB/ROOT/1 Chile/Chile/PROPN/nsubj/4 must/must/AUX/aux/4 "
     "withdraw/withdraw/VERB/ccomp/1 troops/troop/NOUN/dobj/4 ././PUNCT/punct/1", None,
     [("REQUEST", "yield", ["PER"], ["CHL"])]),
    # Negation and a modal on the verb of a nominal trigger's clause: a refusal, by the speaker
    # that the pronoun subject stands for.
    ("Peru/Peru/PROPN/nsubj/1 said/say/VERB/ROOT/1 it/it/PRON/nsubj/5 would/would/AUX/aux/5 not/not/PART/neg/5 "
     "provide/provide/VERB/ccomp/1 support/support/NOUN/dobj/5 to/to/ADP/prep/6 Chile/Chile/PROPN/pobj/7 "
     "././PUNCT/punct/1", None,
     [("REJECT", None, ["PER"], ["CHL"])]),
    # "failed to reach agreement" is a REJECT, not a negated AGREE.
    ("Peru/Peru/PROPN/nsubj/1 failed/fail/VERB/ROOT/1 to/to/PART/aux/3 reach/reach/VERB/xcomp/1 "
     "agreement/agreement/NOUN/dobj/3 ././PUNCT/punct/1", None,
     [("REJECT", None, ["PER"], [])]),
    # Ending a hostile act is a step back.
    ("Students/student/NOUN/nsubj/1 called/call/VERB/ROOT/1 off/off/ADP/prt/1 the/the/DET/det/4 "
     "strike/strike/NOUN/dobj/1 ././PUNCT/punct/1", None,
     [("CONCEDE", None, [None], [])]),
    ("Russia/Russia/PROPN/nsubj/1 halted/halt/VERB/ROOT/1 its/its/PRON/poss/3 offensive/offensive/NOUN/dobj/1 "
     "././PUNCT/punct/1", None,
     [("RETREAT", "ceasefire", ["RUS"], [])]),
    # PLOVER: a single country's exercise is MOBILIZE, a joint one COOPERATE.
    ("Russia/Russia/PROPN/nsubj/1 held/hold/VERB/ROOT/1 military/military/ADJ/amod/3 exercises/exercise/NOUN/dobj/1 "
     "././PUNCT/punct/1", None,
     [("MOBILIZE", None, ["RUS"], [])]),
    ("Russia/Russia/PROPN/nsubj/1 held/hold/VERB/ROOT/1 joint/joint/ADJ/amod/3 exercises/exercise/NOUN/dobj/1 "
     "with/with/ADP/prep/1 Iran/Iran/PROPN/pobj/4 ././PUNCT/punct/1", None,
     [("COOPERATE", None, ["RUS"], ["IRN"])]),
    # PLOVER: an announced retreat is a CONCEDE, not an AGREE.
    ("Russia/Russia/PROPN/nsubj/2 will/will/AUX/aux/2 withdraw/withdraw/VERB/ROOT/2 troops/troop/NOUN/dobj/2 "
     "././PUNCT/punct/2", None,
     [("CONCEDE", None, ["RUS"], [])]),
    # Preparing an attack is a show of force: MOBILIZE (an aspectual verb in between is transparent).
    ("Russia/Russia/PROPN/nsubj/1 prepared/prepare/VERB/ROOT/1 to/to/PART/aux/3 resume/resume/VERB/xcomp/1 "
     "shelling/shell/VERB/xcomp/3 Kyiv/Kyiv/PROPN/dobj/4 ././PUNCT/punct/1", None,
     [("MOBILIZE", None, ["RUS"], ["UKR"])]),
    # An amount's "of" phrase completes a two-word trigger ("send soldier").
    ("Poland/Poland/PROPN/nsubj/1 sent/send/VERB/ROOT/1 thousands/thousand/NOUN/dobj/1 of/of/ADP/prep/2 "
     "soldiers/soldier/NOUN/pobj/3 ././PUNCT/punct/1", None,
     [("MOBILIZE", "troops", ["POL"], [])]),
    # A protest verb with a reported clause is a verbal protest, even where the classifier reads a demonstration.
    ("Peru/Peru/PROPN/nsubj/1 protested/protest/VERB/ROOT/1 that/that/SCONJ/mark/4 Chile/Chile/PROPN/nsubj/4 "
     "was/be/AUX/ccomp/1 wrong/wrong/ADJ/acomp/4 ././PUNCT/punct/1", {"PROTEST": 0.6, "ACCUSE": 0.2, "NONE": 0.1},
     [("ACCUSE", "disapprove", ["PER"], None)]),
]


@pytest.mark.parametrize("spec,probs,expected", GRAMMAR_CASES,
                         ids=["signed-agreement", "pledged-to-send-aid", "vowed-to-bomb", "ready-to-talk",
                              "said-must-withdraw", "would-not-provide-support", "failed-to-reach-agreement",
                              "called-off-strike", "halted-offensive", "lone-exercise", "joint-exercise",
                              "will-withdraw", "prepared-to-resume-shelling", "thousands-of-soldiers",
                              "protested-that"])
def test_events_detector_grammar_constructions(detector, spec, probs, expected):
    events = code(detector, build(spec), probs)
    got = [(e.type, e.mode, countries(e.actors), None if want[3] is None else countries(e.recipients))
           for e, want in zip(events, expected, strict=False)]
    assert len(events) == len(expected) and got == expected


def test_events_detector_threat_outranks_the_threatened_act(detector):
    spec = MODALITY_CASES[8][0]  # "Iran threatened to attack Israel"
    threat, attack = code(detector, build(spec), {"ASSAULT": 0.4, "THREATEN": 0.4, "NONE": 0.0})
    assert (threat.type, attack.type, attack.hypothetical) == ("THREATEN", "ASSAULT", True)
    # A hypothetical act is not the sentence's news: it counts less than the threat that was made.
    assert threat.confidence > attack.confidence


def test_events_detector_reading_is_ranked_by_its_converted_type(detector):
    # "Iran wants to attack Israel": read as an attack (ASSAULT -> THREATEN when intended), not a
    # verbal ACCUSE, once the classifier sees a threat.
    spec = ("Iran/Iran/PROPN/nsubj/1 wants/want/VERB/ROOT/1 to/to/PART/aux/3 attack/attack/VERB/xcomp/1 "
            "Israel/Israel/PROPN/dobj/3 ././PUNCT/punct/1")
    (ev,) = code(detector, build(spec), {"THREATEN": 0.5, "ACCUSE": 0.2, "ASSAULT": 0.1, "NONE": 0.1})
    assert (ev.type, ev.mode, ev.future) == ("THREATEN", "violence", True)
