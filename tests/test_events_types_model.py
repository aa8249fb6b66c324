"""Which type an act is coded as, on sentences written here, through the real pipeline (spaCy parse,
actors, places, events): the constructions of issue 11's event-type work (argument cues of
conversions.yaml, amounts with an "in" phrase, trade barriers cut, states of emergency)."""

from __future__ import annotations

import pytest

from communique.core.article import Article

from .coded_sentences import top_event

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text,type_,mode", [
    # PLOVER SANCTION withdraw: one's non-military resources withdrawn; troops pulling back stay RETREAT.
    ("The UN withdrew its peacekeepers from the border area.", "SANCTION", "withdraw"),
    ("Ghana pulled out its observers from the mission.", "SANCTION", "withdraw"),
    ("The army withdrew its troops from the border area.", "RETREAT", "withdraw"),
    # Peacekeepers sent, deployed or arriving are aid, not a mobilisation or a visit.
    ("Nepal sent a battalion of peacekeepers to Lebanon.", "AID", None),
    ("Pakistan deployed 300 troops to Mali on a peacekeeping mission.", "AID", None),
    ("Two hundred Indian peacekeepers arrived in Juba on Friday.", "AID", None),
    ("Pakistan deployed 300 troops to the border.", "MOBILIZE", "troops"),
    # Taking a place by force is an attack; seizing goods stays COERCE.
    ("The army seized the town after heavy fighting.", "ASSAULT", None),
    ("Burmese troops captured part of the rebel stronghold on Monday.", "ASSAULT", None),
    ("Customs officers seized two tonnes of cocaine at the port.", "COERCE", "seize"),
    # A place the arrested are in is no place taken.
    ("Police have arrested about 4,000 people in two dozen cities.", "COERCE", "arrest"),
    # An amount's "in" phrase completes the pair, also in a sentence that names a disaster.
    ("Japan provided an additional $5 million in assistance to Nepal after the floods.", "AID", None),
    # Cutting a trade barrier eases it; imposing one is a sanction.
    ("Canada cut tariffs on Mexican steel.", "RETREAT", None),
    ("Washington rolled back duties on Chinese goods.", "RETREAT", None),
    ("Canada imposed tariffs on Mexican steel.", "SANCTION", None),
    # A state of emergency declared (COERCE martial-law) or lifted (CONCEDE).
    ("The government declared a state of emergency in the northern provinces.", "COERCE", "martial-law"),
    ("The president lifted the state of emergency in the east.", "CONCEDE", None),
    # The cause of a death reports its act.
    ("A detainee died of torture in an army prison.", "ASSAULT", "torture"),
    ("A prisoner died as a result of torture while in police custody.", "ASSAULT", "torture"),
    # PLOVER: extraditions are judicial cooperation.
    ("Spain extradited the suspect to Argentina.", "COOPERATE", None),
    # Withdrawing from a mediation is SANCTION withdraw; cancelling a visit curtails relations.
    ("The US envoy ended mediation efforts between the two factions.", "SANCTION", "withdraw"),
    ("A French minister cancelled a planned visit to Haiti.", "SANCTION", None),
    # Human shields; a work stoppage.
    ("The militants held around 5,000 villagers as human shields in the town.", "ASSAULT", "abduct"),
    ("Dock workers stopped work on Monday over unpaid wages.", "PROTEST", "strike"),
    # A unit sent abroad is a deployment.
    ("Kosovo is sending a military platoon to Kuwait.", "MOBILIZE", "troops"),
    # An exchange of fire is fighting; an exchange of views is not.
    ("Indian and Pakistani troops exchanged fire across the Line of Control in Kashmir.", "ASSAULT", "firearms"),
    ("The ministers exchanged views on the crisis.", "CONSULT", None),
    # Future aid is a promise (PLOVER: AGREE): money in a currency, peacekeepers in a purpose clause.
    ("Sweden said it would give 20 million crowns to help Nicaragua rebuild after the hurricane.", "AGREE", None),
    ("Thailand said on Monday it would send 1,000 troops to join the peacekeeping force in East Timor.", "AGREE",
     None),
    ("Pakistan deployed troops to the border to deter an attack.", "MOBILIZE", "troops"),
    # A protest lodged with a government is a verbal protest (ACCUSE), not a demonstration.
    ("The Foreign Ministry lodged a strong protest with the Japanese embassy over the visit.", "ACCUSE", None),
    # A vow to crush an enemy is a threat (a future attack).
    ("Serbia vowed to crush the Albanian separatists in Kosovo.", "THREATEN", "violence"),
    # "rejected the ceasefire offer", which the parser reads as a clause, is still a refusal.
    ("The rebels rejected the ceasefire offer, saying the government could not be trusted.", "REJECT", "meet"),
    # The rarely found types (AID, REQUEST, THREATEN, ...) and statements PLOVER drops.
    # PLOVER AID: money counted in a currency is aid, not verbal support; funds mobilised are aid.
    ("The EU provides €30m support for farmers in Kenya.", "AID", None),
    ("Norway is mobilising additional funds for the peace process in Colombia.", "AID", None),
    ("Canada reinforced its commitment to refugees with a contribution of $10 million to UNICEF.", "AID", None),
    ("Parliament voted to support the reform.", "SUPPORT", None),
    # Forces sent to train another's forces assist it (PLOVER AID: military assistance, personnel included).
    ("Ten British officers deployed to Ghana to train local police.", "AID", None),
    ("Pakistan deployed troops to the border.", "MOBILIZE", "troops"),
    # An amount's "in" phrase under a light verb names what was given; so does a change in an amount.
    ("The United States announced $20 million in humanitarian assistance to Sudan.", "AID", None),
    ("Japan announced a large increase in funding for refugees in Jordan.", "AID", None),
    ("The rebels launched dozens of attacks on army posts.", "ASSAULT", None),
    # PLOVER SUPPORT: improving or expanding diplomatic ties.
    ("Chile and Peru are upgrading diplomatic ties.", "SUPPORT", None),
    # A deadline set for another side is an ultimatum (THREATEN).
    ("The president set a two-week deadline for the rebels to disarm.", "THREATEN", None),
    # "X said Y must <act>" with no trigger of its own: a demand by X of Y.
    ("The opposition leader said the government must ensure security for voters.", "REQUEST", None),
    # A conjunct act shares the demand's modal.
    ("The mayor said the police must protect the marchers and release the detained students.", "REQUEST", "yield"),
])

