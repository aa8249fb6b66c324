"""Event detection for one parsed sentence: the cascade from triggers to typed events.

It decides which coded triggers become events, and how the rule triggers and the classifier's
probabilities meet. One event per trigger, several per sentence:

1. triggers from the rules (``triggers.py``); statements PLOVER does not code trigger nothing;
2. each trigger's candidate readings are ranked by the embedding classifier's probabilities,
   and it gets its roles (``roles.py``) and modality flags (``modality.py``);
3. a nominal trigger inside the phrase of a verbal trigger of the same type merges into it;
   harm with no actor in a sentence naming an accident or disaster is dropped;
4. with no rule trigger, a confident classifier reading yields one event on the main verb;
5. PLOVER's conversions (``conversions.py``), then the confidence (``confidence.py``): events
   with no participant that the classifier does not back, or below the confidence floor, are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from communique.core.article import Article, Event, Evidence, Sentence, Span
from communique.core.parse import Parse
from communique.stages.events.confidence import clause_depth, confidence
from communique.stages.events.conversions import Coded, Conversions
from communique.stages.events.lexicon import Lexicon, Reading, load_lexicon
from communique.stages.events.modality import detect as detect_modality
from communique.stages.events.ontology import Ontology, load_ontology
from communique.stages.events.roles import ActorIndex, Roles, accusation_roles, finish, noun_roles, verb_roles
from communique.stages.events.triggers import Trigger, TriggerFinder, is_verb

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
        self.finder = TriggerFinder(self.lex)
        self.conversions = Conversions(self.onto, self.lex)

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
        coded: list[Coded] = []
        for trig in self.finder.find(p, index, statements):
            type_, mode = self.choose(trig.readings, probs)
            roles = self.roles(p, trig, type_, index)
            coded.append(Coded(trig, type_, mode, roles, detect_modality(p, trig.head, report_year)))
        coded = self.merge(p, coded)
        if self.accidental(p):
            # "19 people were killed when their bus plunged off a bridge": harm without a hostile agent.
            coded = [c for c in coded if not (c.type == "ASSAULT" and not c.roles.actors)]
        if not coded and p.root() not in statements:
            fallback = self.classifier_event(p, probs, index, report_year)
            if fallback:
                coded.append(fallback)
        events = []
        for c in coded:
            ev = self.event(article, sentence, p, c, probs)
            if ev is not None:
                events.append(ev)
        return events

    def choose(self, readings: list[Reading], probs: dict[str, float]) -> Reading:
        """Return the reading the classifier ranks highest (the lexicon's first without probabilities)."""
        if len(readings) == 1 or not probs:
            return readings[0]
        return max(readings, key=lambda r: (probs.get(r[0], 0.0), -readings.index(r)))

    def roles(self, p: Parse, trig: Trigger, type_: str, index: ActorIndex) -> Roles:
        """Return the actors and recipients of ``trig`` read as ``type_``, by the kind of trigger."""
        if trig.kind == "accuse":
            speech, clause = trig.recipients_hint
            return finish(accusation_roles(p, speech, clause, type_, index))
        if trig.kind in ("verb", "pair", "classifier") and is_verb(p[trig.head]):
            return finish(verb_roles(p, trig.head, type_, index))
        return finish(noun_roles(p, trig.head, type_, index))

    def merge(self, p: Parse, coded: list[Coded]) -> list[Coded]:
        """Return ``coded`` with each nominal trigger folded into a verbal trigger that governs it,
        when both are the same event or the noun has nobody attached (its actors join the verb's)."""
        verbs = {c.trigger.head: c for c in coded if c.trigger.kind in ("verb", "pair")}
        out = []
        for c in coded:
            if c.trigger.kind == "noun":
                anc = p.ancestors(c.trigger.head)[:3]
                host = next((verbs[a] for a in anc if a in verbs), None)
                if host is not None and (host.type == c.type or not c.roles.actors):
                    # Same event described twice, or an object of another act with nobody attached.
                    # The noun's recipients come along: a symmetric noun ("the meeting of A and B")
                    # has put its second party there (roles.finish).
                    same = host.type == c.type
                    actors = host.roles.actors + [a for a in c.roles.actors
                                                  if all(a is not x for x in host.roles.actors)]
                    recipients = host.roles.recipients + [a for a in c.roles.recipients if same and all(
                        a is not x for x in host.roles.recipients)]
                    merged = finish(Roles(actors, recipients, symmetric=host.roles.symmetric and (
                        c.roles.symmetric or not same)))
                    host.roles.actors[:], host.roles.recipients[:] = merged.actors, merged.recipients
                    host.roles.symmetric = merged.symmetric
                    continue
            out.append(c)
        return out

    def accidental(self, p: Parse) -> bool:
        """Return True when the sentence names an accident or disaster and no hostile cue."""
        words = {p.lemma(t.i) for t in p.tokens} | {t.text.lower() for t in p.tokens}
        return bool(words & self.lex.nonpolitical_causes) and not words & self.lex.hostile_cues

    def classifier_event(self, p: Parse, probs: dict[str, float], index: ActorIndex,
                         report_year: int | None) -> Coded | None:
        """Return a classifier-only trigger on the main verb when the classifier is confident of a type."""
        if not probs:
            return None
        type_, pr = max(((k, v) for k, v in probs.items() if k != NONE), key=lambda kv: kv[1])
        if pr < self.cfg.classifier_only or probs.get(NONE, 0.0) >= pr:
            return None
        root = p.root()
        if root is None or p.lemma(root) in self.lex.speech_verbs or p.lemma(root) in self.lex.reporting_verbs:
            # "X said ...": the classifier's reading belongs to the reported content, which has
            # no trigger of its own; coding the act of saying would misplace it.
            return None
        trig = Trigger(root, [root], [(type_, None)], "classifier")
        roles = self.roles(p, trig, type_, index)
        return Coded(trig, type_, None, roles, detect_modality(p, root, report_year))

    def event(self, article: Article, sentence: Sentence, p: Parse, c: Coded,
              probs: dict[str, float]) -> Event | None:
        """Return the Event of a coded trigger after PLOVER's conversions, or None when it is dropped."""
        pt = probs.get(c.type, 0.0) if probs else 0.5
        if not c.roles.actors and not c.roles.recipients and probs and pt < self.cfg.bare_min_prob:
            return None
        c = self.conversions.apply(article, p, c)
        trig, type_, mode, roles, mod = c.trigger, c.type, c.mode, c.roles, c.modality
        pt = max(pt, probs.get(type_, 0.0)) if probs else pt
        conf = confidence(trig.kind, self.cfg.prior.get(trig.kind, 0.5), pt,
                          probs.get(NONE, 0.0) if probs else 0.0, roles,
                          clause_depth(p, trig.head, self.lex.reporting_verbs))
        if conf < self.cfg.min_confidence:
            return None
        s, e = p.span(trig.tokens)
        return Event(
            article_id=article.id,
            sentence_index=sentence.index,
            type=type_,
            mode=mode,
            quad_class=self.onto.quad_class(type_),
            score=self.onto.score(type_, mode),
            cameo=self.onto.cameo(type_, mode),
            actors=[a.participant() for a in roles.actors],
            recipients=[a.participant() for a in roles.recipients],
            negated=mod.negated,
            hypothetical=mod.hypothetical,
            future=mod.future,
            historical=mod.historical,
            confidence=conf,
            evidence=Evidence(sentence.text, sentence.start, sentence.end, Span(article.text[s:e], s, e)),
            symmetric=roles.symmetric,
        )
