"""PLOVER's conversions of a coded trigger: what type and mode an act is coded as, given how it is said.

A trigger's reading says what act a word names; PLOVER codes some acts as another type
depending on their modality and clause (rules in ``data/conversions.yaml``), in this order:

1. mode: the lexicon's, else a mode cue in the trigger's phrase ("talks" -> REQUEST meet);
2. CONSULT hosted in a participant's country: visitors act, hosts receive, mode visit;
3. what the act is: ending a hostile act is a step back ("called off the strike" -> CONCEDE,
   "halted the offensive" -> RETREAT); a protest verb with a reported clause is a verbal protest
   (ACCUSE); an exercise with no partner is a show of force (MOBILIZE, not COOPERATE); the
   arrival of a carrier of aid goods is aid delivered ("a ship carrying food arrived" -> AID);
   the words of the act's arguments tell some acts apart ("withdrew its observers" -> SANCTION
   withdraw, "deployed troops on a peacekeeping mission" -> AID);
4. a cooperative act that a reported speaker says another side must do ("said Israel must
   withdraw") is a demand: REQUEST, by the speaker, addressed to that side;
5. a negated cooperative act, future, under a modal or under "failed to" -> REJECT;
6. an act under "unless" ("will withdraw unless ...") -> THREATEN;
7. else a future cooperative act ("will sign") -> AGREE, except that future concessions stay
   CONCEDE and an announced retreat ("will withdraw") is a CONCEDE;
8. else an attack that forces prepare for ("the army prepared to resume shelling") -> MOBILIZE;
9. else a future hostile act ("plans to impose sanctions", "said they would blockade") -> THREATEN;
10. a mode the final type does not have is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from communique.core.article import Article
from communique.core.parse import Parse
from communique.core.resources import YamlDoc
from communique.stages.events.lexicon import Lexicon, load_lexicon
from communique.stages.events.modality import Modality, clause_head, governor
from communique.stages.events.ontology import Ontology, load_ontology, parse_reading, plover_types
from communique.stages.events.roles import ActorIndex, Roles, finish, participant_key, verb_roles
from communique.stages.events.rules import load_yaml, table, words
from communique.stages.events.triggers import Trigger, demanded_act, is_verb

# Dependents that open a clause of their own: an argument's phrase stops there.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "cc", "punct"})


@dataclass(frozen=True)
class Coded:
    """A trigger with its chosen reading (type and mode), its roles and its modality flags.

    ``read_as`` is the type the trigger's reading named before any conversion (None: not converted yet);
    ``merged`` the types of the triggers folded into it as the same act (their classifier
    probabilities back it too).
    """

    trigger: Trigger
    type: str
    mode: str | None
    roles: Roles
    modality: Modality
    read_as: str | None = None
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConversionRules:
    """The word lists and tables of ``data/conversions.yaml``."""

    refusal_quads: frozenset[str]
    modal_aux: frozenset[str]
    refusal_modes: dict[str, str | None]
    refusal_governors: frozenset[str]
    threat_modes: dict[str, str | None]
    conditional_markers: frozenset[str]
    conditional_keep: frozenset[str]
    ultimatum_verbs: frozenset[str]
    future_coop_quads: frozenset[str]
    future_coop_aux: frozenset[str]
    future_coop_keep: frozenset[str]
    future_coop_concede: frozenset[str]
    future_conflict_quads: frozenset[str]
    future_conflict_keep: frozenset[str]
    future_conflict_aux: frozenset[str]
    preparation_governors: frozenset[str]
    preparation_types: frozenset[str]
    venue_preps: frozenset[str]
    venue_actor_kinds: frozenset[str]
    termination_verbs: frozenset[str]
    termination_pairs: frozenset[tuple[str, str]]
    termination: dict[str, tuple[str, str | None]]
    protest_types: frozenset[str]
    exercise_nouns: frozenset[str]
    joint_cues: frozenset[str]
    demand_quads: frozenset[str]
    demand_aux: frozenset[str]
    demand_governors: frozenset[str]
    demand_speech: frozenset[str]
    request_modes: dict[str, str | None]
    delivery_types: frozenset[str] = frozenset()
    carriers: frozenset[str] = frozenset()
    cargo_verbs: frozenset[str] = frozenset()
    goods: frozenset[str] = frozenset()
    argument_cues: tuple[ArgumentCue, ...] = ()


@dataclass(frozen=True)
class ArgumentCue:
    """One row of ``argument_cues``: readings (type, or type and mode) that a cue word among the
    trigger's arguments turns into another reading."""

    readings: frozenset[tuple[str, str | None]]
    deps: frozenset[str]
    cues: frozenset[str]
    becomes: tuple[str, str | None]
    steps: int = 3

    def applies(self, type_: str, mode: str | None) -> bool:
        """Return True when the reading ``type_``/``mode`` is one this row converts."""
        return (type_, None) in self.readings or (type_, mode) in self.readings