def test_events_type_constructions(pipeline, text, type_, mode):
    ev = top_event(pipeline, text)
    assert (ev.type, ev.mode) == (type_, mode), (text, ev.type, ev.mode, ev.evidence.trigger.text)


def test_events_converted_act_reads_its_roles_again(pipeline):
    # An arrival read as aid takes the place it arrives in as the recipient, which a visit lacks.
    ev = top_event(pipeline, "Two hundred Indian peacekeepers arrived in Juba on Friday.")
    assert [a.country for a in ev.actors] == ["IND"]
    assert ev.recipients, "the arrival's place should receive the aid"


def test_events_death_of_an_illness_codes_nothing(pipeline):
    art = pipeline(Article(text="The man died of cancer in hospital.", date="2024-03-04"))
    assert art.events == []


def test_events_denial_of_a_reported_clause_codes_no_reject(pipeline):
    # "denied that ...": a statement, not a REJECT (the denied act inside is negated, not news).
    art = pipeline(Article(text="The ministry denied that troops had fired on the crowd.", date="2024-03-04"))
    assert not [e for e in art.events if e.type == "REJECT"]


def test_events_reported_failure_is_criticism_and_failed_agreement_a_refusal(pipeline):
    art = pipeline(Article(text="The government has failed to protect minorities from attacks by extremists, "
                                "Amnesty International said in a report.", date="2024-03-04"))
    assert [(e.type, e.evidence.trigger.text) for e in art.events] == [("ACCUSE", "failed")]
    art = pipeline(Article(text="The opposition said the two sides failed to reach agreement.", date="2024-03-04"))
    assert [e.type for e in art.events] == ["REJECT"]


def test_events_reported_demand_is_by_the_speaker_of_the_side_that_must_act(pipeline):
    ev = top_event(pipeline, "The opposition leader said the government must ensure security for voters.")
    assert ev.type == "REQUEST"
    assert [a.text for a in ev.actors] == ["The opposition leader"]
    assert [a.text for a in ev.recipients] == ["the government"]


@pytest.mark.parametrize("text", [
    # Considering an option is a statement (CAMEO 014, dropped by PLOVER), not a promise or the act.
    "Italy is considering sending aid to Tunisia after the floods.",
    "The government is weighing sending troops to the border.",
    "The cabinet will debate imposing sanctions on the regime.",
    # A message of condolence or sympathy states a feeling, as "offered condolences" does.
    "The minister sent a condolence message to the Indonesian president after the bombing.",
    "The president conveyed a message of sympathy to the families of the victims.",
    # A demand of one's own side is no event; nor a plain exhortation the classifier does not read as a demand.
    "The minister said we must work harder this year.",
])
def test_events_statements_code_no_event(pipeline, text):
    art = pipeline(Article(text=text, date="2024-03-04"))
    assert art.events == [], [(e.type, e.evidence.trigger.text) for e in art.events]


def test_events_act_in_an_amount_takes_the_light_verbs_sides(pipeline):
    # "announced $20 million in assistance to Sudan": who announced gives, the "to" phrase receives.
    ev = top_event(pipeline, "The United States announced $20 million in humanitarian assistance to Sudan.")
    assert ev.type == "AID"
    assert [a.country for a in ev.actors] == ["USA"]
    assert [a.country for a in ev.recipients] == ["SDN"]


@pytest.mark.parametrize("text,type_", [
    # An act named as the grounds of a punishment is what is alleged; the punishment is the news.
    ("The activist was arrested for collaborating with a banned militia.", "COERCE"),
    ("Three villagers were jailed for cooperating with the rebels.", "COERCE"),
    ("The envoy praised Norway for mediating between the two sides.", "SUPPORT"),
])
def test_events_grounds_of_a_punishment_do_not_win(pipeline, text, type_):
    art = pipeline(Article(text=text, date="2024-03-04"))
    assert max(art.events, key=lambda e: e.confidence).type == type_
    assert all(e.hypothetical for e in art.events if e.type in ("COOPERATE", "CONSULT"))
