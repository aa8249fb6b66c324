"""Event detection for one parsed sentence: the cascade from triggers to typed events.

It decides which coded triggers become events, and how the rule triggers and the classifier's
probabilities meet. One event per act, several per sentence:

1. triggers from the rules (``triggers.py``); statements PLOVER does not code trigger nothing;
2. each trigger gets its modality flags (``modality.py``); each of its candidate readings gets
   its roles (``roles.py``) and PLOVER's conversions (``conversions.py``), and the reading whose
   converted type the embedding classifier ranks highest is kept ("wants to attack" is read as
   the attack that becomes a THREATEN when the classifier sees a threat);
3. one event per act (``acts.py``): a support verb yields to its event noun, a nominal trigger
   merges into its verb, a commitment and its complement become one; harm with no actor in a
   sentence naming an accident or disaster is dropped;
4. with no rule trigger, or none that survives step 5, a confident classifier reading yields one
   event on the main verb;
5. the confidence (``confidence.py``): events with no participant that the classifier does not
   back, or below the confidence floor, are dropped; a hypothetical or negated act counts less.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from communique.core.article import Article, Event, Evidence, Sentence, Span
from communique.core.parse import Parse
from communique.stages.events.acts import Acts
from communique.stages.events.confidence import clause_depth, confidence
from communique.stages.events.conversions import Coded, Conversions, ultimatum_demand
from communique.stages.events.dated import dated_act
from communique.stages.events.lexicon import Lexicon, load_lexicon
from communique.stages.events.modality import Modality, clause_head, governor
from communique.stages.events.modality import detect as detect_modality
from communique.stages.events.ontology import Ontology, load_ontology
from communique.stages.events.roles import (
    DEATH_VERBS,
    UNDERGO_VERBS,
    ActorIndex,
    Roles,
    accusation_roles,
    death_roles,
    finish,
    implied_actors,
    implied_recipients,
    noun_roles,
    undergone_roles,
    verb_roles,
)
from communique.stages.events.triggers import Trigger, TriggerFinder, is_verb, qualifies

NONE = "NONE"


@dataclass
class Settings:
    """Thresholds of the detector (tuned on dev sets by aggregate figures)."""

    # A sentence with no rule trigger gets a classifier event above this probability.
    classifier_only: float = 0.5
    # Events below this confidence are not emitted.
    min_confidence: float = 0.35
    # A rule event with no participant survives only when the classifier gives its type this much.
    bare_min_prob: float = 0.1
    # Confidence added to a trigger with no actor dated by its own phrase ("the drone strike on March 13"):
    # its day is evidence of one act, as a filled role is (confidence.py adds 0.08 for an actor).
    dated_bonus: float = 0.1
    # Confidence taken off an act that is only hypothetical, or negated: it is not the sentence's news.
    hypothetical_penalty: float = 0.12
    negated_penalty: float = 0.12
    # Prior precision of rule triggers by kind.
    prior: dict[str, float] = field(default_factory=lambda: {
        "pair": 0.8, "verb": 0.65, "noun": 0.55, "accuse": 0.6, "classifier": 0.0})


class EventDetector:
    """Codes the events of a parsed sentence; stateless apart from its loaded data."""

    def __init__(self, ontology: Ontology | None = None, lexicon: Lexicon | None = None,
                 settings: Settings | None = None):
        self.onto = ontology or load_ontology()
        self.lex = lexicon or load_lexicon()
        self.cfg = settings or Settings()
        self.conversions = Conversions(self.onto, self.lex)
        self.finder = TriggerFinder(self.lex, self.conversions.rules.ultimatum_verbs)
        self.acts = Acts(self.onto, lexicon=self.lex)
        self.speakers = self.lex.speech_verbs | self.lex.reporting_verbs

    def needs_classifier(self, article: Article, sentence: Sentence) -> bool:
        """Return True when the classifier can change this sentence's coding: several triggers, a
        trigger with several readings, a harm trigger (its NONE may veto it), a trigger with no
        participant (kept only if the classifier agrees), or none (a classifier-only event)."""
        if not sentence.parsed:
            return False
        p, index = Parse(sentence), ActorIndex(article, sentence.index)
        statements = self.finder.statements(p)
        trigs = self.finder.find(p, index, statements)
        if not trigs:
            # Only a classifier-only event is possible, and a statement at the root rules it out.
            return p.root() not in statements
        if len(trigs) != 1 or len(trigs[0].readings) > 1:
            return True
        type_ = trigs[0].readings[0][0]
        if type_ in self.lex.harm_types:
            # Harm words are shared with disasters, crime and sport; the classifier's NONE vetoes them.
            return True
        roles = self.roles(p, trigs[0], type_, index)
        return not roles.actors and not roles.recipients

    def detect(self, article: Article, sentence: Sentence, probs: dict[str, float] | None = None,
               report_year: int | None = None) -> list[Event]:
        """Return the events of ``sentence`` (empty when it is not parsed), in the module's cascade."""
        if not sentence.parsed:
            return []
        probs = probs or {}
        p = Parse(sentence)
        index = ActorIndex(article, sentence.index)
        statements = self.finder.statements(p)
        coded = [self.code(article, p, trig, index, probs, detect_modality(p, trig.head, report_year))
                 for trig in self.finder.find(p, index, statements)]
        coded = self.acts.merge(p, coded)
        # "is considering sending aid": an option under study is no act (CAMEO 014, dropped by PLOVER).
        coded = [c for c in coded if not self.deliberated(p, c.trigger.head)]
        # "aid to typhoon-hit Tacloban", "the quake-hit town": a disaster named as the cause in a hyphen
        # compound is what hit; the compound's verb is no act of anyone, however the parser attaches it.
        coded = [c for c in coded if not self.disaster_compound(p, c.trigger.head)]
        accidental = self.accidental(p)
        if accidental:
            # "19 people were killed when their bus plunged off a bridge": harm without a hostile agent.
            coded = [c for c in coded if not (c.type == "ASSAULT" and not c.roles.actors)]
        events = []
        # An ultimatum set by the sentence's main verb ("Niger gave the peacekeepers until Friday to
        # leave or face arrest") is its act: its threat is coded even when the classifier backs it
        # weakly, and the main verb ("gave") is not read again as a classifier-only act.
        set_by_root = self.ultimatum_set_by(p, coded, p.root())
        for c in coded:
            ev = self.event(article, sentence, p, c, probs, floor=c is set_by_root)
            if ev is not None:
                events.append(ev)
        if not events:
            # No rule trigger, or none the classifier backs ("sent armoured vehicles to help the
            # country patrol its borders" has only "patrol" as a trigger): a confident classifier
            # reading of the sentence yields its event on the main verb, as with no trigger at all.
            root = self.fallback_root(p, statements, accidental)
            fallback = None if root is None else self.classifier_event(article, p, probs, index, report_year, root)
            if fallback is None and not accidental:
                fallback = self.reported_demand(p, probs, index, statements)
            ev = None if fallback is None else self.event(article, sentence, p, fallback, probs)
            if ev is not None:
                events.append(ev)
        return events

    def code(self, article: Article, p: Parse, trig: Trigger, index: ActorIndex, probs: dict[str, float],
             mod: Modality) -> Coded:
        """Return the trigger coded by the reading whose converted type the classifier ranks highest
        (the lexicon's first without probabilities, and on ties)."""
        options = []
        for type_, mode in trig.readings if probs else trig.readings[:1]:
            c = Coded(trig, type_, mode, self.roles(p, trig, type_, index), mod)
            options.append(self.conversions.apply(article, p, c, index))
        return max(options, key=lambda c: (max(probs.get(c.type, 0.0), probs.get(c.read_as or "", 0.0)),
                                           -options.index(c)))

    def roles(self, p: Parse, trig: Trigger, type_: str, index: ActorIndex) -> Roles:
        """Return the actors and recipients of ``trig`` read as ``type_``, by the kind of trigger; a
        reported act whose subject is a pronoun ("X said it would not ...") takes the speaker's actors."""
        r = self.trigger_roles(p, trig, type_, index)
        if not r.actors:
            speaker = self.pronoun_speaker(p, trig.head)
            if speaker is not None:
                said = verb_roles(p, speaker, type_, index)
                if said.actors:
                    r = finish(Roles(said.actors, r.recipients))
        return r

    def pronoun_speaker(self, p: Parse, i: int) -> int | None:
        """Return the verb of saying whose reported clause holds token ``i`` and has a personal pronoun
        as its subject ("the ministry said it would ..."), or None."""
        j = clause_head(p, i)
        for _ in range(4):
            h = p.head(j)
            if h is None:
                return None
            if p[j].dep == "ccomp":
                subjects = p.children(j, "nsubj", "nsubjpass")
                if p.lemma(h) in self.speakers and any(p.lemma(k) in self.lex.speaker_pronouns for k in subjects):
                    return h
                return None
            if p[j].dep not in ("xcomp", "acomp", "conj"):
                return None
            j = h
        return None

    def trigger_roles(self, p: Parse, trig: Trigger, type_: str, index: ActorIndex) -> Roles:
        """Return the actors and recipients of ``trig`` read as ``type_``, by the kind of trigger."""
        if trig.kind == "accuse":
            speech, clause = trig.recipients_hint
            return finish(accusation_roles(p, speech, clause, type_, index))
        if trig.kind == "classifier" and is_verb(p[trig.head]) and p.lemma(trig.head) in UNDERGO_VERBS:
            # "Kenya suffered a series of attacks": the subject of an act undergone receives it.
            return finish(undergone_roles(p, trig.head, type_, index))
        if trig.kind in ("verb", "classifier") and p.lemma(trig.head) in DEATH_VERBS and p[trig.head].pos == "VERB":
            # "a journalist died as a result of beatings": who died is the victim, not the actor.
            return finish(death_roles(p, trig.head, index))
        if trig.kind in ("verb", "pair", "classifier") and is_verb(p[trig.head]):
            own = frozenset(trig.tokens) - {trig.head} if trig.kind == "pair" else frozenset()
            return finish(verb_roles(p, trig.head, type_, index, own))
        if trig.kind == "noun":
            v = self.finder.amount_verb(p, trig.head)
            if v is not None:
                # "The US announced $20 million in assistance to Sudan": the light verb's sides give it.
                return finish(verb_roles(p, v, type_, index))
        h = p.head(trig.head)
        if trig.kind == "verb" and p[trig.head].pos == "ADJ" and p[trig.head].dep == "acomp" and h is not None:
            # "Peru is ready to talk": the predicate's subject is the copula's.
            return finish(verb_roles(p, h, type_, index))
        # A noun whose act its own clause tells ("the sanctions the EU imposed") is not the act of
        # the verb that takes it as object ("Belarus condemned ..."): that verb lends it no actors.
        governed = not any(qualifies(self.lex, p, k) for k in p.children(trig.head))
        return finish(noun_roles(p, trig.head, type_, index, governed))

    def disaster_compound(self, p: Parse, i: int) -> bool:
        """Return True when token ``i`` ends a hyphen compound whose first part names a disaster
        ("typhoon-hit", "flood-ravaged", "quake-damaged"), written without spaces."""
        if i < 2 or p[i - 1].text != "-":
            return False
        cause, dash, verb = p[i - 2], p[i - 1], p[i]
        if cause.end != dash.start or dash.end != verb.start:
            return False
        return p.lemma(i - 2) in self.lex.nonpolitical_causes or cause.text.lower() in self.lex.nonpolitical_causes

    def accidental(self, p: Parse) -> bool:
        """Return True when the sentence names an accident or disaster and no hostile cue."""
        words = {p.lemma(t.i) for t in p.tokens} | {t.text.lower() for t in p.tokens}
        return bool(words & self.lex.nonpolitical_causes) and not words & self.lex.hostile_cues

    def ultimatum_set_by(self, p: Parse, coded: list[Coded], verb: int | None) -> Coded | None:
        """Return the coded threat of an ultimatum whose demand ``verb`` sets ("gave X until Friday to
        leave or face arrest", "told X to leave or face expulsion"), or None."""
        if verb is None:
            return None
        for c in coded:
            if c.type != "THREATEN" or c.trigger.kind != "noun":
                continue
            if ultimatum_demand(p, c.trigger.head, self.conversions.rules.ultimatum_verbs)[1] == verb:
                return c
        return None

    def fallback_root(self, p: Parse, statements: set[int], accidental: bool) -> int | None:
        """Return the main verb a classifier-only event would sit on, or None when the sentence can have none."""
        root = p.root()
        # Nor does the classifier guess an event for a sentence about an accident or disaster: what it
        # reads there ("crews are at the scene of a spill") is the disaster, not anybody's act.
        if root is None or accidental or root in statements or p.lemma(root) in self.lex.deliberation_verbs:
            return None
        if p.lemma(root) in self.lex.speech_verbs or p.lemma(root) in self.lex.reporting_verbs:
            # "X said ...": the classifier's reading belongs to the reported content, which has
            # no trigger of its own; coding the act of saying would misplace it.
            return None
        return root

    def deliberated(self, p: Parse, i: int) -> bool:
        """Return True when the clause of token ``i`` is an option a deliberation verb governs
        ("Italy is considering sending aid", "the cabinet will weigh imposing sanctions")."""
        g = governor(p, i)
        return g is not None and p.lemma(g) in self.lex.deliberation_verbs

    def demand_clause(self, p: Parse, statements: set[int]) -> int | None:
        """Return the verb of the reported clause in "X said (that) Y must/should/has to <act>", when the
        sentence's root is the verb of saying (not a statement PLOVER drops), or None."""
        root = p.root()
        if root is None or root in statements or p.lemma(root) not in self.conversions.speakers:
            return None
        rules = self.conversions.rules
        for c in p.children(root, "ccomp"):
            if any(p[k].text.lower() in rules.demand_aux for k in p.children(c, "aux")):
                return c
            if p.lemma(c) in rules.demand_governors:
                for x in p.children(c, "xcomp"):
                    return x
        return None

    def reported_demand(self, p: Parse, probs: dict[str, float], index: ActorIndex,
                        statements: set[int]) -> Coded | None:
        """Return the demand of "X said (that) Y must <act>" whose act has no trigger of its own ("said the
        government must ensure security"), when the classifier reads the sentence as a REQUEST: REQUEST
        by the speaker, addressed to the side that must act (as ``Conversions`` codes a triggered one)."""
        clause = self.demand_clause(p, statements)
        if clause is None or not probs:
            return None
        pr = probs.get("REQUEST", 0.0)
        if pr < self.cfg.classifier_only or any(v > pr for k, v in probs.items() if k != "REQUEST"):
            return None
        trig = Trigger(clause, [clause], [("REQUEST", None)], "classifier")
        roles = self.conversions.demand_roles(p, p.root(), self.roles(p, trig, "REQUEST", index), index)
        return Coded(trig, "REQUEST", None, roles, Modality(False, False, False, False), read_as="REQUEST")

    def classifier_matters(self, article: Article, sentence: Sentence) -> bool:
        """Return False when ``sentence`` yields no event whatever the classifier says: it is not parsed,
        or it has no rule trigger and no main verb a classifier-only event could sit on.

        Its embedding can then change no output, so the events stage does not compute it. The
        test is the detector's own (``detect`` takes the same two steps), so it cannot drift."""
        if not sentence.parsed:
            return False
        p, index = Parse(sentence), ActorIndex(article, sentence.index)
        statements = self.finder.statements(p)
        if self.finder.find(p, index, statements):
            return True
        accidental = self.accidental(p)
        if self.fallback_root(p, statements, accidental) is not None:
            return True
        return not accidental and self.demand_clause(p, statements) is not None

    def classifier_event(self, article: Article, p: Parse, probs: dict[str, float], index: ActorIndex,
                         report_year: int | None, root: int) -> Coded | None:
        """Return a classifier-only trigger on the main verb ``root`` when the classifier is confident of a type."""
        if not probs:
            return None
        type_, pr = max(((k, v) for k, v in probs.items() if k != NONE), key=lambda kv: kv[1])
        if pr < self.cfg.classifier_only or probs.get(NONE, 0.0) >= pr:
            return None
        trig = Trigger(root, [root], [(type_, None)], "classifier")
        return self.code(article, p, trig, index, probs, detect_modality(p, root, report_year))

    def event(self, article: Article, sentence: Sentence, p: Parse, c: Coded,
              probs: dict[str, float], floor: bool = False) -> Event | None:
        """Return the Event of a coded (converted) trigger, or None when it is dropped (``floor``: a
        structural act the sentence states, kept at the confidence floor at least)."""
        pt = max(probs.get(t, 0.0) for t in (c.read_as or c.type, *c.merged)) if probs else 0.5
        bare = not c.roles.actors and not c.roles.recipients
        # A bare trigger with a day of its own ("after the drone strike on March 13", "the victims
        # of Monday's attack") names one act, whatever the rest of the sentence is about (dated.py).
        # So does the act of a relative clause or a gerund of time with a day of its own, whose actor
        # is the noun it qualifies or the subject of the verb it qualifies ("offered talks to the nurses
        # who struck in Auckland on Tuesday", "said after meeting in Seoul on November 28").
        dated = ((not c.roles.actors or p[c.trigger.head].dep in ("relcl", "pcomp"))
                 and dated_act(p, c.trigger.head))
        if bare and probs and pt < self.cfg.bare_min_prob and not dated:
            return None
        trig, type_, mode, roles, mod = c.trigger, c.type, c.mode, c.roles, c.modality
        pt = max(pt, probs.get(type_, 0.0)) if probs else pt
        conf = confidence(trig.kind, self.cfg.prior.get(trig.kind, 0.5), pt,
                          probs.get(NONE, 0.0) if probs else 0.0, roles,
                          clause_depth(p, trig.head, self.lex.reporting_verbs))
        # A hypothetical or negated act is not what the sentence reports happened.
        conf -= self.cfg.hypothetical_penalty * mod.hypothetical + self.cfg.negated_penalty * mod.negated
        conf += self.cfg.dated_bonus * dated
        conf = round(max(0.01, conf), 3)
        if floor:
            conf = max(conf, self.cfg.min_confidence)
        if conf < self.cfg.min_confidence:
            return None
        # Implied after the confidence: an addressee nobody named is no evidence for the reading.
        index = ActorIndex(article, sentence.index) if not (roles.recipients and roles.actors) else None
        actors = roles.actors or implied_actors(p, index, trig.head, type_)
        recipients = roles.recipients or implied_recipients(p, index, trig.head, type_, actors)
        s, e = p.span(trig.tokens)
        return Event(
            article_id=article.id,
            sentence_index=sentence.index,
            type=type_,
            mode=mode,
            quad_class=self.onto.quad_class(type_),
            score=self.onto.score(type_, mode),
            cameo=self.onto.cameo(type_, mode),
            actors=[a.participant() for a in actors],
            recipients=[a.participant() for a in recipients],
            negated=mod.negated,
            hypothetical=mod.hypothetical,
            future=mod.future,
            historical=mod.historical,
            confidence=conf,
            evidence=Evidence(sentence.text, sentence.start, sentence.end, Span(article.text[s:e], s, e)),
            symmetric=roles.symmetric,
        )
