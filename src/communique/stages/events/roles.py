"""Actor and recipient of an event from the dependency structure and article.actors.

- verbs: subject -> actors; object, dative and "against/to/on/at/towards/from" objects -> recipients;
  passives swap: the "by" agent acts, the passive subject receives ("was arrested by police");
- an object that names no actor hands over its own phrase: "issued an ultimatum to Ecuador",
  "threatened action against Russia" (``object_recipient_preps``); for a response, the author of
  what is answered receives it: "rejected calls by X", "accepted demands from X" (``author_types``);
- an act announced through its complement takes the complement's recipients when it has none:
  "threatened to impose sanctions on X", "promised to send aid to X" (``complement_types``); a
  hostile act, those of its purpose or result clause: "opened fire to disperse demonstrators"
  (``result_types``); an act done to a place, its country: "reimposed blockades in the West Bank"
  (``located_types``); a preposition under the verb's particle is the verb's ("kidnapped up to
  16 advisers");
- subjects missing from a clause are inherited from the controlling or coordinated verb, and an
  unresolved pronoun subject of a reported clause from the reporting verb ("Uganda said it paid");
- nominal triggers take their actors from a possessive, an adjective or compound modifier
  ("Turkish companies"), a "by"/"of"/"between" phrase (also a "by" the parser hung on the "of"
  object: "the arrest of dozens of protesters by police"), the subject of a claim of responsibility
  ("X claimed responsibility for the attack"), or the subject of the light verb; a trigger
  that modifies a frame noun reads the frame's phrase ("a mediation effort between X and Y",
  ``frame_heads``); an adjectival predicate reads its copula's subject ("X is willing to ...");
- a collective actor (kind "group" with members) expands into its members.
Mentions with no resolved Actor but headed by an agent noun ("police", "mob") become
unresolved group actors so that the event keeps its participant.

**Directed roles for reciprocal events** (``Roles.symmetric``, the Event's ``symmetric`` flag).
PLOVER lists all parties of a reciprocal event ("met with", "clashed with", "talks between") as
its actor, with no recipient. We give every event a direction instead, so that dyadic consumers
(actor -> recipient) see both sides, and flag the event as symmetric:

- a reciprocal reading is a type of ``reciprocal_types`` (CONSULT, COOPERATE), or a trigger lemma
  of ``reciprocal_lemmas`` ("meet", "clash", "agreement", ...) read as one of
  ``reciprocal_lemma_types`` (CONSULT, AGREE, COOPERATE, ASSAULT: "X and Y clashed", "signed a
  deal with Y"; "refused to sign a deal with Y" is a REJECT that Y receives);
- the subject, or for a nominal trigger the first-named party, acts; the other party receives:
  the "with" phrase ("X met with Y": X -> Y), the object of a reciprocal verb ("X met Y"), and
  when the parties are named together, every party after the first in text order ("X and Y met",
  "talks between X and Y", "the two countries signed": X -> Y, members in the order the article
  named them). A party is a country (actors of one country are one side), else one actor;
- the event stays symmetric unless a recipient comes from a directed attachment: the object of
  a non-reciprocal verb ("X briefed Y"), a recipient preposition ("spoke to Y", "aid to Y"),
  a passive subject of a non-reciprocal verb, or a host (the CONSULT visit reading,
  ``conversions.visit``: the visitor acts, the host receives);
- ``symmetric`` tells undirected consumers to fold the direction (actors + recipients are the
  parties, PLOVER's form); directed consumers read actor -> recipient as they do for any event.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from communique.core.article import Actor, Article
from communique.core.parse import Parse
from communique.stages.events.lexicon import load_lexicon
from communique.stages.events.ontology import plover_types
from communique.stages.events.rules import load_yaml, words

# The rules' word lists and types (data/roles.yaml), read once when the module loads.
_RULES = load_yaml("roles.yaml")
RECIPROCAL_TYPES = plover_types(_RULES, "reciprocal_types")
RECIPROCAL_LEMMAS = words(_RULES, "reciprocal_lemmas")
RECIPROCAL_LEMMA_TYPES = plover_types(_RULES, "reciprocal_lemma_types")
RECIPIENT_PREPS = words(_RULES, "recipient_preps")
HOSTILE_ONLY_PREPS = words(_RULES, "hostile_only_preps")
HOSTILE_TYPES = plover_types(_RULES, "hostile_types")
CLAUSE_ADDRESSEE_TYPES = plover_types(_RULES, "clause_addressee_types")
OF_IS_ACTOR_TYPES = plover_types(_RULES, "of_is_actor_types")
CLAIM_NOUNS = words(_RULES, "claim_nouns")
RIVER_BANK_WORDS = words(_RULES, "river_bank_words")
RIVER_BANK_SIDES = words(_RULES, "river_bank_sides")
CLAIM_VERBS = words(_RULES, "claim_verbs")
CLAIM_PREPS = words(_RULES, "claim_preps")
CLAIM_NONE = words(_RULES, "claim_none")
AGENT_PREPS = words(_RULES, "agent_preps")
PARTY_PREPS = words(_RULES, "party_preps")
LIGHT_VERB_RECIPIENT_PREPS = words(_RULES, "light_verb_recipient_preps")
SETTING_PREPS = words(_RULES, "setting_preps")
LISTING_VERBS = words(_RULES, "listing_verbs")
LISTING_PREPS = words(_RULES, "listing_preps")
LIST_HEADS = words(_RULES, "list_heads")
INSTRUMENT_TYPES = plover_types(_RULES, "instrument_types")
UNRESOLVED = "agent-noun"  # the Actor.basis of an agent noun no resolved actor covers
ENTITY = "entity"  # the Actor.basis of a named organisation no resolved actor covers
# Heads whose "of" phrase names who they are: "thousands of Iraqi Kurds", "a crowd of students".
QUANTITY_HEADS = words(_RULES, "quantity_heads")
CAUSATIVE_VERBS = words(_RULES, "causative_verbs")
OBJECT_CONTROL = words(_RULES, "object_control")
ADDRESSEE_PREPS = words(_RULES, "addressee_preps")
PREP_ONLY_CONTROL = words(_RULES, "prep_only_control")
THREATENED_SIDE_PREPS = words(_RULES, "threatened_side_preps")
OBJECT_RECIPIENT_PREPS = words(_RULES, "object_recipient_preps")
ALLY_PREPS = words(_RULES, "ally_preps")
ALLY_TYPES = plover_types(_RULES, "ally_types")
AUTHOR_PREPS = words(_RULES, "author_preps")
AUTHOR_TYPES = plover_types(_RULES, "author_types")
ORIGIN_PREPS = words(_RULES, "origin_preps")
UNDERGO_VERBS = words(_RULES, "undergo_verbs")
UNDERGO_PREPS = words(_RULES, "undergo_preps")
DEATH_VERBS = words(_RULES, "death_verbs")
DEATH_PREPS = words(_RULES, "death_preps")
CUSTODY_NOUNS = words(_RULES, "custody_nouns")
ORIGIN_TYPES = plover_types(_RULES, "origin_types")
BENEFICIARY_PREPS = words(_RULES, "beneficiary_preps")
BENEFICIARY_TYPES = plover_types(_RULES, "beneficiary_types")
TOPIC_PREPS = words(_RULES, "topic_preps")
TOPIC_TYPES = plover_types(_RULES, "topic_types")
DESTINATION_PREPS = words(_RULES, "destination_preps")
GOAL_PREPS = words(_RULES, "goal_preps")
TRUCE_TYPES = plover_types(_RULES, "truce_types")
AIDED_PLACE_PREPS = words(_RULES, "aided_place_preps")
AIDED_PLACE_TYPES = plover_types(_RULES, "aided_place_types")
GOAL_TYPES = plover_types(_RULES, "goal_types")
TARGET_PLACE_PREPS = words(_RULES, "target_place_preps")
SITE_PREPS = words(_RULES, "site_preps")
CONDITION_MARKS = words(_RULES, "condition_marks")
CONDITION_TYPES = plover_types(_RULES, "condition_types")
SITE_TYPES = plover_types(_RULES, "site_types")
CROWD_TYPES = plover_types(_RULES, "crowd_types")
PLACED_VICTIM_TYPES = plover_types(_RULES, "placed_victim_types")
PLACED_ACTOR_TYPES = plover_types(_RULES, "placed_actor_types")
GOVERNING_PREPS = words(_RULES, "governing_preps")
COMPLEMENT_TYPES = plover_types(_RULES, "complement_types")
DEPARTURE_PREPS = words(_RULES, "departure_preps")
DEPARTURE_TYPES = plover_types(_RULES, "departure_types")
INSTRUMENT_PREPS = words(_RULES, "instrument_preps")
ENTRY_PREPS = words(_RULES, "entry_preps")
FRAME_HEADS = words(_RULES, "frame_heads")
ENTRY_TYPES = plover_types(_RULES, "entry_types")
PRONOUNS = words(_RULES, "subject_pronouns")
# Possessives that, on a reported clause's subject, point back to the speaker ("its forces", "their troops").
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
# Prepositions of a gerund of time or means ("after meeting", "by sending"), whose doer is the subject
# of the verb the phrase qualifies (not "of"/"from"/"for": "accused Iran of attacking", "barred from meeting").
# "without consulting" says the act was not done, so it is left out.
ADJUNCT_GERUND_PREPS = frozenset({"after", "before", "while", "since", "upon", "on", "by", "following", "when"})
# Tags of a relative pronoun ("who", "that", "which") as a relative clause's subject.
RELATIVE_TAGS = frozenset({"WP", "WDT"})
LOCATED_PREPS = words(_RULES, "located_preps")
LOCATED_TYPES = plover_types(_RULES, "located_types")
AGENT_PLACE_PREPS = words(_RULES, "agent_place_preps")
VICINITY_PREPS = words(_RULES, "vicinity_preps")
VICINITY_SIDE_PREPS = words(_RULES, "vicinity_side_preps")
VICINITY_TYPES = plover_types(_RULES, "vicinity_types")
RESULT_TYPES = plover_types(_RULES, "result_types")
INSTRUMENT_VERB_TYPES = plover_types(_RULES, "instrument_verb_types")
FORCE_NOUNS = words(_RULES, "force_nouns")
DISPATCH_VERBS = words(_RULES, "dispatch_verbs")
PURPOSE_ADDRESSEE_TYPES = plover_types(_RULES, "purpose_addressee_types")
OFFICE_PREPS = words(_RULES, "office_preps")
OFFICE_TYPES = plover_types(_RULES, "office_types")
DOMESTIC_TYPES = plover_types(_RULES, "domestic_types")
IMPLIED = "implied"  # the Actor.basis of the state a claim with no named recipient is aimed at


@lru_cache(maxsize=1)
def agent_terms() -> frozenset[str]:
    """Return the agent nouns ("police", "ministers", "mob") that make a mention an actor (candidates.yaml)."""
    return words(load_yaml("candidates.yaml"), "agent_terms")


@dataclass
class Roles:
    """Who acts and who receives; ``symmetric`` when the parties act together (module docstring)."""

    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    # Token indices used as role heads (for tests and debugging).
    actor_heads: list[int] = field(default_factory=list)
    recipient_heads: list[int] = field(default_factory=list)
    symmetric: bool = False


class ActorIndex:
    """Actors of one sentence, found by character span."""

    def __init__(self, article: Article, sentence_index: int):
        s = article.sentences[sentence_index]
        self.actors = [a for a in article.actors if a.start >= s.start and a.end <= s.end and a.start >= 0
                       and (a.sentence_index in (-1, sentence_index))]
        # Literal places of the sentence (the places stage): an act done to a place the actors
        # stage names no actor for ("shelled positions in Tulkarm") is received by its country.
        # A toponym is capitalised: "north-east" alone is a direction, whatever the gazetteer says.
        self.places = [pl for pl in article.places if pl.country and pl.usage == "literal"
                       and pl.start >= s.start and pl.end <= s.end and pl.text[:1].isupper()]
        self.sentence_index = sentence_index
        # A name the actors stage could only read as a person of no country, over the very span the
        # places stage reads as a literal toponym of a country ("withdraw its troops from Tigray"), is
        # that place: an act done to it is received by its country (as ``places_within`` says).
        spans = {(pl.start, pl.end): pl for pl in self.places}
        self.actors = [self._as_place(spans[(a.start, a.end)])
                       if a.kind == "person" and not a.country and (a.start, a.end) in spans else a
                       for a in self.actors]

    def _as_place(self, pl) -> Actor:
        return Actor(text=pl.text, name=pl.name, country=pl.country, kind="country", id=pl.country or "",
                     start=pl.start, end=pl.end, sentence_index=self.sentence_index, basis="place")

    def places_within(self, p: Parse, idx: list[int]) -> list[Actor]:
        """Return the literal places over tokens ``idx`` as actors of their country (basis "place")."""
        spans = [(p[i].start, p[i].end) for i in idx]
        return [self._as_place(pl) for pl in self.places if any(pl.start < e and s < pl.end for s, e in spans)]

    def within(self, p: Parse, idx: list[int]) -> list[Actor]:
        spans = [(p[i].start, p[i].end) for i in idx]
        out = []
        for a in self.actors:
            if any(a.start < e and s < a.end for s, e in spans):
                out.append(a)
        # Prefer the widest actors; drop ones nested inside another found actor, unless the nested
        # one is of another country: "Indian and Pakistani troops" are two sides.
        out.sort(key=lambda a: (a.start, -(a.end - a.start)))
        kept: list[Actor] = []
        for a in out:
            if any(k.start <= a.start and a.end <= k.end and k is not a and (k.country == a.country or not a.country)
                   for k in kept):
                continue
            kept.append(a)
        return kept


def np_tokens(p: Parse, i: int) -> list[int]:
    """Return the tokens of the noun phrase headed by ``i``: modifiers, appositions, conjuncts, and
    the "of" phrase of an agent or quantity head ("ministers of both countries", "thousands of Kurds")."""
    out, todo = [], [i]
    while todo:
        j = todo.pop()
        out.append(j)
        for k in p.kids[j]:
            t = p[k]
            if t.dep in ("relcl", "acl", "ccomp", "advcl", "xcomp", "parataxis"):
                continue
            # "the ministers of the two countries" names its members; "prospects of relations" does not.
            if t.dep == "prep" and (p.lemma(k) != "of" or (p.lemma(j) not in agent_terms()
                                                             and p.lemma(j) not in QUANTITY_HEADS)):
                continue
            todo.append(k)
    return sorted(out)


def _river_bank(p: Parse, i: int) -> bool:
    """True for a river's bank ("the west bank of the Dnipro"), not a business ("the central bank of Nigeria")."""
    if p[i].text not in RIVER_BANK_WORDS:
        return False
    return any(p[k].text.lower() in RIVER_BANK_SIDES for k in p.children(i, "amod", "compound"))