def _argument_cues(doc: YamlDoc, *keys: str) -> tuple[ArgumentCue, ...]:
    """Return the rows of ``argument_cues`` (E302 at the line of an unknown type or mode)."""
    rows = []
    for n in range(len(doc.node(*keys))):
        at = (*keys, n)
        readings = frozenset(parse_reading(doc, str(r), *at, "types", k)
                             for k, r in enumerate(doc.node(*at, "types")))
        becomes = parse_reading(doc, str(doc.node(*at, "becomes")), *at, "becomes")
        steps = doc.node(*at).get("steps", 3)
        if not isinstance(steps, int) or steps < 0:
            raise doc.fail("steps must be a whole number >= 0", *at, "steps")
        rows.append(ArgumentCue(readings, words(doc, *at, "deps"), words(doc, *at, "cues"), becomes, steps))
    return tuple(rows)


def _quads(doc: YamlDoc, *keys: str) -> frozenset[str]:
    quads = words(doc, *keys)
    known = load_ontology().quad_classes
    for n, q in enumerate(doc.node(*keys)):
        if q not in known:
            raise doc.fail(f"unknown quad class '{q}' (one of {', '.join(known)})", *keys, n)
    return quads


def _modes(doc: YamlDoc, target: str, *keys: str) -> dict[str, str | None]:
    """Return a table type -> mode of ``target`` (each key a PLOVER type, each value a ``target`` mode)."""
    out = table(doc, *keys)
    for type_, mode in out.items():
        parse_reading(doc, type_, *keys, type_)
        if mode is not None:
            parse_reading(doc, f"{target}:{mode}", *keys, type_)
    return out


def _readings(doc: YamlDoc, *keys: str) -> dict[str, tuple[str, str | None]]:
    """Return a table type -> reading ("TYPE" or "TYPE:mode"), both sides checked against the ontology."""
    out = {}
    for type_, reading in table(doc, *keys).items():
        parse_reading(doc, type_, *keys, type_)
        if reading is None:
            raise doc.fail(f"'{type_}' needs a reading (TYPE or TYPE:mode)", *keys, type_)
        out[type_] = parse_reading(doc, reading, *keys, type_)
    return out


def parse_rules(doc: YamlDoc) -> ConversionRules:
    """Return the conversion rules of a conversions file (E302 at the line of a bad type, mode or list)."""
    return ConversionRules(
        refusal_quads=_quads(doc, "refusal", "quads"),
        modal_aux=words(doc, "refusal", "modal_aux"),
        refusal_modes=_modes(doc, "REJECT", "refusal", "modes"),
        refusal_governors=words(doc, "refusal", "governors"),
        threat_modes=_modes(doc, "THREATEN", "threat_modes"),
        conditional_markers=words(doc, "conditional", "markers"),
        conditional_keep=plover_types(doc, "conditional", "keep"),
        ultimatum_verbs=words(doc, "conditional", "ultimatum_verbs"),
        future_coop_quads=_quads(doc, "future_cooperation", "quads"),
        future_coop_aux=words(doc, "future_cooperation", "aux"),
        future_coop_keep=plover_types(doc, "future_cooperation", "keep"),
        future_coop_concede=plover_types(doc, "future_cooperation", "concede"),
        future_conflict_quads=_quads(doc, "future_conflict", "quads"),
        future_conflict_keep=plover_types(doc, "future_conflict", "keep"),
        future_conflict_aux=words(doc, "future_conflict", "aux"),
        preparation_governors=words(doc, "preparation", "governors"),
        preparation_types=plover_types(doc, "preparation", "types"),
        venue_preps=words(doc, "visit", "venue_preps"),
        venue_actor_kinds=words(doc, "visit", "venue_actor_kinds"),
        termination_verbs=frozenset(w for w in words(doc, "termination", "verbs") if " " not in w),
        termination_pairs=frozenset((w.split()[0], w.split()[-1]) for w in words(doc, "termination", "verbs")
                                    if " " in w),
        termination=_readings(doc, "termination", "becomes"),
        protest_types=plover_types(doc, "verbal_protest", "types"),
        exercise_nouns=words(doc, "exercise", "nouns"),
        joint_cues=words(doc, "exercise", "joint_cues"),
        demand_quads=_quads(doc, "demand", "quads"),
        demand_aux=words(doc, "demand", "aux"),
        demand_governors=words(doc, "demand", "governors"),
        demand_speech=words(doc, "demand", "speech_plus"),
        request_modes=_modes(doc, "REQUEST", "demand", "modes"),
        delivery_types=plover_types(doc, "delivery", "types"),
        carriers=words(doc, "delivery", "carriers"),
        cargo_verbs=words(doc, "delivery", "cargo_verbs"),
        goods=words(doc, "delivery", "goods"),
        argument_cues=_argument_cues(doc, "argument_cues"),
    )


