"""Who acts and who receives, on sentences written here, through the real pipeline (spaCy parse,
actors, places, events): the general constructions of events/roles.py that issue 11's check half
asks for (claims on the state, places as recipients, third parties between two sides,
coordinated country adjectives, an object's phrase)."""

from __future__ import annotations

import pytest

from communique.core.article import Article

pytestmark = pytest.mark.model


def _event(pipeline, text: str, type_: str):
    art = pipeline(Article(text=text, date="2024-03-04"))
    found = [e for e in art.events if e.type == type_]
    assert found, f"no {type_} in {[(e.type, e.evidence.trigger.text) for e in art.events]}"
    return found[0]


def _countries(parts) -> list[str | None]:
    return [p.country for p in parts]


@pytest.mark.parametrize("text,type_,actors,recipients", [
    # A claim with no named recipient: the state where it is made, else the claimant's own state.
    ("Thousands of Thai students demonstrated in Bangkok on Sunday.", "PROTEST", ["THA"], ["THA"]),
    ("Thousands of Iraqi Kurds demonstrated on Sunday.", "PROTEST", ["IRQ"], ["IRQ"]),
    # A named recipient wins; the implied one is only a fallback.
    ("Thousands of Thai students protested against the government in Bangkok.", "PROTEST", ["THA"], ["THA"]),
    # An act done to a place the actors stage names no actor for: the places stage's country.
    ("Israeli tanks fired shells at positions in Tulkarm.", "ASSAULT", ["ISR"], ["PSE"]),
    # A third party that launches or brokers an act between two sides acts on both.
    ("Qatar launched a mediation effort between Saudi Arabia and the Emirates.", "CONSULT", ["QAT"],
     ["SAU", "ARE"]),
    # "fighting broke out between X and Y": the verb's sides; coordinated adjectives are two sides.
    ("Fighting broke out between Armenian and Azerbaijani forces.", "ASSAULT", ["ARM"], ["AZE"]),
    # An object's own phrase: "an investigation into crimes committed by X", "imports from X".
    ("Serbian police launched an investigation into crimes committed by Croat forces.", "ACCUSE", ["SRB"],
     ["HRV"]),
    ("The Indian government banned imports from China.", "SANCTION", ["IND"], ["CHN"]),
    # A bare preposition whose object the parser hung on a reduced relative clause.
    ("Peru has granted diplomatic asylum to five Panamanian army officers holed up in a residence.", "AID",
     ["PER"], ["PAN"]),
    # A crowd that names no side of its own protests as the state it is in.
    ("Tens of thousands rallied in Nairobi on Sunday.", "PROTEST", ["KEN"], ["KEN"]),
    # An attack whose author is not named has no actor (the state where it happens is its victim's,
    # read through the nested "in"), not the place's state as its author.
    ("Four guards were killed in a bomb attack in Kabul.", "ASSAULT", [], ["AFG"]),
    # A victim of no known country is of the place where it is hit.
    ("Chinese authorities detained a well-known dissident in Shanghai.", "COERCE", ["CHN"], [None, "CHN"]),
    # Support meant for X; a demand of what comes from X; a threat of an act against X.
    ("Canada voiced strong support for Ukraine.", "SUPPORT", ["CAN"], ["UKR"]),
    ("Turkey demanded an apology from Israel.", "REQUEST", ["TUR"], ["ISR"]),
    ("Syria warned of reprisals against Turkey.", "THREATEN", ["SYR"], ["TUR"]),
    # An arrest in an "under" phrase, a sanction in a "with" phrase of a passive verb.
    ("Iran was hit with an oil embargo by Britain.", "SANCTION", ["GBR"], ["IRN"]),
    # A force sent or deployed is the act's instrument: only where it goes receives it.
    ("Mexico sent a team of doctors to Cuba.", "AID", ["MEX"], ["CUB"]),
    # An act noun told by a participle of announcing or making: its agent acts, its "against" receives.
    ("The sanctions announced by Canada on Friday against four Belarusian judges include travel bans.",
     "SANCTION", ["CAN"], ["BLR"]),
    ("Chile dismissed the accusation made by Bolivia on Monday.", "ACCUSE", ["BOL"], []),
    # A participle with a "by" agent that the parser read as the clause's verb, and a subject of no actor
    # told by such a participle: the agent acts.
    ("The truce agreed by Sudan and Chad on Sunday held through the week.", "AGREE", ["SDN"], ["TCD"]),
    ("The medical aid sent by Japan reached Bangladesh on Tuesday.", "AID", ["JPN"], ["BGD"]),
    ("Canada deployed 200 soldiers to Latvia.", "MOBILIZE", ["CAN"], ["LVA"]),
    ("National Guard units deployed by Mexico arrived at border crossings near Ciudad Juarez.", "MOBILIZE",
     ["MEX"], []),
    # ... but people released or deported are the act's recipients, named by a civilian noun.
    ("The rebels released 12 Christians on Friday.", "RETREAT", [None], [None]),
    ("The Thai government deported a 60-year-old man on Friday.", "COERCE", ["THA"], ["THA"]),
    ("South Sudanese militia freed 280 child soldiers.", "RETREAT", ["SSD"], ["SSD"]),
    # A causative verb's bare complement shares its subject.
    ("Egypt finally let free the jailed activist Mohamed Soltan.", "RETREAT", ["EGY"], ["EGY"]),
    # Who leaves an office yields it to the state whose office it is.
    ("Suharto resigned as president of Indonesia in 1998.", "RETREAT", ["IDN"], ["IDN"]),
    # The object of a verb of contact receives the verbal act of its purpose clause.
    ("Poland called the Ukrainian president on Monday to congratulate him on his victory.", "SUPPORT", ["POL"],
     ["UKR"]),
    # "help X cope": the subject of a bare infinitive is the helping verb's object.
    ("Japan earmarked 3 million dollars in emergency aid to help Nepal cope with the floods.", "AID", ["JPN"],
     ["NPL"]),
    # A protest held at an actor's seat is addressed to it (h-fresh11).
    ("Hundreds of Iranians rallied outside the British embassy in Tehran.", "PROTEST", ["IRN"], ["GBR"]),
    # A protest noun that is the subject of an occurrence verb: the crowd is of the verb's place.
    ("The protests against the pension reform continued in Paris.", "PROTEST", ["FRA"], ["FRA"]),
    # Whom an easing of rules is for receives it.
    ("Kuwait eased entry rules for Egyptian workers.", "CONCEDE", ["KWT"], ["EGY"]),
    # Warships dispatched are a deployment.
    ("China dispatched two destroyers to the South China Sea.", "MOBILIZE", ["CHN"], []),
    # A threat conditioned on another side's act threatens that side.
    ("Iran threatened to close the Strait of Hormuz if Washington tightened its oil embargo.", "THREATEN",
     ["IRN"], ["USA"]),
])
def test_events_roles_constructions(pipeline, text, type_, actors, recipients):
    ev = _event(pipeline, text, type_)
    assert _countries(ev.actors) == actors
    assert _countries(ev.recipients) == recipients