def _unresolved(p: Parse, i: int) -> Actor | None:
    """Return a group actor for an agent-noun phrase that no resolved Actor covers, or an actor for
    a named organisation or person (``_organisation``: "the Neighborhood Association", "ICE")."""
    if p.lemma(i) not in agent_terms() and p[i].text.lower() not in agent_terms():
        return _organisation(p, i)
    if _river_bank(p, i):
        return None
    idx = [i] + [k for k in p.children(i, "compound", "amod", "nmod") if k < i]
    s, e = p.span(idx)
    text = p.sentence.text[s - p.sentence.start:e - p.sentence.start]
    return Actor(text=text, name=text, kind="group", start=s, end=e, sentence_index=p.sentence.index,
                 basis=UNRESOLVED)


def _organisation(p: Parse, i: int) -> Actor | None:
    """Return an actor (basis ``ENTITY``, no country) for the ORG or PERSON entity that proper noun
    ``i`` heads: its run of tokens of that entity type ("the U.S. Chamber of Commerce", "Theresa
    May", whom the actors stage does not read as a name), or None."""
    if p[i].pos != "PROPN" or p[i].ent_type not in ("ORG", "PERSON"):
        return None
    a = b = i
    while a > 0 and p[a - 1].ent_type == p[i].ent_type:
        a -= 1
    while b + 1 < len(p) and p[b + 1].ent_type == p[i].ent_type:
        b += 1
    s, e = p[a].start, p[b].end
    text = p.sentence.text[s - p.sentence.start:e - p.sentence.start]
    kind = "person" if p[i].ent_type == "PERSON" else "group"
    return Actor(text=text, name=text, kind=kind, start=s, end=e, sentence_index=p.sentence.index, basis=ENTITY)


