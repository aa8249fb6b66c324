"""Event detection for one parsed sentence: triggers -> typed events with roles, mode, flags.

Cascade (one event per trigger, several per sentence):
1. rules: verbs and verb+dependent pairs from the lexicon; nouns in a reporting frame
   (object of a light verb, subject of an occurrence verb, "at/during the meeting", root,
   or with an actor attached); the accusation pattern "X stressed that Y is a threat";
2. each trigger's candidate readings are ranked by the embedding classifier's probabilities;
3. a nominal trigger inside the phrase of a verbal trigger of the same type merges into it;
4. with no rule trigger, a confident classifier reading yields one event on the main verb;
5. roles, mode (from the lexicon, then mode cues, then CONSULT visit/host), modality flags,
   a future cooperative act becomes AGREE, and the confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from communique.core.article import Article, Event, Evidence, Sentence, Span
from communique.core.parse import Parse
from communique.stages.events.lexicon import Lexicon, Reading, load_lexicon
from communique.stages.events.modality import Modality
from communique.stages.events.modality import detect as detect_modality
from communique.stages.events.ontology import Ontology, load_ontology
from communique.stages.events.roles import ActorIndex, Roles, finish, noun_roles, verb_roles

COOPERATIVE = ("verbal_cooperation", "material_cooperation")
NONE = "NONE"


@dataclass
class Trigger:
    """A trigger head token, the tokens of its surface span, its readings and its kind."""

    head: int
    tokens: list[int]
    readings: list[Reading]
    kind: str  # verb, pair, noun, accuse, classifier
    recipients_hint: list[int] = field(default_factory=list)


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

    # ---- triggers -------------------------------------------------------------------------
    def statements(self, p: Parse) -> set[int]:
        """Return the heads of statements that PLOVER does not code: appeals ("urged", "called on",
        "an appeal for calm"; CAMEO 02, dropped by PLOVER), denials of an allegation ("denied the
        charges") and withheld comments ("declined to comment")."""
        lex = self.lex
        out: set[int] = set()
        for t in p.tokens:
            lemma = p.lemma(t.i)
            if _is_verb(t):
                if lemma in lex.appeal_verbs or any(
                        (lemma, p.lemma(k)) in lex.appeal_pairs for k in p.children(t.i, "prep", "prt")):
                    out.add(t.i)
                elif lemma in lex.refusal_verbs and any(
                        p.lemma(k) in lex.comment_verbs for k in p.children(t.i, "xcomp")):
                    out.add(t.i)
                elif self._denial(p, t.i):
                    out.add(t.i)
            elif t.pos == "NOUN" and lemma in lex.appeal_nouns and any(
                    p.lemma(k) in ("for", "to", "on") for k in p.children(t.i, "prep")):
                out.add(t.i)
                h = p.head(t.i)
                if t.dep == "dobj" and h is not None and p.lemma(h) in lex.light_verbs:
                    out.add(h)  # "issued an appeal for calm": the light verb states it
        return out

    def triggers(self, p: Parse, index: ActorIndex, statements: set[int] | None = None) -> list[Trigger]:
        lex = self.lex
        used: set[int] = set(self.statements(p) if statements is None else statements)
        found: list[Trigger] = []
        # Verbs (pairs first).
        for t in p.tokens:
            if not _is_verb(t) or t.i in used:
                continue
            lemma = p.lemma(t.i)
            pair = self._pair(p, t.i, lex.verb_pairs)
            if pair is not None:
                k, readings = pair
                found.append(Trigger(t.i, sorted({t.i, k}), readings, "pair"))
                used.update({t.i, k})
            elif lemma in lex.verbs:
                found.append(Trigger(t.i, [t.i], list(lex.verbs[lemma]), "verb"))
                used.add(t.i)
        # Adjectival predicates of intent with a complement: "is willing to send".
        for t in p.tokens:
            if t.pos == "ADJ" and p.lemma(t.i) in lex.adjectives and p.children(t.i, "xcomp"):
                found.append(Trigger(t.i, [t.i], list(lex.adjectives[p.lemma(t.i)]), "verb"))
                used.add(t.i)
        # Nouns in a reporting frame.
        for t in p.tokens:
            if t.i in used or t.pos not in ("NOUN", "PROPN"):
                continue
            # A word inside a name ("Organization of Islamic Cooperation") is no trigger.
            if any(a.start <= t.start and t.end <= a.end and a.kind in ("igo", "organisation", "organization")
                   for a in index.actors):
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
            if readings and self._reporting_frame(p, t.i, index):
                found.append(Trigger(t.i, toks, readings, "noun"))
                used.update(toks)
        found += self._accusations(p, index, used)
        return found

    @staticmethod
    def _pair(p: Parse, v: int, pairs: dict[tuple[str, str], list[Reading]]) -> tuple[int, list[Reading]] | None:
        lemma = p.lemma(v)
        for k in sorted(p.children(v), key=lambda k: abs(k - v)):
            if p[k].dep in ("prt", "prep", "dobj", "advmod", "acomp", "dative", "compound", "xcomp", "nsubjpass"):
                if (lemma, p.lemma(k)) in pairs:
                    return k, list(pairs[(lemma, p.lemma(k))])
                if p[k].dep in ("prep", "dobj", "nsubjpass"):
                    for g in p.children(k, "pobj", "compound", "amod"):
                        if (lemma, p.lemma(g)) in pairs:
                            return g, list(pairs[(lemma, p.lemma(g))])
        return None

    def _reporting_frame(self, p: Parse, n: int, index: ActorIndex) -> bool:
        lex = self.lex
        t = p[n]
        h = p.head(n)
        if h is None or t.dep == "ROOT":
            return True
        # "a mediation effort", "peace talks process": the compound's head carries the frame.
        if t.dep == "compound" and p[h].pos == "NOUN":
            return self._reporting_frame(p, h, index)
        hl = p.lemma(h)
        if t.dep in ("dobj", "nsubjpass", "attr") and hl in lex.light_verbs:
            return True
        if t.dep in ("nsubj", "nsubjpass") and hl in lex.occurrence_verbs:
            return True
        if t.dep == "pobj" and p.lemma(h) in lex.frame_preps:
            # "during the war" dates another act; it does not report the war.
            if p.lemma(h) in ("during", "since", "after", "following", "in") and p.lemma(n) in _past_nouns():
                return False
            hh = p.head(h)
            if hh is not None and _is_verb(p[hh]):
                return True
        # An actor attached: "Turkey's support", "Russian attack", "talks between X and Y".
        for k in p.children(n, "poss", "compound", "amod"):
            if k < n and (index.within(p, p.subtree(k)) or p.lemma(k) in _agentish()):
                return True
        for prep in p.children(n, "prep"):
            if p.lemma(prep) in ("by", "between", "among"):
                return True
        return False

    def _accusations(self, p: Parse, index: ActorIndex, used: set[int]) -> list[Trigger]:
        """ "X said/stressed that <Y's act> is a threat/obstacle" -> ACCUSE, with Y as recipient."""
        lex = self.lex
        out = []
        for t in p.tokens:
            if not _is_verb(t) or p.lemma(t.i) not in lex.speech_verbs:
                continue
            for c in p.children(t.i, "ccomp"):
                sub = p.subtree(c)
                nouns = [k for k in sub if p.lemma(k) in lex.accusation_nouns and k not in used]
                if not nouns:
                    continue
                out.append(Trigger(nouns[0], [nouns[0]], [("ACCUSE", "disapprove")], "accuse",
                                   recipients_hint=[t.i, c]))
                used.add(nouns[0])
        return out

    def needs_classifier(self, article: Article, sentence: Sentence) -> bool:
        """Return True when the classifier can change this sentence's coding: several triggers, a
        trigger with several readings, a trigger with no participant (kept only if the classifier
        agrees), or none (a classifier-only event)."""
        if not sentence.parsed:
            return False
        p, index = Parse(sentence), ActorIndex(article, sentence.index)
        statements = self.statements(p)
        trigs = self.triggers(p, index, statements)
        if not trigs:
            # Only a classifier-only event is possible, and a statement at the root rules it out.
            return p.root() not in statements
        if len(trigs) != 1 or len(trigs[0].readings) > 1:
            return True
        type_ = trigs[0].readings[0][0]
        if type_ in HARM_TYPES:
            # Harm words are shared with disasters, crime and sport; the classifier's NONE vetoes them.
            return True
        roles = self._roles(p, trigs[0], type_, index)
        return not roles.actors and not roles.recipients

    # ---- events ---------------------------------------------------------------------------
    def detect(self, article: Article, sentence: Sentence, probs: dict[str, float] | None = None,
               report_year: int | None = None) -> list[Event]:
        """Return the events of ``sentence`` (empty when it is not parsed)."""
        if not sentence.parsed:
            return []
        probs = probs or {}
        p = Parse(sentence)
        index = ActorIndex(article, sentence.index)
        statements = self.statements(p)
        trigs = self.triggers(p, index, statements)
        coded: list[tuple[Trigger, str, str | None, Roles, Modality, float]] = []
        for trig in trigs:
            type_, mode = self._choose(trig.readings, probs)
            roles = self._roles(p, trig, type_, index)
            coded.append((trig, type_, mode, roles, detect_modality(p, trig.head, report_year), 0.0))
        coded = self._merge(p, coded)
        if self._accidental(p):
            # "19 people were killed when their bus plunged off a bridge": harm without a hostile agent.
            coded = [c for c in coded if not (c[1] == "ASSAULT" and not c[3].actors)]
        if not coded and p.root() not in statements:
            fallback = self._classifier_event(p, probs, index, report_year)
            if fallback:
                coded.append(fallback)
        events = []
        for trig, type_, mode, roles, mod, _ in coded:
            ev = self._event(article, sentence, p, trig, type_, mode, roles, mod, probs)
            if ev is not None:
                events.append(ev)
        return events

    def _denial(self, p: Parse, v: int) -> bool:
        """Return True for "denied the allegations" / "denied that ...": a statement, not a REJECT."""
        if p.lemma(v) not in self.lex.denial_verbs:
            return False
        if p.children(v, "ccomp"):
            return True
        return any(p.lemma(o) in self.lex.denial_objects for o in p.children(v, "dobj"))

    def _accidental(self, p: Parse) -> bool:
        words = {p.lemma(t.i) for t in p.tokens} | {t.text.lower() for t in p.tokens}
        return bool(words & self.lex.nonpolitical_causes) and not words & self.lex.hostile_cues

    def _choose(self, readings: list[Reading], probs: dict[str, float]) -> Reading:
        if len(readings) == 1 or not probs:
            return readings[0]
        return max(readings, key=lambda r: (probs.get(r[0], 0.0), -readings.index(r)))

    def _roles(self, p: Parse, trig: Trigger, type_: str, index: ActorIndex) -> Roles:
        if trig.kind == "accuse":
            speech, clause = trig.recipients_hint
            r = verb_roles(p, speech, type_, index)
            actor_keys = {(a.country, a.name) for a in r.actors}
            # Actors under "to/against" in the clause are the threatened side, not the accused.
            shielded = {j for k in p.subtree(clause) if p[k].dep == "prep" and p.lemma(k) in ("to", "against", "towards", "on")
                        for j in p.subtree(k)}
            targets = [a for a in index.within(p, [k for k in p.subtree(clause) if k not in shielded])
                       if (a.country, a.name) not in actor_keys and a.country not in {x.country for x in r.actors if x.country}]
            return finish(Roles(r.actors, targets))
        if trig.kind in ("verb", "pair", "classifier") and _is_verb(p[trig.head]):
            return finish(verb_roles(p, trig.head, type_, index))
        return finish(noun_roles(p, trig.head, type_, index))

    def _merge(self, p: Parse, coded: list) -> list:
        """Fold a nominal trigger into a verbal trigger of the same type that governs it."""
        verbs = {c[0].head: c for c in coded if c[0].kind in ("verb", "pair")}
        out = []
        for c in coded:
            trig, type_ = c[0], c[1]
            if trig.kind == "noun":
                anc = p.ancestors(trig.head)[:3]
                host = next((verbs[a] for a in anc if a in verbs), None)
                if host is not None and (host[1] == type_ or not c[3].actors):
                    # Same event described twice, or an object of another act with nobody attached.
                    for a in c[3].actors:
                        if all(a is not x for x in host[3].actors):
                            host[3].actors.append(a)
                    host[3].actors[:] = finish(Roles(host[3].actors, [])).actors
                    continue
            out.append(c)
        return out

    def _classifier_event(self, p: Parse, probs: dict[str, float], index: ActorIndex, report_year: int | None):
        if not probs:
            return None
        type_, pr = max(((k, v) for k, v in probs.items() if k != NONE), key=lambda kv: kv[1])
        if pr < self.cfg.classifier_only or probs.get(NONE, 0.0) >= pr:
            return None
        root = p.root()
        if root is None or p.lemma(root) in self.lex.speech_verbs or p.lemma(root) in SPEECH_CLAUSE:
            # "X said ...": the classifier's reading belongs to the reported content, which has
            # no trigger of its own; coding the act of saying would misplace it.
            return None
        trig = Trigger(root, [root], [(type_, None)], "classifier")
        roles = self._roles(p, trig, type_, index)
        return (trig, type_, None, roles, detect_modality(p, root, report_year), pr)

    def _event(self, article: Article, sentence: Sentence, p: Parse, trig: Trigger, type_: str,
               mode: str | None, roles: Roles, mod: Modality, probs: dict[str, float]) -> Event | None:
        pt = probs.get(type_, 0.0) if probs else 0.5
        if not roles.actors and not roles.recipients and probs and pt < self.cfg.bare_min_prob:
            return None
        mode = mode or self._mode_from_cues(p, trig, type_)
        if type_ == "CONSULT":
            mode, roles = self._visit(article, p, trig, mode, roles)
        quad = self.onto.quad_class(type_)
        if mod.negated and quad in COOPERATIVE and (mod.future or _has_aux(p, trig.head, MODAL_AUX)):
            # "will not lift the ban", "would not accept": a refusal, which PLOVER codes REJECT.
            type_, mode = "REJECT", REFUSAL_MODES.get(type_)
            mod = Modality(False, False, False, mod.historical)
            quad = self.onto.quad_class(type_)
        conditional = _has_marker(p, trig.head, ("unless",))
        if conditional and type_ not in ("THREATEN", "AGREE", "REQUEST"):
            # "will withdraw unless ...": a conditional hostile or cooperative step is a threat.
            type_, mode = "THREATEN", THREAT_MODES.get(type_)
        elif quad in COOPERATIVE and type_ != "AGREE" and (mod.future or _has_aux(p, trig.head, ("would", "will"))):
            # PLOVER: a future cooperative act is coded AGREE.
            type_, mode = "AGREE", None
        elif quad == "material_conflict" and mod.future and type_ != "MOBILIZE":
            # A hostile act announced for later ("plans to impose", "vowed to fight") is a threat.
            type_, mode = "THREATEN", THREAT_MODES.get(type_)
        if not self.onto.has_mode(type_, mode):
            mode = None
        pt = max(pt, probs.get(type_, 0.0)) if probs else pt
        conf = self.confidence(trig.kind, pt, probs.get(NONE, 0.0) if probs else 0.0, roles,
                               clause_depth(p, trig.head))
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
        )

    def confidence(self, kind: str, p_type: float, p_none: float, roles: Roles, depth: int = 0) -> float:
        """Return a probability-like confidence from the rule prior, the classifier, the roles and
        how deeply the trigger is embedded (subordinate clauses report background more often)."""
        prior = self.cfg.prior.get(kind, 0.5)
        if kind == "classifier":
            c = 0.8 * p_type
        else:
            c = 0.45 * prior + 0.55 * p_type
            c -= 0.25 * max(0.0, p_none - 0.5)
        if roles.actors:
            c += 0.08
        if roles.recipients:
            c += 0.04
        c -= 0.06 * min(depth, 3)
        return round(min(0.99, max(0.01, c)), 3)

    def _mode_from_cues(self, p: Parse, trig: Trigger, type_: str) -> str | None:
        cues = self.lex.mode_cues.get(type_)
        if not cues:
            return None
        h = p.head(trig.head)
        scope = set(p.subtree(trig.head))
        if trig.kind == "noun" and h is not None:
            scope |= set(p.subtree(h, stop=("conj", "ccomp", "advcl")))
        lemmas = {p.lemma(k) for k in scope} | {p[k].text.lower() for k in scope}
        for mode, words in cues:
            if lemmas & words:
                return mode
        return None

    def _visit(self, article: Article, p: Parse, trig: Trigger, mode: str | None,
               roles: Roles) -> tuple[str | None, Roles]:
        """CONSULT hosted in a participant's country: visitor -> actors, host -> recipients, mode visit."""
        host = self._venue_country(article, p, trig)
        people = roles.actors + roles.recipients
        if host and any(a.country == host for a in people) and any(a.country and a.country != host for a in people):
            visitors = [a for a in people if a.country != host]
            hosts = [a for a in people if a.country == host]
            return "visit", Roles(visitors, hosts)
        if mode == "visit" and not roles.recipients and host:
            return mode, roles
        return mode, roles

    def _venue_country(self, article: Article, p: Parse, trig: Trigger) -> str | None:
        """Return the country of an "in/at PLACE" phrase attached to the trigger or its verb."""
        heads = [trig.head] + ([p.head(trig.head)] if p.head(trig.head) is not None else [])
        for h in heads:
            for prep in p.children(h, "prep"):
                if p.lemma(prep) not in ("in", "at"):
                    continue
                for o in p.children(prep, "pobj"):
                    s, e = p[o].start, p[o].end
                    for place in article.places:
                        if place.start < e and s < place.end and place.country:
                            return place.country
                    for a in article.actors:
                        if a.start < e and s < a.end and a.country and a.kind in ("country", "place", "city"):
                            return a.country
        return None


