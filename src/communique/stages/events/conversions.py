"""PLOVER's conversions of a coded trigger: what type and mode an act is coded as, given how it is said.

A trigger's reading says what act a word names; PLOVER codes some acts as another type
depending on their modality and clause (rules in ``data/conversions.yaml``), in this order:

1. mode: the lexicon's, else a mode cue in the trigger's phrase ("talks" -> REQUEST meet);
2. CONSULT hosted in a participant's country: visitors act, hosts receive, mode visit;
3. a negated cooperative act, future or under a modal ("will not lift the ban") -> REJECT;
4. an act under "unless" ("will withdraw unless ...") -> THREATEN;
5. else a future cooperative act ("will sign") -> AGREE;
6. else a future hostile act ("plans to impose sanctions") -> THREATEN;
7. a mode the final type does not have is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from communique.core.article import Article
from communique.core.parse import Parse
from communique.core.resources import YamlDoc
from communique.stages.events.lexicon import Lexicon, load_lexicon
from communique.stages.events.modality import Modality
from communique.stages.events.ontology import Ontology, load_ontology, parse_reading, plover_types
from communique.stages.events.roles import Roles
from communique.stages.events.rules import load_yaml, table, words
from communique.stages.events.triggers import Trigger


@dataclass(frozen=True)
class Coded:
    """A trigger with its chosen reading (type and mode), its roles and its modality flags."""

    trigger: Trigger
    type: str
    mode: str | None
    roles: Roles
    modality: Modality


@dataclass(frozen=True)
class ConversionRules:
    """The word lists and tables of ``data/conversions.yaml``."""

    refusal_quads: frozenset[str]
    modal_aux: frozenset[str]
    refusal_modes: dict[str, str | None]
    threat_modes: dict[str, str | None]
    conditional_markers: frozenset[str]
    conditional_keep: frozenset[str]
    future_coop_quads: frozenset[str]
    future_coop_aux: frozenset[str]
    future_conflict_quads: frozenset[str]
    future_conflict_keep: frozenset[str]
    venue_preps: frozenset[str]
    venue_actor_kinds: frozenset[str]


def _quads(doc: YamlDoc, *keys: str) -> frozenset[str]:
    quads = words(doc, *keys)
    known = load_ontology().quad_classes
    listed = doc.data
    for k in keys:
        listed = listed[k]
    for n, q in enumerate(listed):
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


def parse_rules(doc: YamlDoc) -> ConversionRules:
    """Return the conversion rules of a conversions file (E302 at the line of a bad type, mode or list)."""
    return ConversionRules(
        refusal_quads=_quads(doc, "refusal", "quads"),
        modal_aux=words(doc, "refusal", "modal_aux"),
        refusal_modes=_modes(doc, "REJECT", "refusal", "modes"),
        threat_modes=_modes(doc, "THREATEN", "threat_modes"),
        conditional_markers=words(doc, "conditional", "markers"),
        conditional_keep=plover_types(doc, "conditional", "keep"),
        future_coop_quads=_quads(doc, "future_cooperation", "quads"),
        future_coop_aux=words(doc, "future_cooperation", "aux"),
        future_conflict_quads=_quads(doc, "future_conflict", "quads"),
        future_conflict_keep=plover_types(doc, "future_conflict", "keep"),
        venue_preps=words(doc, "visit", "venue_preps"),
        venue_actor_kinds=words(doc, "visit", "venue_actor_kinds"),
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

    def apply(self, article: Article, p: Parse, c: Coded) -> Coded:
        """Return ``c`` coded as PLOVER codes it: its mode completed, then converted (see the module cascade)."""
        r, trig, type_, roles, mod = self.rules, c.trigger, c.type, c.roles, c.modality
        mode = c.mode or self.mode_from_cues(p, trig, type_)
        if type_ == "CONSULT":
            mode, roles = self.visit(article, p, trig, mode, roles)
        quad = self.onto.quad_class(type_)
        if mod.negated and quad in r.refusal_quads and (mod.future or _has_aux(p, trig.head, r.modal_aux)):
            # "will not lift the ban", "would not accept": a refusal, which PLOVER codes REJECT.
            type_, mode = "REJECT", r.refusal_modes.get(type_)
            mod = Modality(False, False, False, mod.historical)
            quad = self.onto.quad_class(type_)
        if _has_marker(p, trig.head, r.conditional_markers) and type_ not in r.conditional_keep:
            # "will withdraw unless ...": a conditional hostile or cooperative step is a threat.
            type_, mode = "THREATEN", r.threat_modes.get(type_)
        elif quad in r.future_coop_quads and type_ != "AGREE" and (
                mod.future or _has_aux(p, trig.head, r.future_coop_aux)):
            # PLOVER: a future cooperative act is coded AGREE.
            type_, mode = "AGREE", None
        elif quad in r.future_conflict_quads and mod.future and type_ not in r.future_conflict_keep:
            # A hostile act announced for later ("plans to impose", "vowed to fight") is a threat.
            type_, mode = "THREATEN", r.threat_modes.get(type_)
        if not self.onto.has_mode(type_, mode):
            mode = None
        return replace(c, type=type_, mode=mode, roles=roles, modality=mod)

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


def _has_aux(p: Parse, i: int, aux: frozenset[str]) -> bool:
    """Return True when token ``i`` has an auxiliary in ``aux`` (by its text, lower-cased: "wo" of "won't")."""
    return any(p[k].text.lower() in aux for k in p.children(i, "aux"))