def mentions(p: Parse, index: ActorIndex, head: int, through_of: bool = False) -> list[Actor]:
    """Return the actors named by the phrase headed by ``head`` (its conjuncts included). With
    ``through_of``, an abstract head gives way to its "of" phrase ("the participation of
    Turkish companies")."""
    found: list[Actor] = []
    for h in p.conjuncts(head):
        got = index.within(p, np_tokens(p, h))
        if not got and through_of:
            for prep in p.children(h, "prep"):
                if p.lemma(prep) == "of":
                    for o in p.children(prep, "pobj"):
                        got += index.within(p, np_tokens(p, o))
        if not got:
            u = _unresolved(p, h)
            got = [u] if u else []
        if got and all(not a.country and a.kind != "person" for a in got):
            # "security forces in Tibet", "police in the city of X", "the leader from Belgium": of the
            # place they are in or from. (Letting the place outweigh a context-guessed country too,
            # "Kurdish militia positions in northern Syria", cost conflibert_cameo tune target spans.)
            place = next((a.country for prep in p.children(h, "prep") if p.lemma(prep) in AGENT_PLACE_PREPS
                          for o in prep_objects(p, prep) for a in located_in(p, index, o)), None)
            if place:
                got = [replace(a, country=place, context_country=False) for a in got]
        found.extend(got)
    return found


def agent_objects(p: Parse, v: int) -> list[int]:
    """Return the heads of ``v``'s "by" agent phrase ("agreed by Armenia and Azerbaijan": Armenia)."""
    return [o for a in p.children(v, "agent") for o in p.children(a, "pobj")]


def relative_antecedent(p: Parse, v: int, subj: list[int]) -> list[int]:
    """Return ``subj``, or the noun a relative clause ``v`` hangs on when its subject is only the
    relative pronoun ("the nurses who struck", "the rebels that attacked a village": nurses, rebels)."""
    h = p.head(v)
    if (h is not None and p[v].dep == "relcl" and p[h].pos in ("NOUN", "PROPN")
            and subj and all(p[s].tag in RELATIVE_TAGS for s in subj)):
        return [h]
    return subj


def _subject(p: Parse, v: int, depth: int = 0) -> tuple[list[int], bool]:
    """Return subject heads of verb ``v`` (inherited through xcomp/conj/relcl) and whether passive."""
    agents = agent_objects(p, v)
    subj = p.children(v, "nsubj", "csubj")
    if subj and not agents:
        return relative_antecedent(p, v, subj), False
    # A "by" agent beside a subject: a participle the parser read as the clause's past tense ("The
    # ceasefire agreed by Armenia and Azerbaijan held"); its "subject" is what was agreed.
    if not agents and p.children(v, "nsubjpass"):
        # "North Korea was slapped with sanctions by the U.S.", "were killed in an attack by
        # rebels": the agent the parser hung on the object of the passive verb's preposition.
        agents = [o for pr in p.children(v, "prep") for k in p.children(pr, "pobj") for by in p.children(k, "prep")
                  if p.lemma(by) == "by" for o in p.children(by, "pobj")]
        # "has been charged with ordering the massacre by a Rwandan court": hung on the gerund of
        # the passive verb's preposition (an active gerund has no "by" agent of its own).
        agents = agents or [o for pr in p.children(v, "prep") for g in p.children(pr, "pcomp")
                            if p[g].tag == "VBG" for by in p.children(g, "prep", "agent")
                            if p.lemma(by) == "by" for o in p.children(by, "pobj")]
    # A "by" agent makes a passive too, also on a participle the tagger read as a past tense
    # ("the prisoner exchange agreed by the government and the Houthis").
    if p.children(v, "nsubjpass") or p.children(v, "auxpass") or agents:
        return agents, True
    if depth < 3:
        h = p.head(v)
        g = p.head(h) if h is not None else None
        if p[v].dep == "pcomp" and p.lemma(h) == "as" and g is not None and p[g].pos == "VERB":
            # "Ruto was quoted as saying ...", "is seen as backing ...": the subject of the verb of "as".
            subj = p.children(g, "nsubjpass", "nsubj")
            if subj:
                return subj, False
        if (p[v].dep == "pcomp" and p[v].tag == "VBG" and p.lemma(h) in ADJUNCT_GERUND_PREPS and g is not None
                and p[g].pos == "VERB"):
            # "their leaders said after meeting in Seoul", "signed the deal before leaving": a gerund
            # of time or means with no subject of its own is done by the subject of the verb it qualifies.
            heads, passive = _subject(p, g, depth + 1)
            if heads and not passive:
                return heads, False
        if h is not None and p[v].dep in ("xcomp", "advcl", "ccomp") and p.lemma(h) in OBJECT_CONTROL:
            # "urged Iran to release", "called on Iran to release": the addressee would act.
            # "called on Iran": the preposition right after the verb ("called on Wednesday" is a date).
            objects = [] if p.lemma(h) in PREP_ONLY_CONTROL else p.children(h, "dobj")
            addressee = objects or [o for pr in p.children(h, "prep") if p.lemma(pr) in ADDRESSEE_PREPS
                                    and pr == h + 1 for o in p.children(pr, "pobj")]
            if addressee:
                return addressee, False
        if h is not None and (p[v].dep in ("xcomp", "conj", "advcl")
                              or (p[v].dep == "ccomp" and p.lemma(h) in CAUSATIVE_VERBS)):
            heads, _ = _subject(p, h, depth + 1)
            return heads, False
        if h is not None and p[v].dep in ("relcl", "acl"):
            if p[v].tag == "VBN":
                return [h], True
            # "issued a declaration demanding ...": the issuer of the noun acts.
            gh = p.head(h)
            if p[h].dep in ("dobj", "pobj") and gh is not None and p[gh].pos == "VERB" and p[h].lemma not in agent_terms():
                heads, _ = _subject(p, gh, depth + 1)
                return heads, False
            return [h], False
    return [], False


def reciprocal(type_: str, lemma: str) -> bool:
    """Return True when a trigger read as ``type_`` names an act its parties do together."""
    return type_ in RECIPROCAL_TYPES or (lemma in RECIPROCAL_LEMMAS and type_ in RECIPROCAL_LEMMA_TYPES)


def phrase_recipients(p: Parse, index: ActorIndex, o: int, type_: str, depth: int = 2) -> tuple[list[Actor], bool]:
    """Return the recipients an object that names no actor hands over, and whether they are directed.

    "an ultimatum to Ecuador", "action against Russia", "evidence with the U.S." (not directed:
    the "with" party of a shared act); for a response the author of what it answers: "calls by
    X", "demands from X", "an appeal lodged by X"; what the object was done to: "sanctions
    imposed on Eritrea"; for an act done to a place, the place's country:
    "blockades in the West Bank", "an attack against a base in Saudi Arabia" (``located_types``).
    An object of those phrases that names no actor hands over its own phrase in turn (``depth``).
    """
    out: list[Actor] = []
    directed = False
    for prep in p.children(o, "prep"):
        pl = p.lemma(prep)
        located = pl in LOCATED_PREPS and type_ in LOCATED_TYPES
        origin = pl in ORIGIN_PREPS and type_ in ORIGIN_TYPES
        benefit = pl in BENEFICIARY_PREPS and type_ in BENEFICIARY_TYPES
        # "hosted talks between X and Y", "mediated a dispute between X and Y": the sides receive
        # the third party's act (the verb's subject acts).
        sides = pl in PARTY_PREPS and depth > 1
        if not (pl in OBJECT_RECIPIENT_PREPS or (pl in AUTHOR_PREPS and type_ in AUTHOR_TYPES) or located or origin
                or benefit or sides):
            continue
        for k in prep_objects(p, prep):
            got = located_in(p, index, k) if located else mentions(p, index, k)
            if not got and pl in TARGET_PLACE_PREPS and type_ in HOSTILE_TYPES:
                got = located_in(p, index, k)  # "a curfew on Basra", "rockets at Sderot"
            if not got and depth > 1:
                got, _ = phrase_recipients(p, index, k, type_, depth - 1)
            out += got
            directed = directed or (bool(got) and pl != "with")
    for acl in p.children(o, "acl"):
        if type_ in AUTHOR_TYPES:
            for k in agent_objects(p, acl):
                got = mentions(p, index, k)
                out += got
                directed = directed or bool(got)
        if p[acl].tag == "VBN" and not out:
            # "lifted sanctions imposed on Eritrea", "the ban imposed on the LTTE"
            for prep in p.children(acl, "prep"):
                if p.lemma(prep) in OBJECT_RECIPIENT_PREPS and p.lemma(prep) != "with":
                    for k in prep_objects(p, prep):
                        got = mentions(p, index, k, through_of=True)
                        out += got
                        directed = directed or bool(got)
    return out, directed