@lru_cache(maxsize=1)
def load_rules() -> ConversionRules:
    """Return the packaged conversion rules (read once)."""
    return parse_rules(load_yaml("conversions.yaml"))


class Conversions:
    """Applies PLOVER's conversions to coded triggers; stateless apart from its loaded rules."""

    def __init__(self, ontology: Ontology | None = None, lexicon: Lexicon | None = None,
                 rules: ConversionRules | None = None):
        self.onto = ontology or load_ontology()
        self.lex = lexicon or load_lexicon()
        self.rules = rules or load_rules()
        self.speakers = self.lex.speech_verbs | self.lex.reporting_verbs | self.rules.demand_speech

    def apply(self, article: Article, p: Parse, c: Coded, index: ActorIndex) -> Coded:
        """Return ``c`` coded as PLOVER codes it: its mode completed, then converted (see the module cascade)."""
        if c.read_as is not None:
            return c  # already converted
        r, trig, type_, roles, mod = self.rules, c.trigger, c.type, c.roles, c.modality
        mode = c.mode or self.mode_from_cues(p, trig, type_)
        if type_ == "CONSULT":
            mode, roles = self.visit(article, p, trig, mode, roles)
        read, (type_, mode) = type_, self.what_act(p, trig, type_, mode, roles)
        if type_ != read and is_verb(p[trig.head]):
            # The act is another type than the word's reading ("peacekeepers arrived in Juba" is
            # aid, not a visit): its roles are read for that type when that finds more.
            again = finish(verb_roles(p, trig.head, type_, index))
            if len(again.actors) + len(again.recipients) > len(roles.actors) + len(roles.recipients):
                roles = again
        quad = self.onto.quad_class(type_)
        speaker = self.demanding_speaker(p, trig) if quad in r.demand_quads else None
        if speaker is not None:
            # "X said Y must withdraw": X demands it of Y.
            roles = self.demand_roles(p, speaker, roles, index)
            type_, mode = "REQUEST", r.request_modes.get(type_)
            mod = Modality(False, False, False, mod.historical)
        elif mod.negated and quad in r.refusal_quads and (
                mod.future or self.has_aux(p, trig, r.modal_aux) or self.governed_by(p, trig, r.refusal_governors)):
            # "will not lift the ban", "would not accept", "failed to reach agreement": a refusal (REJECT).
            type_, mode = "REJECT", r.refusal_modes.get(type_)
            mod = Modality(False, False, False, mod.historical)
        elif (_has_marker(p, trig.head, r.conditional_markers) or _ultimatum(p, trig, r.ultimatum_verbs)) and (
                type_ not in r.conditional_keep):
            # "will withdraw unless ...", "leave or face expulsion": a conditional step is a threat.
            type_, mode = "THREATEN", r.threat_modes.get(type_)
            if trig.kind == "noun":
                roles = self.ultimatum_roles(p, trig, roles, index)
        elif quad in r.future_coop_quads and type_ != "AGREE" and type_ not in r.future_coop_keep and (
                mod.future or self.has_aux(p, trig, r.future_coop_aux)):
            if type_ in r.future_coop_concede:
                # PLOVER: an announced retreat ("will withdraw troops") is a CONCEDE.
                type_, mode = "CONCEDE", None
            else:
                # PLOVER: a future cooperative act is coded AGREE: the promise is what happened.
                type_, mode = "AGREE", None
            mod = Modality(mod.negated, True, False, mod.historical)
        elif type_ in r.preparation_types and self.governed_by(p, trig, r.preparation_governors):
            # "the army prepared to resume shelling": a show of readiness short of force.
            type_, mode = "MOBILIZE", None
        elif quad in r.future_conflict_quads and type_ not in r.future_conflict_keep and (
                mod.future or self.has_aux(p, trig, r.future_conflict_aux)):
            # A hostile act announced for later ("plans to impose", "vowed to fight") is a threat,
            # and the threat is what happened.
            type_, mode = "THREATEN", r.threat_modes.get(type_)
            mod = Modality(mod.negated, True, False, mod.historical)
        if not self.onto.has_mode(type_, mode):
            mode = None
        return replace(c, type=type_, mode=mode, roles=roles, modality=mod, read_as=c.type)

    def what_act(self, p: Parse, trig: Trigger, type_: str, mode: str | None,
                 roles: Roles) -> tuple[str, str | None]:
        """Return the type and mode of the act itself: an ended hostile act, a verbal protest, a lone exercise."""
        r = self.rules
        if trig.kind == "noun" and type_ in r.termination and self.terminated(p, trig.head):
            # "called off the strike", "halted the offensive": the act is the step back.
            return r.termination[type_]
        if type_ in r.protest_types and is_verb(p[trig.head]) and p.children(trig.head, "ccomp"):
            # "a rights group protested that ...": a statement of disapproval, not a demonstration.
            return "ACCUSE", "disapprove"
        if type_ in r.delivery_types and self.delivery(p, trig):
            # "a ship carrying food arrived in Port Sudan": aid delivered, not a visit.
            return "AID", None
        if type_ == "COOPERATE" and self.lone_exercise(p, trig, roles):
            # PLOVER: joint exercises are COOPERATE, a single country's are MOBILIZE.
            return "MOBILIZE", None
        for row in r.argument_cues:
            if row.applies(type_, mode) and self.argument_words(p, trig, row.deps, row.steps) & row.cues:
                # "withdrew its observers" (SANCTION withdraw), "peacekeepers arrived" (AID).
                return row.becomes
        return type_, mode

    @staticmethod
    def argument_words(p: Parse, trig: Trigger, deps: frozenset[str], steps: int = 3) -> set[str]:
        """Return the lemmas and lower-cased words of the trigger's arguments: its tokens' dependents
        whose dep is in ``deps`` ("of": the object of an "of" phrase) and their own "of" phrases, each
        with its phrase down to ``steps`` steps, clauses aside ("the first deployment of NATO
        peacekeeping troops")."""
        todo = [k for t in trig.tokens for k in p.children(t) if p[k].dep in deps]
        if "of" in deps:
            todo += [g for t in trig.tokens for k in p.children(t, "prep") if p.lemma(k) == "of"
                     for g in p.children(k, "pobj")]
        # The "of" phrase of an argument is what it is a part or amount of ("captured part of the
        # stronghold", "withdrew hundreds of observers"): an argument too.
        todo += [g for k in todo for pr in p.children(k, "prep") if p.lemma(pr) == "of" for g in p.children(pr, "pobj")]
        found: set[int] = set(todo)
        for _ in range(steps):
            todo = [g for k in todo for g in p.children(k) if p[g].dep not in CLAUSE_DEPS and g not in found]
            found.update(todo)
        return {p.lemma(k) for k in found} | {p[k].text.lower() for k in found}

    def terminated(self, p: Parse, n: int) -> bool:
        """Return True when noun ``n`` is the object of a verb that ends it ("ended the strike")."""
        h = p.head(n)
        if h is None or p[n].dep not in ("dobj", "nsubjpass"):
            return False
        lemma = p.lemma(h)
        if lemma in self.rules.termination_verbs:
            return True
        return any((lemma, p.lemma(k)) in self.rules.termination_pairs for k in p.children(h, "prt"))

    def delivery(self, p: Parse, trig: Trigger) -> bool:
        """Return True when the trigger's subject is a carrier of aid goods ("a ship carrying food arrived")."""
        r = self.rules
        for subj in p.children(trig.head, "nsubj"):
            if p.lemma(subj) not in r.carriers:
                continue
            for v in p.children(subj, "acl", "relcl"):
                if p.lemma(v) not in r.cargo_verbs:
                    continue
                # The cargo, also through an amount ("2,000 tonnes of food") or a conjunct ("food and medicine").
                todo = list(p.children(v, "dobj", "prep"))
                for _ in range(4):
                    if any(p.lemma(k) in r.goods for k in todo):
                        return True
                    todo = [g for k in todo for g in p.children(k, "prep", "pobj", "conj")]
        return False

    def lone_exercise(self, p: Parse, trig: Trigger, roles: Roles) -> bool:
        """Return True for an exercise (drill, manoeuvre) with no partner: no joint cue, one country."""
        r = self.rules
        nouns = [k for k in trig.tokens + [g for t in trig.tokens for g in p.children(t, "dobj")]
                 if p.lemma(k) in r.exercise_nouns]
        if not nouns:
            return False
        scope = set(trig.tokens)
        for k in nouns + [trig.head]:
            scope |= set(p.children(k))
        if any(p.lemma(k) in r.joint_cues for k in scope):
            return False
        countries = {a.country for a in roles.actors + roles.recipients if a.country}
        return len(countries) < 2

    def demanding_speaker(self, p: Parse, trig: Trigger) -> int | None:
        """Return the speech verb of "X said (that) Y must/should/has to <act>", or None."""
        v = clause_head(p, trig.head)
        while p[v].dep == "conj" and p.head(v) is not None and is_verb(p[p.head(v)]):
            v = p.head(v)  # "must ensure security and provide food": the conjunct shares the modal
        clause = v
        if not any(p[k].text.lower() in self.rules.demand_aux for k in p.children(v, "aux")):
            g = governor(p, trig.head)
            if g is None or p.lemma(g) not in self.rules.demand_governors:
                return None
            clause = g
        h = p.head(clause)
        if p[clause].dep == "ccomp" and h is not None and p.lemma(h) in self.speakers:
            return h
        return None

    @staticmethod
    def demand_roles(p: Parse, speaker: int, roles: Roles, index: ActorIndex) -> Roles:
        """Return the roles of a reported demand: the speaker demands, the side that must act receives."""
        said = verb_roles(p, speaker, "REQUEST", index)
        return finish(Roles(said.actors, roles.actors))

    def ultimatum_roles(self, p: Parse, trig: Trigger, roles: Roles, index: ActorIndex) -> Roles:
        """Return the roles of an ultimatum's penalty ("gave the aid workers ten days to leave or face
        expulsion"): whoever sets the demand threatens, its addressee (the object, dative or passive
        subject of the demanding verb) receives; ``roles`` when no verb sets the demand."""
        _, g = ultimatum_demand(p, trig.head, self.rules.ultimatum_verbs)
        if g is None:
            return roles
        said = verb_roles(p, g, "THREATEN", index)
        actors = said.actors or roles.actors
        keys = {participant_key(a) for a in actors}
        addressees = [a for a in said.recipients if participant_key(a) not in keys]
        if not addressees:
            return roles
        return finish(Roles(list(actors), addressees))

    def has_aux(self, p: Parse, trig: Trigger, aux: frozenset[str]) -> bool:
        """Return True when the trigger, or the verb of its clause, has an auxiliary in ``aux``
        (by its text, lower-cased: "wo" of "won't"): "would not provide support"."""
        heads = {trig.head, clause_head(p, trig.head)}
        return any(_has_aux(p, h, aux) for h in heads)

    @staticmethod
    def governed_by(p: Parse, trig: Trigger, lemmas: frozenset[str]) -> bool:
        """Return True when the trigger's clause is controlled by a verb in ``lemmas`` ("failed to reach")."""
        g = governor(p, trig.head)
        return g is not None and p.lemma(g) in lemmas

    def mode_from_cues(self, p: Parse, trig: Trigger, type_: str) -> str | None:
        """Return the mode that a cue word in the trigger's phrase gives ``type_`` ("demanded talks" -> meet)."""
        cues = self.lex.mode_cues.get(type_)
        if not cues:
            return None
        h = p.head(trig.head)
        scope = set(p.subtree(trig.head))
        if trig.kind == "noun" and h is not None:
            scope |= set(p.subtree(h, stop=("conj", "ccomp", "advcl")))
        lemmas = {p.lemma(k) for k in scope} | {p[k].text.lower() for k in scope}
        for mode, cue_words in cues:
            if lemmas & cue_words:
                return mode
        return None

    def visit(self, article: Article, p: Parse, trig: Trigger, mode: str | None,
              roles: Roles) -> tuple[str | None, Roles]:
        """Return the mode and roles of a CONSULT: hosted in a participant's country, the visitors act,
        the hosts receive, and the mode is visit; otherwise unchanged."""
        host = self.venue_country(article, p, trig)
        people = roles.actors + roles.recipients
        if host and any(a.country == host for a in people) and any(a.country and a.country != host for a in people):
            visitors = [a for a in people if a.country != host]
            hosts = [a for a in people if a.country == host]
            return "visit", Roles(visitors, hosts)
        return mode, roles

    def venue_country(self, article: Article, p: Parse, trig: Trigger) -> str | None:
        """Return the country of an "in/at PLACE" phrase attached to the trigger or its verb (from
        ``article.places``, else from a country, place or city in ``article.actors``)."""
        heads = [trig.head] + ([p.head(trig.head)] if p.head(trig.head) is not None else [])
        for h in heads:
            for prep in p.children(h, "prep"):
                if p.lemma(prep) not in self.rules.venue_preps:
                    continue
                for o in p.children(prep, "pobj"):
                    s, e = p[o].start, p[o].end
                    for place in article.places:
                        if place.start < e and s < place.end and place.country:
                            return place.country
                    for a in article.actors:
                        if a.start < e and s < a.end and a.country and a.kind in self.rules.venue_actor_kinds:
                            return a.country
        return None


