"""Trigger finding: which words of a parsed sentence report an event, and with which candidate readings.

A trigger is found, in this order, as:

- a verb + dependent pair of the lexicon ("called off", "opened fire", "held talks"), else a verb;
- an adjectival predicate of intent with a complement ("is willing to send");
- a noun in a reporting frame: the object of a light verb ("launched an attack"), the subject of
  an occurrence verb ("talks took place"), a noun a performing verb's participle or relative clause
  qualifies ("the pact signed with Qatar"), the act whose victims are named ("the victims of the
  bombing"), the object of a claim of responsibility ("claimed responsibility for the attack"),
  the object of a frame preposition under a verb ("at the meeting"; not "during the war", which
  dates another act), the root, or a noun with an actor attached ("Turkey's support", "talks
  between X and Y", also through a misattached "by": "the arrest of dozens of protesters by police");
- an accusation: "X said/stressed that <Y's act> is a threat/obstacle" -> ACCUSE.

Statements that PLOVER does not code (appeals, denials of an allegation, "declined to comment")
are found first; their words trigger nothing. Word lists are in ``data/triggers.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from communique.core.article import Token
from communique.core.parse import Parse
from communique.stages.events.lexicon import Lexicon, Reading, load_lexicon
from communique.stages.events.modality import modality_cues
from communique.stages.events.roles import (
    AGENT_PREPS,
    ActorIndex,
    agent_terms,
    claimant,
    listing_verb,
    relative_antecedent,
    stray_agents,
)

# Dependents of a verb that can complete a two-word trigger, and those whose own dependent can.
PAIR_DEPS = ("prt", "prep", "dobj", "advmod", "acomp", "dative", "compound", "xcomp", "nsubjpass")
PAIR_VIA = ("prep", "dobj", "nsubjpass")
# Prepositions that complete a pair only with an object of their own: "stood by Azerbaijan", "stand with
# Ukraine", "coordinate with Interpol" (a bare "stood by as the crowd looted" is no support).
OBJECT_PAIR_PREPS = frozenset({"by", "with"})
# Complements that can be a verbless small clause whose predicate completes a pair ("declared it void").
SMALL_CLAUSE_DEPS = ("ccomp", "oprd")


@dataclass
class Trigger:
    """A trigger head token, the tokens of its surface span, its readings and its kind."""

    head: int
    tokens: list[int]
    readings: list[Reading]
    kind: str  # verb, pair, noun, accuse, classifier
    recipients_hint: list[int] = field(default_factory=list)


def is_verb(t: Token) -> bool:
    """Return True for a verb, or an adjective or noun the tagger marks as a verb form ("VBN", ...)."""
    return t.pos == "VERB" or (t.pos in ("ADJ", "NOUN") and t.tag in ("VBN", "VBD", "VBG"))


def demanded_act(p: Parse, n: int, verbs: frozenset[str]) -> int | None:
    """Return the verb of the act demanded by the ultimatum whose penalty is noun ``n``, or None: ``n``
    is the object of a verb in ``verbs`` joined by "or" to that act ("register or face expulsion"), or
    (as the parser also reads it) a conjunct after "or", with the verb as its compound ("close their
    shops or risk arrest")."""
    v = p.head(n)
    if v is None:
        return None
    if p[n].dep == "dobj" and p.lemma(v) in verbs and p[v].dep == "conj":
        first = p.head(v)
    elif p[n].dep == "conj" and any(p.lemma(k) in verbs for k in p.children(n, "compound")):
        first = v
    else:
        return None
    if first is None or not any(p.lemma(c) == "or" for c in p.children(first, "cc")):
        return None
    for _ in range(3):  # "close their shops or risk arrest": the conjunct's verb
        if is_verb(p[first]):
            return first
        first = p.head(first)
        if first is None:
            return None
    return None


def qualifies(lex: Lexicon, p: Parse, k: int) -> bool:
    """Return True when token ``k`` is a clause telling its head noun's act: a performing verb's
    past participle or relative clause ("the pact signed with Qatar", "the sanctions the EU imposed")."""
    t = p[k]
    return t.dep in lex.qualifier_deps and t.tag in lex.qualifier_tags and p.lemma(k) in lex.qualifier_verbs


class TriggerFinder:
    """Finds the triggers of a parsed sentence from the trigger lexicon."""

    def __init__(self, lexicon: Lexicon | None = None, penalty_verbs: frozenset[str] = frozenset()):
        self.lex = lexicon or load_lexicon()
        # The verbs of an ultimatum's penalty ("or face expulsion": conversions.yaml ultimatum_verbs).
        self.penalty_verbs = penalty_verbs

    def statements(self, p: Parse) -> set[int]:
        """Return the heads of statements that PLOVER does not code: appeals ("urged", "called on",
        "an appeal for calm"; CAMEO 02, dropped by PLOVER), denials of an allegation ("denied the
        charges"), withheld comments ("declined to comment") stated feelings ("expressed concern",
        "offered condolences") and shared views ("agree with X that ..."; CAMEO 012, 013, 018, 019,
        statements PLOVER drops)."""
        lex = self.lex
        out: set[int] = set()
        for t in p.tokens:
            lemma = p.lemma(t.i)
            if is_verb(t):
                if lemma in lex.appeal_verbs or any(
                        (lemma, p.lemma(k)) in lex.appeal_pairs for k in p.children(t.i, "prep", "prt")):
                    out.add(t.i)
                elif lemma in lex.refusal_verbs and any(
                        p.lemma(k) in lex.comment_verbs for k in p.children(t.i, "xcomp")):
                    out.add(t.i)
                elif self.denial(p, t.i):
                    out.add(t.i)
                elif lemma in lex.sentiment_verbs and any(self.sentiment(p, k) for k in p.children(t.i, "dobj")):
                    out.add(t.i)  # "expressed concern about the fate of ...": a feeling stated, no act
                elif lemma in lex.accord_verbs and self.accord(p, t.i):
                    out.add(t.i)
            elif t.pos == "NOUN" and lemma in lex.appeal_nouns and any(
                    p.lemma(k) in lex.appeal_preps for k in p.children(t.i, "prep")):
                out.add(t.i)
                h = p.head(t.i)
                if t.dep == "dobj" and h is not None and p.lemma(h) in lex.light_verbs:
                    out.add(h)  # "issued an appeal for calm": the light verb states it
        return out

    def sentiment(self, p: Parse, o: int) -> bool:
        """Return True when object ``o`` names a feeling: a sentiment noun itself ("offered his
        condolences"), or a message of one ("sent a condolence message", "a message of sympathy")."""
        lex = self.lex
        if p.lemma(o) in lex.sentiment_nouns:
            return True
        if p.lemma(o) not in lex.sentiment_carriers:
            return False
        of = [g for prep in p.children(o, "prep") if p.lemma(prep) == "of" for g in p.children(prep, "pobj")]
        return any(p.lemma(k) in lex.sentiment_nouns for k in (*p.children(o, "compound", "amod"), *of))

    def accord(self, p: Parse, v: int) -> bool:
        """Return True for "said they agree with X (that ...)": sharing a view (CAMEO 019), not a
        commitment; "agreed with Turkey on a deal" and "agreed with X to meet" stay AGREE."""
        preps = {p.lemma(k) for k in p.children(v, "prep")}
        return ("with" in preps and not preps & self.lex.accord_terms
                and not p.children(v, "xcomp", "dobj"))

    def denial(self, p: Parse, v: int) -> bool:
        """Return True for "denied the allegations" / "denied that ...": a statement, not a REJECT."""
        if p.lemma(v) not in self.lex.denial_verbs:
            return False
        if p.children(v, "ccomp") and p.lemma(v) in self.lex.denial_clause_verbs:
            return True
        return any(p.lemma(o) in self.lex.denial_objects for o in p.children(v, "dobj"))

    def find(self, p: Parse, index: ActorIndex, statements: set[int] | None = None) -> list[Trigger]:
        """Return the triggers of ``p`` in the module's order; the words of ``statements`` (found
        here when not given) trigger nothing."""
        used: set[int] = set(self.statements(p) if statements is None else statements)
        found = self.verbs(p, used)
        found = self.told_again(p, found)
        found += self.adjectives(p, used)
        found += self.nouns(p, index, used)
        found += self.accusations(p, index, used)
        return found

    def verbs(self, p: Parse, used: set[int]) -> list[Trigger]:
        """Return the verb triggers (pairs first) among the unused tokens; marks their tokens used."""
        lex = self.lex
        found = []
        for t in p.tokens:
            if not is_verb(t) or t.i in used:
                continue
            if t.dep == "amod" and t.tag == "VBG" and not p.children(t.i):
                continue  # "the visiting journalists", "the negotiating parties": a description, no act
            lemma = p.lemma(t.i)
            # A delivery first: "flew 40 tonnes of tents to Tripoli" is no visit.
            pair = self.delivery(p, t.i)
            if pair is None:
                pair = self.pair(p, t.i, lex.verb_pairs, lex.quantity_heads, lex.amount_preps)
            if pair is None:
                pair = self.subject_pair(p, t.i)
            if pair is not None:
                k, readings = pair
                found.append(Trigger(t.i, sorted({t.i, k}), readings, "pair"))
                used.update({t.i, k})
            elif lemma in lex.verbs:
                found.append(Trigger(t.i, [t.i], list(lex.verbs[lemma]), "verb"))
                used.add(t.i)
        return found

    def contents(self, p: Parse, k: int, depth: int = 0) -> list[int]:
        """Return noun ``k`` and what it counts or carries: an amount's "of"/"in" phrase ("40 tonnes of
        medicines"), a carrier's load ("planes carrying tents", "aircraft loaded with supplies", "a
        convoy of trucks carrying food") and a carrier's compound ("aid convoys")."""
        lex = self.lex
        out = [k]
        if depth > 3:
            return out
        lemma, text = p.lemma(k), p[k].text.lower()
        carrier = lemma in lex.carriers or text in lex.carriers
        if carrier or lemma in lex.quantity_heads or text in lex.quantity_heads:
            for prep in p.children(k, "prep"):
                if p.lemma(prep) in lex.amount_preps:
                    for g in p.children(prep, "pobj"):
                        out += self.contents(p, g, depth + 1)
        if carrier:
            out += p.children(k, "compound")
            for a in p.children(k, "acl", "relcl"):
                if p.lemma(a) not in lex.carrier_verbs:
                    continue
                for g in p.children(a, "dobj", "nsubjpass"):
                    out += self.contents(p, g, depth + 1)
                for prep in p.children(a, "prep"):
                    if p.lemma(prep) == "with":
                        for g in p.children(prep, "pobj"):
                            out += self.contents(p, g, depth + 1)
        return out

    def delivery(self, p: Parse, v: int) -> tuple[int, list[Reading]] | None:
        """Return the goods of a delivery and its reading: goods, or a carrier of goods, as the object of
        a sending verb ("sent two planes carrying medicines") or the subject of an arrival verb ("aircraft
        loaded with medical supplies landed in Yangon", "an aid convoy reached the town")."""
        lex = self.lex
        lemma = p.lemma(v)
        if lex.delivery_reading is None:
            return None
        if lemma in lex.send_verbs:
            heads = p.children(v, "dobj", "nsubjpass")
            h = p.head(v)
            if p[v].dep == "relcl" and h is not None and all(p[o].pos == "PRON" for o in heads):
                # "the field hospital that Turkey flew to Morocco": the relative clause's object is its noun.
                heads = [h]
        elif lemma in lex.arrival_verbs:
            heads = p.children(v, "nsubj")
        else:
            return None
        # "sent 200 rescuers and a field hospital": each conjoined object is sent.
        heads = [*heads, *(c for h in heads for c in p.children(h, "conj"))]
        for h in heads:
            for g in self.contents(p, h):
                if p.lemma(g) in lex.goods:
                    return g, [lex.delivery_reading]
        return None

    def told_again(self, p: Parse, found: list[Trigger]) -> list[Trigger]:
        """Return ``found`` less each arrival of goods whose delivery another trigger of the same reading in
        the sentence tells ("a convoy carrying food reached the town, the WFP said, delivering aid to
        refugees"): the arrival is the same act, and the other trigger names who gave the aid."""
        lex = self.lex

        def arrival(t: Trigger) -> bool:
            return t.kind == "pair" and p.lemma(t.head) in lex.arrival_verbs and t.readings == [lex.delivery_reading]

        return [t for t in found if not (arrival(t) and any(
            o is not t and not arrival(o) and lex.delivery_reading in o.readings for o in found))]

    def subject_pair(self, p: Parse, v: int) -> tuple[int, list[Reading]] | None:
        """Return the subject completing a verb + subject trigger and its readings ("the last soldiers
        left the country", "the final group of soldiers left", "demonstrators packed the streets")."""
        lex = self.lex
        lemma = p.lemma(v)
        for s in relative_antecedent(p, v, p.children(v, "nsubj")):
            for g in self.contents(p, s):
                if (lemma, p.lemma(g)) in lex.subject_pairs:
                    return g, list(lex.subject_pairs[(lemma, p.lemma(g))])
        return None

    def adjectives(self, p: Parse, used: set[int]) -> list[Trigger]:
        """Return adjectival predicates of intent with a complement ("is willing to send")."""
        lex = self.lex
        found = []
        for t in p.tokens:
            if t.pos == "ADJ" and p.lemma(t.i) in lex.adjectives and p.children(t.i, "xcomp"):
                found.append(Trigger(t.i, [t.i], list(lex.adjectives[p.lemma(t.i)]), "verb"))
                used.add(t.i)
        return found

    def nouns(self, p: Parse, index: ActorIndex, used: set[int]) -> list[Trigger]:
        """Return the noun triggers in a reporting frame (noun pairs first: "hunger strike")."""
        lex = self.lex
        found = []
        for t in p.tokens:
            if t.i in used or t.pos not in ("NOUN", "PROPN"):
                continue
            # A word inside a name ("Organization of Islamic Cooperation") is no trigger.
            if any(a.start <= t.start and t.end <= a.end and a.kind in lex.name_kinds for a in index.actors):
                continue
            lemma = p.lemma(t.i)
            readings = None
            toks = [t.i]
            for k in p.children(t.i, "compound", "amod"):
                key = (p.lemma(k), lemma)
                if key in lex.noun_pairs:
                    readings, toks = list(lex.noun_pairs[key]), sorted({k, t.i})
            if readings is None and lemma in lex.nouns:
                readings = list(lex.nouns[lemma])
            if readings and self.reporting_frame(p, t.i, index):
                found.append(Trigger(t.i, toks, readings, "noun"))
                used.update(toks)
        return found

    def amount_verb(self, p: Parse, n: int) -> int | None:
        """Return the light verb whose object is an amount, or a change in one, with noun ``n`` in its
        "in"/"of" phrase, or None: that phrase names what was given or done ("announced $20 million in
        assistance", "launched dozens of attacks", "announced a sixfold increase in funding")."""
        lex = self.lex
        prep = p.head(n)
        if p[n].dep != "pobj" or prep is None or p.lemma(prep) not in lex.amount_preps:
            return None
        a = p.head(prep)
        if a is None or p[a].dep not in ("dobj", "nsubjpass", "attr"):
            return None
        if not (p.lemma(a) in lex.quantity_heads or p[a].text.lower() in lex.quantity_heads
                or p.lemma(a) in lex.amount_changes):
            return None
        v = p.head(a)
        return v if v is not None and p.lemma(v) in lex.light_verbs else None

    @staticmethod
    def pair(p: Parse, v: int, pairs: dict[tuple[str, str], list[Reading]],
             amounts: frozenset[str] = frozenset(),
             amount_preps: frozenset[str] = frozenset({"of"})) -> tuple[int, list[Reading]] | None:
        """Return the token completing a two-word trigger with verb ``v``, nearest first, and its
        readings; an amount's "of" or "in" phrase counts as its head ("sent thousands of soldiers",
        "provided $5 million in assistance")."""
        lemma = p.lemma(v)
        for k in sorted(p.children(v), key=lambda k: abs(k - v)):
            for g in _completers(p, k, amounts, amount_preps):
                key = (lemma, p.lemma(g))
                if key[1] in OBJECT_PAIR_PREPS and g == k and not p.children(g, "pobj", "pcomp"):
                    continue
                if key in pairs:
                    return g, list(pairs[key])
        return None

    def reporting_frame(self, p: Parse, n: int, index: ActorIndex) -> bool:
        """Return True when noun ``n`` stands where a report names an event (see the module docstring)."""
        lex = self.lex
        t = p[n]
        h = p.head(n)
        if h is None or t.dep == "ROOT":
            return True
        # "a mediation effort", "peace talks process": the compound's head carries the frame.
        if t.dep == "compound" and p[h].pos == "NOUN":
            return self.reporting_frame(p, h, index)
        hl = p.lemma(h)
        if t.dep in ("dobj", "nsubjpass", "attr") and hl in lex.light_verbs:
            return True
        if demanded_act(p, n, self.penalty_verbs) is not None:
            return True  # "close their shops or risk arrest": the penalty of an ultimatum
        if any(qualifies(lex, p, k) for k in p.children(n)):
            return True  # "the pact signed with Qatar", "the sanctions the EU imposed"
        if self.amount_verb(p, n) is not None:
            return True  # "announced $20 million in assistance", "announced an increase in funding"
        if t.dep in ("nsubj", "nsubjpass") and hl in lex.occurrence_verbs:
            return True
        if t.dep == "pobj" and p.lemma(h) in lex.victim_preps:
            hh = p.head(h)
            if hh is not None and p.lemma(hh) in lex.victim_nouns:
                return True  # "the victims of the bombing"
        if claimant(p, n) is not None:
            return True  # "claimed responsibility for the attack"
        if listing_verb(p, n) is not None:
            return True  # "added six officials to its sanctions list"
        if t.dep == "pobj" and p.lemma(h) in lex.cause_preps:
            hh = p.head(h)
            if hh is not None and (p.lemma(hh) in lex.cause_verbs or p.lemma(hh) in lex.cause_heads):
                return True  # "died of torture", "as a result of the torture"
        if t.dep == "pobj" and p.lemma(h) in lex.frame_preps:
            # "during the war" dates another act; it does not report the war.
            if p.lemma(h) in lex.dating_preps and p.lemma(n) in modality_cues().past_nouns:
                return False
            hh = p.head(h)
            if hh is not None and is_verb(p[hh]):
                return True
        # An actor attached: "Turkey's support", "Russian attack", "talks between X and Y".
        for k in p.children(n, "poss", "compound", "amod"):
            if k < n and (index.within(p, p.subtree(k)) or p.lemma(k) in agent_terms()):
                return True
        for prep in p.children(n, "prep"):
            if p.lemma(prep) in AGENT_PREPS:
                return True
        # "the arrest of dozens of protesters by police": the agent phrase hung on the "of" object.
        return bool(stray_agents(p, index, n))

    def failure(self, p: Parse, c: int, used: set[int]) -> bool:
        """Return True when clause ``c`` says its subject fails at a duty ("have failed to protect"): a
        failure verb with a subject and a complement, not negated, whose failed act is no trigger of its own
        ("failed to reach agreement" is a refusal)."""
        return (p.lemma(c) in self.lex.failure_verbs and bool(p.children(c, "nsubj"))
                and bool(p.children(c, "xcomp")) and not p.children(c, "neg")
                and not any(k in used for x in p.children(c, "xcomp") for k in (x, *p.children(x, "dobj", "prt"))))

    def responsibility(self, p: Parse, c: int, used: set[int]) -> bool:
        """Return True when clause ``c`` puts its subject behind a violent act ("Iran was behind the
        attack"): a copula with a subject and a responsibility preposition whose object is an act noun of
        a responsibility type, not negated."""
        lex = self.lex
        if p.lemma(c) != "be" or not p.children(c, "nsubj") or p.children(c, "neg"):
            return False
        return any(p.lemma(o) in lex.nouns and o not in used
                   and any(r[0].lower() in lex.responsibility_types for r in lex.nouns[p.lemma(o)])
                   for k in p.children(c, "prep") if p.lemma(k) in lex.responsibility_preps
                   for o in p.children(k, "pobj"))

    def accusations(self, p: Parse, index: ActorIndex, used: set[int]) -> list[Trigger]:
        """Return ACCUSE triggers of "X said/stressed that <Y's act> is a threat/obstacle"; the speech
        verb and the clause ride along as ``recipients_hint`` for the roles."""
        lex = self.lex
        out = []
        for t in p.tokens:
            if not is_verb(t) or p.lemma(t.i) not in lex.speech_verbs:
                continue
            for c in p.children(t.i, "ccomp"):
                sub = p.subtree(c)
                nouns = [k for k in sub if p.lemma(k) in lex.accusation_nouns and k not in used]
                if not nouns and (self.failure(p, c, used) or self.responsibility(p, c, used)):
                    # "X said the authorities have failed to protect refugees": criticism of them;
                    # "X said Iran was behind the attack": an accusation of Iran.
                    nouns = [c]
                if not nouns:
                    continue
                out.append(Trigger(nouns[0], [nouns[0]], [("ACCUSE", "disapprove")], "accuse",
                                   recipients_hint=[t.i, c]))
                used.add(nouns[0])
        return out


def _completers(p: Parse, k: int, amounts: frozenset[str], amount_preps: frozenset[str]) -> Iterator[int]:
    """Yield the tokens at a verb's dependent ``k`` that may complete a two-word trigger, in the order tried.

    ``k`` itself: a verbless complement clause's predicate ("declared the agreement null and void")
    or a dependent of ``PAIR_DEPS``; then an adverb's phrase ("stayed away from the cranes"), the
    objects, compounds and modifiers under a preposition or object (``PAIR_VIA``), and an amount's
    "of"/"in" phrase ("sent thousands of soldiers").
    """
    t = p[k]
    if t.dep in SMALL_CLAUSE_DEPS and t.pos not in ("VERB", "AUX"):
        yield k
    if t.dep not in PAIR_DEPS:
        return
    yield k
    if t.dep == "advmod":
        for prep in p.children(k, "prep"):
            yield from p.children(prep, "pobj")
    if t.dep in PAIR_VIA:
        yield from p.children(k, "pobj", "compound", "amod")
        if t.dep == "dobj" and (p.lemma(k) in amounts or t.text.lower() in amounts):
            for prep in p.children(k, "prep"):
                if p.lemma(prep) in amount_preps:
                    yield from p.children(prep, "pobj")