def claimant(p: Parse, n: int) -> int | None:
    """Return the verb by which someone claims responsibility for noun ``n`` ("claimed responsibility
    for the attack": its subject is the attack's author), or None."""
    prep = p.head(n)
    if prep is None or p[n].dep != "pobj" or p.lemma(prep) not in CLAIM_PREPS:
        return None
    noun = p.head(prep)
    if noun is None or p.lemma(noun) not in CLAIM_NOUNS or p[noun].dep != "dobj":
        return None
    v = p.head(noun)
    if v is None or p.lemma(v) not in CLAIM_VERBS or p.children(v, "neg"):
        return None
    for subj in p.children(v, "nsubj"):
        if p.lemma(subj) in CLAIM_NONE or any(p.lemma(d) in CLAIM_NONE for d in p.children(subj, "det")):
            return None  # "no group has claimed responsibility"
    return v


def stray_agents(p: Parse, index: ActorIndex, n: int) -> list[int]:
    """Return the objects of an agent phrase ("by") that the parser hung on the object of noun
    ``n``'s "of" phrase and that name an actor: in "the arrest of dozens of protesters by police"
    the police arrest, though "by police" sits under "dozens"."""
    out: list[int] = []
    heads = [n]
    for _ in range(2):  # "the detention of scores of students by police": through an amount's "of" too
        objs = [o for h in heads for prep in p.children(h, "prep") if p.lemma(prep) == "of"
                for o in p.children(prep, "pobj")]
        for o in objs:
            for by in p.children(o, "prep"):
                if p.lemma(by) in AGENT_PREPS and p.lemma(by) not in PARTY_PREPS:
                    out += [k for k in p.children(by, "pobj") if index.within(p, p.subtree(k))]
        heads = objs
    return out


def prep_objects(p: Parse, prep: int) -> list[int]:
    """Return the objects of a preposition: its pobj, or the object of its gerund ("against visiting X")."""
    out = p.children(prep, "pobj")
    for c in p.children(prep, "pcomp"):
        out += p.children(c, "dobj") or [c]
    if not out:
        # "out of the town": the object of the preposition's own "of".
        out = [o for k in p.children(prep, "prep") if p.lemma(k) == "of" for o in p.children(k, "pobj")]
    if not out and not p.kids[prep]:
        # "granted asylum to five officers holed up in ...": the parser hung the noun phrase after a
        # bare preposition on a reduced relative clause as its subject; that phrase is the object.
        out = [t.i for t in p.tokens if t.dep in ("nsubj", "nsubjpass") and min(p.subtree(t.i)) == prep + 1]
    return out


def places_of(actors: list[Actor]) -> list[Actor]:
    """Return the country-like actors (a country, capital or city) among ``actors``: where an act was done."""
    return [a for a in actors if a.kind == "country"]


def located_in(p: Parse, index: ActorIndex, o: int, depth: int = 1) -> list[Actor]:
    """Return where the phrase headed by ``o`` is: its country-like actors, else the literal places
    of the phrase and of its "of" phrase ("the southern city of Basra") as their countries."""
    got = places_of(mentions(p, index, o))
    if got:
        return got
    idx = [k for j in of_chain(p, o) for k in np_tokens(p, j)]
    got = index.places_within(p, idx)
    if not got and depth > 0:
        # "killed in a car bomb explosion in Beirut": where the phrase itself is.
        for prep in p.children(o, "prep"):
            if p.lemma(prep) in LOCATED_PREPS:
                for j in prep_objects(p, prep):
                    got += located_in(p, index, j, depth - 1)
    return got


def vicinity(p: Parse, index: ActorIndex, o: int) -> list[Actor]:
    """Return the countries a "near" phrase headed by ``o`` names: the place itself ("near Ukraine"), else
    the other side of the border it names ("near the border with India": the "with" phrase's countries)."""
    got = located_in(p, index, o)
    if got:
        return got
    return [a for prep in p.children(o, "prep") if p.lemma(prep) in VICINITY_SIDE_PREPS
            for k in prep_objects(p, prep) for a in places_of(mentions(p, index, k))]


def of_chain(p: Parse, o: int, depth: int = 3) -> list[int]:
    """Return ``o`` and the objects of its successive "of" phrases: in "parts of the city of
    Ahmedabad", "areas of the town of Khan Younis", the place is two "of"s down."""
    out, heads = [o], [o]
    for _ in range(depth):
        heads = [j for h in heads for prep in p.children(h, "prep") if p.lemma(prep) == "of"
                 for j in p.children(prep, "pobj")]
        out += heads
    return out


def goal_places(p: Parse, index: ActorIndex, o: int) -> list[Actor]:
    """Return the country-like places where the process an act serves is (``goal_types``): "contribute
    to the normalization of the situation in Mali", "to the reconstruction of schools in X" (an "in"
    phrase of the object or of one of its successive "of" objects)."""
    return [a for j in of_chain(p, o) for prep in p.children(j, "prep") if p.lemma(prep) in LOCATED_PREPS
            for k in prep_objects(p, prep) for a in located_in(p, index, k, 0)]


def aided_places(p: Parse, index: ActorIndex, heads: list[int], recipients: list[Actor]) -> list[Actor]:
    """Return ``recipients`` of an aid (``aided_place_types``) with the place its beneficiaries are in,
    when none of them has a country of its own: "aid to populations hit by the cyclone in
    Mozambique", "food aid to those displaced by the fighting in Yemen" (the countries the phrases
    of ``heads`` name; a beneficiary whose country was only guessed from the sentence takes the
    first of them)."""
    if any(a.country and not a.context_country for a in expand(recipients)):
        return recipients
    keys = {(a.start, a.end) for a in recipients}
    places: list[Actor] = []
    for o in heads:
        # (Not a relative clause: "refugees who have fled fighting in Sudan" are aided where they are.)
        idx = p.subtree(o, stop=("relcl",))
        for a in index.within(p, idx) + index.places_within(p, idx):
            if a.kind == "country" and a.country and all(a.country != x.country for x in places):
                places.append(a)
    if not places:
        return recipients
    out = [replace(a, country=places[0].country, context_country=False) if a.context_country else a
           for a in recipients]
    return out + [a for a in places if (a.start, a.end) not in keys]


def _speaker(p: Parse, index: ActorIndex, v: int) -> list[Actor]:
    """Return the actors of the clause that reports ``v`` ("Uganda said it paid", "X said he is
    prepared to lift": X), if any."""
    j = v
    for _ in range(4):
        h = p.head(j)
        if h is None or p[j].dep not in ("ccomp", "conj", "xcomp", "acomp", "advcl"):
            return []
        if p[j].dep == "ccomp":
            heads, passive = _subject(p, h)
            if heads and not passive:
                return [a for s in heads for a in mentions(p, index, s)]
        j = h
    return []


def _result_clauses(p: Parse, v: int) -> list[int]:
    """Return the purpose and result clauses of ``v`` that share its subject: "opened fire to
    disperse the crowd", "shelled the town, killing 20" (no subject or conjunction of their own)."""
    out = []
    for c in p.children(v, "advcl", "xcomp"):
        if p.children(c, "nsubj", "nsubjpass", "mark"):
            continue
        if p[c].tag == "VBG" or any(p[k].tag == "TO" for k in p.children(c, "aux")):
            out.append(c)
    return out