def _has_marker(p: Parse, i: int, markers: frozenset[str]) -> bool:
    """Return True when the clause of ``i`` (or a clause it heads) has a marker in ``markers``."""
    heads = [i] + ([p.head(i)] if p.head(i) is not None else [])
    for h in heads:
        for k in p.children(h, "advcl"):
            if any(p.lemma(m) in markers for m in p.children(k, "mark")):
                return True
    return any(p.lemma(m) in markers for m in p.children(i, "mark"))


def _ultimatum(p: Parse, trig: Trigger, verbs: frozenset[str]) -> bool:
    """Return True when noun trigger ``trig`` is the penalty of an ultimatum: the object of a verb in
    ``verbs`` joined by "or" to the act demanded ("register their shops or face expulsion")."""
    return trig.kind == "noun" and demanded_act(p, trig.head, verbs) is not None


def ultimatum_demand(p: Parse, head: int, verbs: frozenset[str]) -> tuple[int | None, int | None]:
    """Return (the act that the penalty noun ``head`` of an ultimatum demands, the verb that sets the
    demand, or None); (None, None) when ``head`` is no ultimatum's penalty."""
    act = demanded_act(p, head, verbs)
    return act, (None if act is None else demanding_verb(p, act))


def demanding_verb(p: Parse, act: int) -> int | None:
    """Return the verb that sets the demand of ultimatum act ``act``, or None: the verb whose complement
    it is ("told the journalists to leave", "ordered them to close") or the verb of the time limit it
    qualifies ("gave the workers ten days to leave", "gave them a week to register")."""
    h = p.head(act)
    if h is None:
        return None
    if p[act].dep in ("xcomp", "advcl", "ccomp") and is_verb(p[h]):
        return h
    g = p.head(h)
    if p[act].dep in ("relcl", "acl") and p[h].dep in ("npadvmod", "dobj", "dative") and g is not None and is_verb(p[g]):
        return g
    return None


def _has_aux(p: Parse, i: int, aux: frozenset[str]) -> bool:
    """Return True when token ``i`` has an auxiliary in ``aux`` (by its text, lower-cased: "wo" of "won't")."""
    return any(p[k].text.lower() in aux for k in p.children(i, "aux"))