HARM_TYPES = ("ASSAULT", "COERCE")
MODAL_AUX = ("will", "would", "shall", "can", "could", "wo", "ca")
REFUSAL_MODES = {"RETREAT": "yield", "CONCEDE": "change", "AID": "assist", "COOPERATE": "assist", "CONSULT": "meet",
                 "AGREE": None, "SUPPORT": None}
THREAT_MODES = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "RETREAT": "relations",
                "PROTEST": None, "REJECT": None}
SPEECH_CLAUSE = {"say", "tell", "state", "announce", "report", "add", "claim", "stress", "note", "insist",
                 "declare", "confirm", "quote", "accord", "believe", "think", "show", "reveal", "indicate"}


def clause_depth(p: Parse, i: int) -> int:
    """Return how many subordinate clauses separate token ``i`` from the main clause; the
    complement of a reporting verb ("officials said that ...") counts as the main clause."""
    depth = 0
    j = i
    for _ in range(12):
        h = p.head(j)
        if h is None:
            break
        dep = p[j].dep
        if dep in ("advcl", "relcl", "acl", "xcomp", "pcomp", "csubj") or (
                dep == "ccomp" and p.lemma(h) not in SPEECH_CLAUSE):
            depth += 1
        j = h
    return depth


def _has_marker(p: Parse, i: int, words: tuple[str, ...]) -> bool:
    """Return True when the clause of ``i`` (or a clause it heads) has a marker in ``words``."""
    heads = [i] + ([p.head(i)] if p.head(i) is not None else [])
    for h in heads:
        for k in p.children(h, "advcl"):
            if any(p.lemma(m) in words for m in p.children(k, "mark")):
                return True
    return any(p.lemma(m) in words for m in p.children(i, "mark"))


def _has_aux(p: Parse, i: int, words: tuple[str, ...]) -> bool:
    return any(p[k].text.lower() in words for k in p.children(i, "aux"))


def _is_verb(t) -> bool:
    return t.pos == "VERB" or (t.pos in ("ADJ", "NOUN") and t.tag in ("VBN", "VBD", "VBG")) or (
        t.pos == "AUX" and False)


def _past_nouns() -> frozenset[str]:
    from communique.stages.events.modality import _cues

    return _cues()["historical"]["past_nouns"]  # type: ignore[return-value]


_AGENTISH: frozenset[str] | None = None


def _agentish() -> frozenset[str]:
    global _AGENTISH
    if _AGENTISH is None:
        from communique.stages.events.roles import agent_terms

        _AGENTISH = agent_terms()
    return _AGENTISH