def verb_roles(p: Parse, v: int, type_: str, index: ActorIndex, own: frozenset[int] = frozenset()) -> Roles:
    """Return the roles of a verbal trigger (see the module docstring for the rules); ``own``: objects
    that are words of the trigger itself ("opened an embassy in Tehran"): they receive only when of
    another side than the actors."""
    r = Roles()
    subj, passive = _subject(p, v)
    lemma = p.lemma(v)
    for s in subj:
        r.actors += mentions(p, index, s)
        r.actor_heads.append(s)
    for s in subj if not r.actors and not passive else ():
        # "The aid sent by Norway reached the camps": a subject of no actor, told by a participle
        # with a "by" agent: the agent did the act the subject carries.
        for k in (o for acl in p.children(s, "acl") if p[acl].tag == "VBN" for o in agent_objects(p, acl)):
            r.actors += mentions(p, index, k)
            r.actor_heads.append(k)
    if not r.actors and subj and all(p[s].text.lower() in PRONOUNS for s in subj):
        r.actors += _speaker(p, index, v)
    elif r.actors and all(a.country is None for a in r.actors) and subj and all(
            any(p[k].tag == "PRP$" and p[k].text.lower() in POSSESSIVE_PRONOUNS for k in p.children(s, "poss"))
            for s in subj):
        # "the ministry said its forces had neutralised ...": the possessive tells whose forces, the speaker's.
        r.actors += [a for a in _speaker(p, index, v) if a.country is not None]
    objs = p.children(v, "dobj", "dative", "attr", "oprd") or small_clause_objects(p, v)
    if passive:
        objs = p.children(v, "nsubjpass") + objs
        if p[v].dep in ("relcl", "acl") and p.head(v) is not None:
            objs.append(p.head(v))
    mutual = reciprocal(type_, lemma)
    directed = False
    for o in objs:
        got = mentions(p, index, o, through_of=True)
        if o in own:
            # The trigger's own object of the actor's side ("Britain opened an embassy") is its
            # instrument; another side's ("expelled the Russian ambassador") still receives.
            sides = {a.country for a in r.actors}
            got = [a for a in got if not (a.kind == "organisation" and a.country in sides)]
        if type_ in INSTRUMENT_VERB_TYPES or lemma in DISPATCH_VERBS:
            # "withdrew troops", "deployed police", "sent doctors and a team of engineers": the
            # actor's own forces are its instrument, not recipients ("released 19 Christians" are).
            got = [a for a in got if not instrument(p, a)]
        if got and all(a.basis == UNRESOLVED and not a.country for a in got):
            # "recalled its ambassador from Colombia": an agent noun of no known country keeps its phrase.
            more, one_way = phrase_recipients(p, index, o, type_)
            got += more
            directed = directed or one_way
        if got:
            # "X met Y" is mutual; "X briefed Y", "X was received by Y" go one way.
            directed = directed or lemma not in RECIPROCAL_LEMMAS
        else:
            got, one_way = phrase_recipients(p, index, o, type_)
            directed = directed or one_way
        r.recipients += got
        r.recipient_heads.append(o)
    # "kidnapped up to 16 advisers": a preposition under the verb's particle is the verb's.
    # "handed the crossing back to Egypt": also a preposition under an adverb of the verb or its object.
    preps = p.children(v, "prep", "dative") + [k for prt in p.children(v, "prt") for k in p.children(prt, "prep")]
    preps += [k for h in [v, *objs] for adv in p.children(h, "advmod") for k in p.children(adv, "prep")]
    for prep in preps:
        pl = p.lemma(prep)
        for o in prep_objects(p, prep):
            if pl in TOPIC_PREPS and type_ in TOPIC_TYPES and not r.recipients:
                # "warned of retaliation against Israel": the phrase of what the threat is about.
                got, one_way = phrase_recipients(p, index, o, type_)
                r.recipients += got
                directed = directed or one_way
                continue
            if pl in SITE_PREPS and type_ in SITE_TYPES:
                # "rallied outside the British embassy": the actor whose seat the protest is held at.
                got = mentions(p, index, o)
                r.recipients += got
                r.recipient_heads.append(o)
                directed = directed or bool(got)
                continue
            if pl in ALLY_PREPS and type_ in ALLY_TYPES and not passive:
                # "Turkey stands by Azerbaijan": an active support verb's "by" phrase is whom it backs.
                got = mentions(p, index, o)
                r.recipients += got
                r.recipient_heads.append(o)
                directed = directed or bool(got)
                continue
            departure = pl in DEPARTURE_PREPS and type_ in DEPARTURE_TYPES
            if pl not in RECIPIENT_PREPS and pl != "with" and not departure:
                continue
            if pl in HOSTILE_ONLY_PREPS and type_ not in HOSTILE_TYPES and not (
                    (pl in DEPARTURE_PREPS and type_ in DEPARTURE_TYPES) or (pl in ENTRY_PREPS and type_ in ENTRY_TYPES)
                    or (pl in ORIGIN_PREPS and type_ in ORIGIN_TYPES)):
                continue
            got = mentions(p, index, o)
            if not got and pl in DESTINATION_PREPS and type_ in ENTRY_TYPES:
                # "moved into South Ossetia", "sent troops to the town of X": the place's country.
                got = located_in(p, index, o)
            if not got and pl in TARGET_PLACE_PREPS and type_ in HOSTILE_TYPES:
                # "imposed a curfew on Basra", "fired rockets at Sderot": the target place's country.
                got = located_in(p, index, o)
            if not got and departure and r.actors:
                # "withdrew from the west bank of the Dnipro": a place of another country left is
                # received by that country (a retreat from one's own soil names no recipient).
                sides = {a.country for a in r.actors}
                got = [g for g in located_in(p, index, o) if g.country and g.country not in sides]
            if not got and pl != "with":
                # "committed to assistance to the US-led war": the recipient is in the object's phrase.
                got, _ = phrase_recipients(p, index, o, type_)
            if not got and pl in GOAL_PREPS and type_ in GOAL_TYPES:
                # "ready to contribute to the normalization of the situation in Mali": the place of
                # the process the act serves.
                got = goal_places(p, index, o)
            r.recipients += got
            r.recipient_heads.append(o)
            directed = directed or (bool(got) and not (pl == "with" and mutual))
    # "demanded that the government resign": the complement's subject is addressed.
    if type_ in CLAUSE_ADDRESSEE_TYPES and not r.recipients:
        for c in p.children(v, "ccomp"):
            for s in p.children(c, "nsubj", "nsubjpass"):
                r.recipients += mentions(p, index, s)
                r.recipient_heads.append(s)
                directed = True
    # "threatened to impose sanctions on X": the announced act's recipients; not when the parties
    # of a mutual act are all named ("both sides agreed to set up a committee": they are its sides).
    if type_ in COMPLEMENT_TYPES and not r.recipients and not (
            mutual and len({party(a) for a in expand(r.actors)}) > 1):
        keys = {(a.country, a.name) for a in r.actors}
        # "is willing to provide Brazil with loans", "is ready to contribute to a force in Mali": the
        # complement of the copula's adjective too.
        for c in p.children(v, "xcomp") + [x for a in p.children(v, "acomp") for x in p.children(a, "xcomp")]:
            sub = verb_roles(p, c, type_, index)
            got = [a for a in sub.recipients if (a.country, a.name) not in keys]
            r.recipients += got
            r.recipient_heads += sub.recipient_heads
            directed = directed or (bool(got) and not sub.symmetric)
    # "deployed troops near the border with India", "sent warships to the Black Sea near Ukraine": a
    # force massed near a country, when nothing else receives it, is aimed at it.
    if type_ in VICINITY_TYPES and not r.recipients:
        for h in [v, *objs, *(o for prep in preps for o in prep_objects(p, prep))]:
            for near in p.children(h, "prep"):
                if p.lemma(near) in VICINITY_PREPS:
                    for o in prep_objects(p, near):
                        got = vicinity(p, index, o)
                        r.recipients += got
                        r.recipient_heads += [o] if got else []
                        directed = directed or bool(got)
    # "struck a target in Gaza", "opened an embassy in Tehran": an act done to a place, when
    # nothing else receives it.
    if type_ in LOCATED_TYPES and not r.recipients:
        for prep in preps:
            if p.lemma(prep) in LOCATED_PREPS:
                for o in prep_objects(p, prep):
                    got = located_in(p, index, o)
                    r.recipients += got
                    directed = directed or bool(got)
    # "shelled the city of Hama", "attacked Misrata": an object that is a place.
    if type_ in LOCATED_TYPES and not r.recipients:
        for o in objs:
            got = located_in(p, index, o)
            r.recipients += got
            directed = directed or bool(got)
    # "detained a dissident in Beijing": a victim of no known country is of the place where it is
    # hit; "gunmen killed 12 villagers in X": so is an attacker of no known country.
    # (Only looked up when a side lacks a country: most acts name both.)
    victim = type_ in PLACED_VICTIM_TYPES and r.recipients and not any(a.country for a in expand(r.recipients))
    author = type_ in PLACED_ACTOR_TYPES and r.actors and not any(a.country for a in expand(r.actors))
    if victim or author:
        placed = [pl for prep in preps if p.lemma(prep) in LOCATED_PREPS for o in prep_objects(p, prep)
                  for pl in located_in(p, index, o)[:1]]
        if victim:
            r.recipients += placed
        if author:
            r.actors += placed
    # "opened fire to disperse demonstrators": the victims of a hostile act's purpose or result.
    if type_ in RESULT_TYPES and not r.recipients:
        keys = {(a.country, a.name) for a in r.actors}
        for c in _result_clauses(p, v):
            got = [a for a in verb_roles(p, c, type_, index).recipients if (a.country, a.name) not in keys]
            r.recipients += got
            directed = directed or bool(got)
    # "resigned as president of Indonesia": the state or body whose office is left.
    if type_ in OFFICE_TYPES and not r.recipients:
        for prep in preps:
            if p.lemma(prep) in OFFICE_PREPS:
                for o in prep_objects(p, prep):
                    for of in p.children(o, "prep"):
                        if p.lemma(of) == "of":
                            for k in prep_objects(p, of):
                                got = mentions(p, index, k) or located_in(p, index, k)
                                r.recipients += got
                                directed = directed or bool(got)
    # "announced aid to populations hit by the cyclone in Mozambique": the beneficiaries' place.
    if type_ in AIDED_PLACE_TYPES:
        heads = objs + [o for prep in preps if p.lemma(prep) in AIDED_PLACE_PREPS for o in prep_objects(p, prep)]
        r.recipients = aided_places(p, index, heads, r.recipients)
        directed = directed or bool(r.recipients)
    # "summoned the ambassador to complain", "called X to congratulate him": a verbal act of a
    # purpose clause is addressed to the object of the verb it serves.
    if type_ in PURPOSE_ADDRESSEE_TYPES and not [a for a in r.recipients if a.country or a.kind == "person"]:
        keys = {(a.country, a.name) for a in r.actors}
        got = [a for a in purpose_addressees(p, index, v) if (a.country, a.name) not in keys]
        if got:
            r.recipients = got
            directed = True
    # "threatened to resume tests if the United States kept sanctions", "warned it would strike unless
    # Kiev withdrew": the side whose act the threat is conditioned on is threatened.
    if type_ in CONDITION_TYPES and not r.recipients:
        keys = {(a.country, a.name) for a in r.actors}
        got = [a for a in condition_sides(p, index, v) if (a.country, a.name) not in keys]
        r.recipients += got
        directed = directed or bool(got)
    r.symmetric = mutual and not directed
    return r