@pytest.mark.parametrize("text,type_,name", [
    ("The court rejected an appeal by the Workers Solidarity Association.", "REJECT",
     "the Workers Solidarity Association"),
    ("The ministry refused a request from the Neighborhood Association to visit the prison.", "REJECT",
     "the Neighborhood Association"),
])
def test_events_roles_named_organisation_receives(pipeline, text, type_, name):
    # An organisation the parser names and no resolved actor covers is still the act's participant,
    # with no country and its own basis.
    ev = _event(pipeline, text, type_)
    assert [(p.text, p.country) for p in ev.recipients] == [(name, None)]


def test_events_roles_implied_recipient_has_no_text(pipeline):
    ev = _event(pipeline, "Thousands of Iraqi Kurds demonstrated on Sunday.", "PROTEST")
    # Implied, not read: no text span, so that a consumer can tell it from a named recipient.
    assert [(p.text, p.kind, p.id) for p in ev.recipients] == [("", "country", "IRQ")]


@pytest.mark.parametrize("text,type_", [
    # The state itself is no claim on itself.
    ("Israel rejected the plan on Monday.", "REJECT"),
    # A sentence that names another country is not a domestic claim.
    ("Kosovo's chief negotiator said that Pristina would not sign any text with Serbia.", "REJECT"),
])
def test_events_roles_no_implied_recipient(pipeline, text, type_):
    art = pipeline(Article(text=text, date="2024-03-04"))
    for e in art.events:
        assert all(p.text for p in e.recipients), (e.type, e.recipients)


def test_events_roles_implied_actor_has_no_text(pipeline):
    ev = _event(pipeline, "Tens of thousands rallied in Nairobi on Sunday.", "PROTEST")
    # Implied, not read: the crowd's state has no text span, like an implied recipient.
    assert [(p.text, p.kind, p.id) for p in ev.actors] == [("", "country", "KEN")]
