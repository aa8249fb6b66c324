"""Issue 12 ("events, not reports"): the ordinary ways news reports tell an act, as classes of wording,
through the real pipeline (spaCy parse, actors, places, events). Sentences written here; each asserts the
type (and mode) of the sentence's most confident event, or that a look-alike codes no event."""

from __future__ import annotations

import pytest

from .coded_sentences import assert_codes, ranked_events

pytestmark = pytest.mark.model


CODED = [
    # Work stoppages told by what the workers did: stayed away from work or the cranes, stayed off
    # work, walked off the job, halted or refused work, boycotted duty, observed a strike.
    ("Dock workers stayed away from the cranes at Mombasa port on Tuesday in a row over overtime pay.", "PROTEST", "strike"),
    ("Thousands of teachers stayed away from work across Nigeria on Monday to press for unpaid salaries.", "PROTEST", "strike"),
    ("Bus drivers in Nairobi stayed off work for a second day on Wednesday.", "PROTEST", "strike"),
    ("Nurses at the state hospital walked off the job on Friday after talks on staffing collapsed.", "PROTEST", "strike"),
    ("Miners at the Kolwezi copper mine halted work on Thursday to demand a pay rise.", "PROTEST", "strike"),
    ("Railway workers refused to work on Monday, saying their wages had not been paid since March.", "PROTEST", "strike"),
    ("Junior doctors in Lahore boycotted duty at public hospitals for a third day.", "PROTEST", "strike"),
    ("Shopkeepers in Srinagar observed a strike on Friday against the killing of a student.", "PROTEST", "strike"),
    ("Port workers in Antwerp have stayed away from the docks since Sunday, the union said.", "PROTEST", "strike"),
    ("Garment workers in Dhaka walked off their shifts on Saturday over delayed bonuses.", "PROTEST", "strike"),
    ("A work stoppage by air traffic controllers grounded flights across France on Tuesday.", "PROTEST", "strike"),
    ("Hospital cleaners in Madrid were staying away from the wards in a dispute over contracts.", "PROTEST", "strike"),
    # Crowds of protesters filling a place, gathering, chanting, waving placards, burning effigies.
    ("Demonstrators packed the main square of Tbilisi on Sunday, chanting against the foreign agents law.", "PROTEST", "demo"),
    ("Protesters filled the streets of Belgrade on Saturday night to demand the minister's resignation.", "PROTEST", "demo"),
    ("Tens of thousands of protesters thronged the avenues of Buenos Aires against the spending cuts.", "PROTEST", "demo"),
    ("Students chanted slogans against the government outside the university in Dhaka on Monday.", "PROTEST", "demo"),
    ("Hundreds of farmers waved placards outside the parliament in Warsaw over cheap grain imports.", "PROTEST", "demo"),
    ("Demonstrators gathered outside the Israeli embassy in Amman on Friday.", "PROTEST", "demo"),
    ("Opposition supporters burned effigies of the prime minister in Karachi on Tuesday.", "PROTEST", "demo"),
    ("Protesters converged on the presidential palace in Colombo on Saturday.", "PROTEST", "demo"),
    ("Crowds chanted against the military council in the streets of Khartoum on Thursday.", "PROTEST", "demo"),
    ("Protesters occupied the main square in front of the city hall in Skopje.", "PROTEST", "demo"),
    ("Thousands of protesters poured into the streets of Nairobi on Tuesday against the finance bill.", "PROTEST", "demo"),
    # Relief delivered by carriers: goods sent or flown in planes/trucks/ships, or carriers of goods arriving.
    ("Turkey sent three planes carrying tents and blankets to Kathmandu after the earthquake.", "AID", None),
    ("Jordan flew two aircraft loaded with medical supplies to El Arish on Sunday.", "AID", None),
    ("A Saudi plane carrying 90 tonnes of food landed in Aden on Monday.", "AID", None),
    ("Two Indian aircraft loaded with relief supplies arrived in Colombo on Wednesday.", "AID", None),
    ("A convoy of trucks carrying flour reached the besieged town of Madaya on Thursday.", "AID", None),
    ("An Emirati ship carrying 2,000 tonnes of aid docked at the port of Hodeidah.", "AID", None),
    ("The UAE dispatched a plane carrying medicines and food to Khartoum on Friday.", "AID", None),
    ("Egypt sent 50 trucks loaded with food and water into Gaza through the Rafah crossing.", "AID", None),
    ("A Chinese plane carrying vaccines landed in Harare on Saturday.", "AID", None),
    ("A Pakistani aid convoy reached Kabul on Tuesday with wheat and cooking oil.", "AID", None),
    ("Morocco flew 40 tonnes of tents and blankets to Tripoli on Sunday.", "AID", None),
    # Forces leaving a country or place: soldiers/troops/peacekeepers left, departed, vacated.
    ("The last French soldiers left Niger on Friday, ending a decade-long deployment.", "RETREAT", "withdraw"),
    ("The final group of American troops left the air base in Chad on Sunday.", "RETREAT", "withdraw"),
    ("Russian peacekeepers left Nagorno-Karabakh ahead of schedule, the Kremlin said.", "RETREAT", "withdraw"),
    ("German forces have left Mali after eleven years, the defence ministry said.", "RETREAT", "withdraw"),
    ("The last contingent of Kenyan troops departed Somalia on Wednesday.", "RETREAT", "withdraw"),
    ("Ugandan soldiers left the town of Bunia on Thursday, handing their positions to the army.", "RETREAT", "withdraw"),
    ("The remaining British troops left the province on Monday, a spokesman said.", "RETREAT", "withdraw"),
    ("The first group of Eritrean soldiers left the Tigray region on Saturday.", "RETREAT", "withdraw"),
    ("The last batch of Indian military personnel left the Maldives on Friday.", "RETREAT", "withdraw"),
    ("Armenian forces vacated the villages on Tuesday under the border deal.", "RETREAT", "withdraw"),
    ("Government forces moved out of the northern town overnight, residents said.", "RETREAT", "withdraw"),
    ("The last Russian troops were flown out of the Armenian border town on Monday.", "RETREAT", "withdraw"),
    # Non-military staff of a mission shipped out: PLOVER SANCTION withdraw (as "withdrew its observers").
    ("The UN shipped its observers out of the border zone on Tuesday.", "SANCTION", "withdraw"),
    # Negotiators returning for talks resume a meeting; returning captured bodies stays a release.
    ("Sudan's warring parties returned to Jeddah on Monday for a new round of talks.", "CONSULT", None),
    ("The two delegations returned to the negotiating table in Doha on Sunday.", "CONSULT", None),
    ("Negotiators from Kyiv and Moscow returned to Istanbul for negotiations on the grain corridor.", "CONSULT", None),
    ("Israel returned the bodies of two soldiers to Lebanon on Tuesday.", "RETREAT", "release"),
    # Fire stopped: halted or ceased fire, held their fire, stopped firing, shelling or fighting.
    ("Both sides halted fire at midnight under the deal brokered by Egypt.", "RETREAT", "ceasefire"),
    ("Government troops held their fire on Sunday as the talks opened in Geneva.", "RETREAT", "ceasefire"),
    ("The rebels stopped firing on the city at dawn, residents said.", "RETREAT", "ceasefire"),
    ("The two armies ceased hostilities along the border on Friday.", "RETREAT", "ceasefire"),
    ("Ukrainian and Russian forces halted shelling around the nuclear plant on Tuesday.", "RETREAT", "ceasefire"),
    ("The militias stopped fighting in the capital after the deal was signed.", "RETREAT", "ceasefire"),
    ("Israeli forces ceased fire in the south of the Strip for four hours on Saturday.", "RETREAT", "ceasefire"),
    ("A ceasefire between Israel and Hamas came into effect at dawn on Sunday.", "RETREAT", "ceasefire"),
    ("The two armies stopped fighting on Tuesday after a ceasefire was agreed.", "RETREAT", "ceasefire"),
    ("The warring factions in Tripoli halted fighting on Thursday under a UN-brokered deal.", "RETREAT", "ceasefire"),
    ("The rebels fired on the convoy near the border on Monday.", "ASSAULT", None),
    # Agreements and decisions annulled: declared null and void, annulled, nullified, tore up.
    ("Mali's junta declared the peace accord with the northern rebels null and void.", "REJECT", None),
    ("The new government annulled the gas contract signed with the Russian company.", "REJECT", None),
    ("Niger revoked and annulled the military cooperation agreement with the United States.", "REJECT", None),
    ("The court declared the election of the regional governor void on Monday.", "REJECT", None),
    ("Kyiv tore up the grain deal with Moscow on Tuesday.", "REJECT", None),
    ("The parliament nullified the border treaty with Eritrea on Wednesday.", "REJECT", None),
    ("Guinea's leaders invalidated the mining concession granted to the Chinese firm.", "REJECT", None),
    ("Bolivia abrogated its defence pact with Peru.", "REJECT", None),
    ("The president ripped up the trade agreement negotiated by his predecessor.", "REJECT", None),
    ("The junta declared the election results invalid and dissolved parliament.", "REJECT", None),
]

LOOK_ALIKES = [
    # Look-alikes: staying away from a topic, crowds celebrating, travellers leaving, commercial cargo.
    "The minister stayed away from the topic of wages in her speech.",
    "Residents were told to stay away from the river banks after heavy rain.",
    "Shoppers packed the streets of Cairo ahead of the Eid holiday.",
    "Fans filled the streets of Buenos Aires to celebrate the World Cup win.",
    "The minister left the country for a holiday in Spain.",
    "A plane carrying 150 tourists landed safely in Nice on Sunday.",
    "A cargo ship carrying grain docked at the port of Odessa after a week at sea.",
    "The last passengers left the stranded ferry on Tuesday.",
    "The trucks carrying cars arrived at the port of Bremerhaven on Monday.",
    "Tourists walked off the beach as the storm approached.",
]


@pytest.mark.parametrize("text,type_,mode", CODED)
def test_wording_codes_its_type(pipeline, text, type_, mode):
    assert_codes(pipeline, text, type_, mode)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alike_codes_no_event(pipeline, text):
    assert not ranked_events(pipeline, text), text