def condition_sides(p: Parse, index: ActorIndex, v: int) -> list[Actor]:
    """Return the actors of the subjects of the conditional clauses ("if"/"unless": ``condition_marks``)
    of ``v``, of its complements and of their complements ("threatened to resume tests if X ...")."""
    heads, out = [v], []
    for _ in range(2):
        heads += [c for h in heads for c in p.children(h, "xcomp", "ccomp") if c not in heads]
    for h in heads:
        for c in p.children(h, "advcl"):
            if any(p.lemma(m) in CONDITION_MARKS for m in p.children(c, "mark")):
                for subj in p.children(c, "nsubj", "nsubjpass"):
                    out += mentions(p, index, subj)
    return out


def small_clause_objects(p: Parse, v: int) -> list[int]:
    """Return the subjects of a bare-infinitive complement, which are the verb's objects: "helped
    Nepal cope", "let the prisoners go", "made the army withdraw" (no "to", no "that")."""
    return [s for c in p.children(v, "ccomp") if p[c].tag == "VB" and not p.children(c, "mark")
            and not any(p[k].tag == "TO" for k in p.children(c, "aux")) for s in p.children(c, "nsubj")]


def instrument(p: Parse, a: Actor) -> bool:
    """Return True when actor ``a`` is a force (``force_nouns``: troops, peacekeepers, a team of
    experts): what an act sends or withdraws, not who receives it."""
    idx = [t.i for t in p.tokens if t.start < a.end and a.start < t.end]
    return bool(idx) and (p.lemma(idx[-1]) in FORCE_NOUNS or p[idx[-1]].text.lower() in FORCE_NOUNS)


def purpose_addressees(p: Parse, index: ActorIndex, v: int) -> list[Actor]:
    """Return the actors of the object of the verb whose purpose clause ``v`` is ("summoned the
    ambassador to complain": the ambassador), or none: ``v`` is a "to" infinitive with no subject
    of its own, and the verb does not make its object the clause's subject ("urged Iran to")."""
    h = p.head(v)
    if h is None or p[v].dep not in ("advcl", "xcomp") or p.children(v, "nsubj", "nsubjpass", "mark"):
        return []
    if not any(p[k].tag == "TO" for k in p.children(v, "aux")):
        return []
    if p.lemma(h) in OBJECT_CONTROL and p.lemma(h) not in PREP_ONLY_CONTROL:
        return []
    return [a for o in p.children(h, "dobj") for a in mentions(p, index, o)]


def listing_verb(p: Parse, n: int) -> int | None:
    """Return the verb that puts someone on the list noun ``n`` names, or None.

    "added six officials to its sanctions list", "were placed on the blacklist": ``n`` (or the
    noun it is a compound of) is a list head, the object of a listing preposition under a listing
    verb (roles.yaml ``listing_verbs``).
    """
    h = p.head(n)
    if p[n].dep == "compound" and h is not None and p[h].pos == "NOUN":
        n, h = h, p.head(h)
    if h is None or p[n].dep != "pobj" or p.lemma(n) not in LIST_HEADS or p.lemma(h) not in LISTING_PREPS:
        return None
    v = p.head(h)
    return v if v is not None and p[v].pos == "VERB" and p.lemma(v) in LISTING_VERBS else None


def listing_roles(p: Parse, v: int, n: int, type_: str, index: ActorIndex) -> Roles:
    """Return the roles of a list one is put on: the listing verb's subject (else the list's owner) acts,
    its object or passive subject receives."""
    r = verb_roles(p, v, type_, index)
    if not r.actors:
        head = p.head(n) if p[n].dep == "compound" else n
        for k in p.children(head, "poss") if head is not None else ():
            got = index.within(p, p.subtree(k))
            r.actors += got
            r.actor_heads += [k] if got else []
    r.symmetric = False
    return r


def _tells_noun(p: Parse, v: int) -> bool:
    """Return True when relative clause ``v`` is an active verb of making or announcing whose object is
    its head noun (no object of its own but a relative pronoun): "the accusation (that) Burundi made"."""
    if p.lemma(v) not in load_lexicon().qualifier_verbs or p.children(v, "nsubjpass", "auxpass"):
        return False
    return all(p[o].pos == "PRON" and p[o].text.lower() in ("that", "which") for o in p.children(v, "dobj"))


def noun_roles(p: Parse, n: int, type_: str, index: ActorIndex, governed: bool = True) -> Roles:
    """Return the roles of a nominal trigger (see the module docstring for the rules); with
    ``governed`` False, a verb that takes the noun as its object lends it no actors (a noun whose
    act a clause of its own tells: "welcomed the pact signed with Qatar" is not the welcomer's
    pact; "agreed at a meeting held in Jakarta" still has the agreeing parties meet)."""
    h = p.head(n)
    listing = listing_verb(p, n)
    if listing is not None:
        return listing_roles(p, listing, n, type_, index)
    if p[n].dep == "compound" and h is not None and p.lemma(h) in FRAME_HEADS and not index.within(p, [h]):
        # "a mediation effort between X and Y", "an aid convoy to Gaza": the phrase is the head's.
        return noun_roles(p, h, type_, index, governed)
    if p[n].pos == "ADJ":
        return predicate_roles(p, n, type_, index)
    r = Roles()
    mutual = reciprocal(type_, p.lemma(n))
    directed = False
    instruments: list[Actor] = []
    parties: list[Actor] = []  # named by "between"/"among": the sides of the act
    for k in p.children(n, "poss", "compound", "amod", "nmod"):
        if k > n:
            continue
        got = index.within(p, p.subtree(k))
        if not got and p[k].dep in ("poss", "compound"):
            if p[k].dep == "poss" and any(p[c].tag == "PRP$" for c in p.children(k, "poss")):
                continue  # "pledged his country's support": the subject's own side, read off the verb
            u = _unresolved(p, k)
            got = [u] if u else []
        r.actors += got
        if got:
            r.actor_heads.append(k)
    for prep in p.children(n, "prep"):
        pl = p.lemma(prep)
        for o in p.children(prep, "pobj"):
            got = mentions(p, index, o)
            if pl == "of" and type_ in INSTRUMENT_TYPES:
                # "the deployment of troops", "the withdrawal of forces": the instrument, which acts
                # only when nobody is named as deploying it; its "to"/"from" names the recipient.
                instruments += got
                for dp in p.children(o, "prep"):
                    if p.lemma(dp) in INSTRUMENT_PREPS or (p.lemma(dp) in DEPARTURE_PREPS and type_ in DEPARTURE_TYPES):
                        for k in prep_objects(p, dp):
                            r.recipients += mentions(p, index, k)
                            directed = True
            elif pl in AGENT_PREPS or (pl == "of" and type_ in OF_IS_ACTOR_TYPES):
                r.actors += got
                r.actor_heads.append(o)
                if pl in PARTY_PREPS:
                    parties += got
            elif pl == "with" and mutual:
                # "talks with X": the other party (the event stays symmetric).
                r.recipients += got
                r.recipient_heads.append(o)
            elif pl in RECIPIENT_PREPS or pl in ("of", "with"):
                if not got:
                    # "an attack against a base in Saudi Arabia", "an investigation into crimes
                    # committed by X"
                    got, _ = phrase_recipients(p, index, o, type_, 1)
                r.recipients += got
                r.recipient_heads.append(o)
                directed = directed or bool(got)
    if not r.actors:
        for k in stray_agents(p, index, n):
            # "the arrest of dozens of protesters by police": the misattached agent acts and is no recipient.
            got = mentions(p, index, k)
            r.actors += got
            r.actor_heads.append(k)
            r.recipients = [x for x in r.recipients if all(x is not a for a in got)]
    for acl in p.children(n, "acl", "relcl") if not r.actors else ():
        # "the sanctions announced by Australia against three generals", "the accusation made by
        # Pakistan": the agent of the participle that tells the noun's act acts, its "against"/"on" receives.
        # So does the subject of an active relative clause of making or announcing that tells it ("the
        # accusation Burundi made on Thursday", "the pledge that Japan announced"): the noun is its object.
        if p[acl].tag == "VBN":
            heads = agent_objects(p, acl)
        elif p[acl].dep == "relcl" and _tells_noun(p, acl):
            heads = p.children(acl, "nsubj")
        else:
            continue
        for k in heads:
            got = mentions(p, index, k)
            r.actors += got
            r.actor_heads.append(k)
        for prep in p.children(acl, "prep") if r.actors and not r.recipients else ():
            if p.lemma(prep) in RECIPIENT_PREPS and p.lemma(prep) != "with":
                for k in prep_objects(p, prep):
                    got = mentions(p, index, k)
                    r.recipients += got
                    r.recipient_heads.append(k)
                    directed = directed or bool(got)
    if parties and r.actors == parties and h is not None and p[n].dep == "dobj" and p[h].pos == "VERB":
        # "Qatar launched a mediation effort between X and Y", "Egypt brokered a truce between X
        # and Y": a third party named as the verb's subject acts; the sides receive.
        sides = {party(a) for a in expand(parties)}
        third = verb_roles(p, h, type_, index).actors
        if third and not any(party(a) in sides for a in expand(third)):
            r.actors, r.recipients = list(third), parties + r.recipients
            r.symmetric = False
            return r
    hh = p.head(h) if h is not None else None
    if (not r.actors or not r.recipients) and p[n].dep == "pobj" and p.lemma(h) in GOVERNING_PREPS \
            and hh is not None and p[hh].pos == "VERB" and governed:
        # "placed the leader under house arrest", "Belarus was hit with sanctions by X": the verb's
        # actors and recipients (its object or passive subject).
        sub = verb_roles(p, hh, type_, index)
        if not r.actors:
            r.actors += sub.actors
            r.actor_heads += sub.actor_heads
        if not r.recipients:
            r.recipients += sub.recipients
            directed = directed or bool(sub.recipients)
    if h is not None and p[n].dep == "dobj" and p.lemma(h) in UNDERGO_VERBS and p[h].pos == "VERB" and not mutual \
            and governed:
        # "Serbia faces new sanctions from the EU": the subject undergoes the act, the "from" side does it.
        return undergone_roles(p, h, type_, index, r, n)
    if not r.actors and h is not None:
        dep = p[n].dep
        # (Not when the noun's own clause tells its act: "condemned the sanctions the EU imposed".)
        if dep in ("dobj", "attr") and p[h].pos in ("VERB", "AUX") and governed:
            sub = verb_roles(p, h, type_, index)
            r.actors += sub.actors
            r.actor_heads += sub.actor_heads
            for prep in p.children(h, "prep", "dative"):
                pl = p.lemma(prep)
                light = pl in LIGHT_VERB_RECIPIENT_PREPS
                if (light or (pl == "with" and mutual)) and not r.recipients:
                    for o in p.children(prep, "pobj"):
                        got = mentions(p, index, o)
                        r.recipients += got
                        directed = directed or (bool(got) and light)
            if not r.recipients and sub.recipients:
                # "gave Putin a warning", "issued an ultimatum to Ecuador": the light verb's recipients.
                r.recipients += sub.recipients
                directed = directed or not sub.symmetric
        elif dep in ("nsubj", "nsubjpass") and p[h].pos in ("VERB", "AUX"):
            for o in p.children(h, "dobj"):
                got = mentions(p, index, o)
                r.recipients += got
                directed = directed or bool(got)
            # "fighting broke out between X and Y", "clashes erupted among ...": the verb's sides
            # (only of a mutual act: "the accusation followed a meeting between X and Y" is not X's).
            for prep in p.children(h, "prep") if mutual else []:
                if p.lemma(prep) in PARTY_PREPS:
                    for o in prep_objects(p, prep):
                        r.actors += mentions(p, index, o)
                        r.actor_heads.append(o)
        elif dep == "pobj" and claimant(p, n) is not None:
            # "Al-Shabaab claimed responsibility for the attack": the claimant is its author.
            sub = verb_roles(p, claimant(p, n), type_, index)
            r.actors += sub.actors
            r.actor_heads += sub.actor_heads
        elif dep == "pobj":
            hh = p.head(h)
            if hh is not None and p[hh].pos in ("VERB", "AUX") and p.lemma(h) in SETTING_PREPS:
                sub = verb_roles(p, hh, type_, index)
                r.actors += sub.actors
    if not r.actors:
        r.actors += instruments
    if type_ in TRUCE_TYPES and not r.recipients:
        # "announced a ceasefire in Idlib", "a truce in Gaza": the place where it holds.
        for prep in p.children(n, "prep"):
            if p.lemma(prep) in LOCATED_PREPS:
                for o in prep_objects(p, prep):
                    got = located_in(p, index, o)
                    r.recipients += got
                    directed = directed or bool(got)
    if type_ in AIDED_PLACE_TYPES:
        # (also the phrase of the verb whose amount the noun tells: "announced $20 million in aid to X")
        owners = [n] + ([hh] if p[n].dep == "pobj" and hh is not None and p[hh].pos == "VERB" else [])
        heads = [o for k in owners for prep in p.children(k, "prep", "dative") if p.lemma(prep) in AIDED_PLACE_PREPS
                 for o in prep_objects(p, prep)]
        r.recipients = aided_places(p, index, heads, r.recipients)
        directed = directed or bool(r.recipients)
    r.symmetric = mutual and not directed
    v = death_verb(p, n) if p[n].dep == "pobj" else None
    if v is not None:
        # "a detainee died of torture in Turkish police custody": the one who died is the victim.
        return death_roles(p, v, index, r)
    return r


def undergone_roles(p: Parse, v: int, type_: str, index: ActorIndex, r: Roles | None = None,
                    n: int | None = None) -> Roles:
    """Return the roles of an act undergone (``v`` one of ``undergo_verbs``, ``n`` the act's noun, its
    object, whose own actors ``r`` holds): the side in a "from"/"by" phrase of the noun or of the verb's
    object, or of the verb, acts; the verb's subject receives ("Serbia faces new sanctions from the
    EU", "Kenya suffered a series of attacks from Somali militants")."""
    r = r or Roles()
    heads = [v] + ([n] if n is not None else p.children(v, "dobj"))
    heads += [g for k in heads[1:] for prep in p.children(k, "prep") if p.lemma(prep) == "of" for g in prep_objects(p, prep)]
    authors = [o for k in heads for prep in p.children(k, "prep") if p.lemma(prep) in UNDERGO_PREPS
               for o in prep_objects(p, prep)]
    r.actors += [a for o in authors for a in mentions(p, index, o)]
    r.actor_heads += authors
    keys = {participant_key(a) for a in r.actors}
    under = [a for a in verb_roles(p, v, type_, index).actors if participant_key(a) not in keys]
    r.recipients = under + [a for a in r.recipients if participant_key(a) not in keys]
    r.symmetric = False
    return r


def death_verb(p: Parse, n: int) -> int | None:
    """Return the death verb whose cause phrase holds noun ``n`` ("died of torture", "died as a result of
    beatings", "died from injuries sustained in an attack"), or None."""
    j = n
    for _ in range(6):
        h = p.head(j)
        if h is None or p[j].dep not in ("pobj", "prep", "acl", "pcomp"):
            return None
        if p[h].pos == "VERB" and p.lemma(h) in DEATH_VERBS:
            return h if p[j].dep == "prep" and p.lemma(j) in DEATH_PREPS else None
        j = h
    return None


def death_roles(p: Parse, v: int, index: ActorIndex, r: Roles | None = None) -> Roles:
    """Return the roles of a death caused by an act (``v`` a death verb): the subject of ``v`` is the
    victim; with no actor in ``r``, the owner of the custody the victim died in acts ("in Israeli
    police custody")."""
    r = r or Roles()
    keys = {participant_key(a) for a in r.actors}
    victims = [a for s in p.children(v, "nsubj") for a in mentions(p, index, s) if participant_key(a) not in keys]
    r.recipients = victims + [a for a in r.recipients if all(a is not x for x in victims)]
    if not r.actors:
        for prep in p.children(v, "prep"):
            for o in prep_objects(p, prep):
                if p.lemma(o) in CUSTODY_NOUNS:
                    for k in p.children(o, "amod", "compound", "poss"):
                        r.actors += index.within(p, p.subtree(k))
    r.symmetric = False
    return r


def predicate_roles(p: Parse, a: int, type_: str, index: ActorIndex) -> Roles:
    """Return the roles of an adjectival predicate ("X is willing to send aid to Y", "X is ready to
    talk with Y"): the copula's subject acts; the complement's recipients receive."""
    r = Roles()
    h = p.head(a)
    subj = p.children(a, "nsubj") or (_subject(p, h)[0] if h is not None and p[a].dep == "acomp" else [])
    for s_ in subj:
        r.actors += mentions(p, index, s_)
        r.actor_heads.append(s_)
    if not r.actors and subj and all(p[s_].text.lower() in PRONOUNS for s_ in subj) and h is not None:
        r.actors += _speaker(p, index, h)
    keys = {(x.country, x.name) for x in r.actors}
    symmetric = reciprocal(type_, p.lemma(a))
    for c in p.children(a, "xcomp"):
        sub = verb_roles(p, c, type_, index)
        got = [x for x in sub.recipients if (x.country, x.name) not in keys]
        r.recipients += got
        symmetric = symmetric or sub.symmetric
        if got and not sub.symmetric:
            symmetric = False
    r.symmetric = symmetric
    return r


def accusation_roles(p: Parse, speech: int, clause: int, type_: str, index: ActorIndex) -> Roles:
    """Return the roles of "X said that <Y's act> is a threat": the speaker acts, and the actors of the
    clause who are neither the speaker's side nor the threatened side ("a threat to Z") are accused."""
    r = verb_roles(p, speech, type_, index)
    actor_keys = {(a.country, a.name) for a in r.actors}
    shielded = {j for k in p.subtree(clause) if p[k].dep == "prep" and p.lemma(k) in THREATENED_SIDE_PREPS
                for j in p.subtree(k)}
    targets = [a for a in index.within(p, [k for k in p.subtree(clause) if k not in shielded])
               if (a.country, a.name) not in actor_keys and a.country not in {x.country for x in r.actors if x.country}]
    return Roles(r.actors, targets)


def implied_recipients(p: Parse, index: ActorIndex, head: int, type_: str, actors: list[Actor]) -> list[Actor]:
    """Return the state a claim that names no recipient is aimed at (``domestic_types``: protests,
    demands, threats, refusals, and concessions that name no one they yield to).

    PLOVER's PROTEST is collective action against its recipient, a REQUEST a demand of it; with
    none named, it is the state where the claim is made ("thousands demonstrated in Serbia":
    Serbia), else, in a sentence that names no other country, the claimant's own state ("Iraqi
    Kurds demonstrated": Iraq; not for the state itself: "Israel rejected the plan"), as CAMEO-era
    gold standards code domestic events. The recipient has basis ``IMPLIED`` and no text.
    """
    if type_ not in DOMESTIC_TYPES:
        return []
    place = claim_place(p, index, head)
    if place:
        return place
    # Only in a sentence about one country: "Pristina would not sign a text with Belgrade" is no
    # claim on Kosovo itself.
    # Nor when the claimant is the state itself: "Israel rejected the plan" is no claim on Israel.
    countries = {a.country for a in index.actors if a.country} | {pl.country for pl in index.places}
    claimants = expand(actors)
    country = next((a.country for a in claimants if a.country), None)
    if country is None or countries - {country} or any(a.kind == "country" and a.sector == "GOV" for a in claimants):
        return []
    return [Actor(text="", name=country, country=country, sector="GOV", kind="country", id=country,
                  sentence_index=index.sentence_index, basis=IMPLIED)]


def claim_place(p: Parse, index: ActorIndex, head: int) -> list[Actor]:
    """Return the country-like place a claim is made in ("demonstrated in Serbia", "a rally in
    Lagos": the trigger's or its noun's verb's "in" phrase, or that of the occurrence verb the noun
    is the subject of: "the protests continued in Budapest"), as at most one actor, or none."""
    heads = [head]
    j = head
    while p[j].pos in ("NOUN", "PROPN") and p[j].dep in ("pobj", "dobj", "compound") and len(heads) < 4:
        # "converged for a rally in Lagos", "staged a protest in X": the noun's verb too.
        h = p.head(j)
        if h is None or h == j:
            break
        heads.append(h)
        j = h
    h = p.head(j)
    if p[j].pos == "NOUN" and p[j].dep == "nsubj" and h is not None and h != j and \
            p.lemma(h) in load_lexicon().occurrence_verbs:
        # "the protests against the labour law continued in Budapest": the occurrence verb's "in".
        heads.append(h)
    for h in heads:
        for prep in p.children(h, "prep"):
            if p.lemma(prep) in LOCATED_PREPS:
                for o in prep_objects(p, prep):
                    got = located_in(p, index, o)
                    if got:
                        return got[:1]
    return []


def implied_actors(p: Parse, index: ActorIndex, head: int, type_: str) -> list[Actor]:
    """Return the state of a crowd that protests in it and names no side of its own (``crowd_types``):
    "tens of thousands demonstrated in Belgrade" is Serbia's (sector CVL, basis ``IMPLIED``, no text).

    An attack whose author the sentence does not name is not given the place's state: a report that
    names the attacker would be another dyad, and the state where a bomb goes off is rarely its author."""
    if type_ not in CROWD_TYPES:
        return []
    return [Actor(text="", name=a.country or "", country=a.country, sector="CVL", kind="country", id=a.country or "",
                  sentence_index=index.sentence_index, basis=IMPLIED) for a in claim_place(p, index, head) if a.country]


def expand(actors: list[Actor]) -> list[Actor]:
    """Return actors with collective ones replaced by their members, without duplicates; a bare
    country reference ("Azerbaijani") yields to an actor of the same country with a sector."""
    out: list[Actor] = []
    seen: set[tuple[Any, ...]] = set()
    flat = [m for a in actors for m in (a.members or [a])]
    sectored = {m.country for m in flat if m.country and m.sector}
    for a in actors:
        for m in (a.members or [a]):
            if m.country in sectored and not m.sector and m.kind == "country" and not m.members:
                continue
            key = (m.id, m.name, m.country, m.sector) if (m.id or m.country) else (m.text.lower(), m.start)
            if key in seen:
                continue
            seen.add(key)
            out.append(m)
    return out


def finish(r: Roles) -> Roles:
    """Expand groups, drop duplicates and recipients that are also actors; direct a symmetric event.

    A symmetric event whose parties were all named as actors ("X and Y met", "talks between X
    and Y", "the two countries signed") keeps the first-named party as actor and receives the
    others as recipients (module docstring); one with recipients only ("talks with X") makes
    them its actors.
    """
    ordered = sorted(r.actors, key=lambda a: a.start) if r.symmetric else r.actors
    actors = expand(ordered)
    keys = {participant_key(a) for a in actors}
    recipients = [a for a in expand(r.recipients) if participant_key(a) not in keys]
    if r.symmetric and not actors:
        # "talks with X" and nobody else: the one known side acts (as PLOVER lists it).
        actors, recipients = recipients, []
    if r.symmetric and not recipients:
        actors, recipients = split_parties(actors)
    return Roles(actors, recipients, r.actor_heads, r.recipient_heads, r.symmetric)


def participant_key(a: Actor) -> tuple[str, str, str | None]:
    """Return what makes two actors one participant (``finish`` drops a recipient that acts)."""
    return (a.id, a.name, a.country)


def party(a: Actor) -> tuple[str, ...]:
    """Return the side an actor stands for in a reciprocal event: its country, else itself."""
    return ("country", a.country) if a.country else ("actor", a.id or a.name.lower())


def split_parties(actors: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """Return (the first party's actors, the other parties' actors), each in the given order."""
    if not actors:
        return [], []
    first = party(actors[0])
    return [a for a in actors if party(a) == first], [a for a in actors if party(a) != first]
