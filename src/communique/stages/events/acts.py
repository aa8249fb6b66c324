"""One event per act: which coded triggers of a sentence describe the same act, and which speaks for it.

Rules in ``data/acts.yaml``, applied to the converted triggers of one sentence in this order:

1. a support verb yields to the event noun it takes as object, or qualifies as a participle or
   relative clause ("the pact signed with Qatar"; the clauses of ``triggers.yaml`` qualifiers),
   when the noun is of another type ("signed a trade agreement" is one AGREE, "struck a deal" no
   ASSAULT): the noun takes the verb's actors;
2. a nominal trigger inside the phrase of a verbal trigger of the same type merges into it, and
   so does one with nobody attached (its actors join the verb's);
3. a commitment ("vowed to", "is ready to", "pledged to") and the act in its complement are one
   act: a cooperative act is what is promised, so the commitment (AGREE) speaks for it and takes
   its recipients ("pledged to send aid to Kyiv"); a hostile act is the content of a threat, so
   the act (converted to THREATEN) speaks and the commitment is dropped ("vowed to strike").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from communique.core.parse import Parse
from communique.core.resources import YamlDoc
from communique.stages.events.conversions import Coded, load_rules, ultimatum_demand
from communique.stages.events.lexicon import Lexicon, load_lexicon
from communique.stages.events.modality import governor
from communique.stages.events.ontology import Ontology, load_ontology, plover_types
from communique.stages.events.roles import UNDERGO_VERBS, Roles, finish, participant_key
from communique.stages.events.rules import load_yaml, words
from communique.stages.events.triggers import qualifies

VERBAL = ("verb", "pair")


@dataclass(frozen=True)
class ActRules:
    """The word lists of ``data/acts.yaml``."""

    support_verbs: frozenset[str]
    object_deps: frozenset[str]
    commitment_types: frozenset[str]
    promised_quads: frozenset[str]


def parse_acts(doc: YamlDoc) -> ActRules:
    """Return the act rules of an acts file (E302 at the line of a bad list or type)."""
    quads = words(doc, "commitment", "promised_quads")
    known = load_ontology().quad_classes
    for n, q in enumerate(doc["commitment"]["promised_quads"]):
        if q not in known:
            raise doc.fail(f"unknown quad class '{q}' (one of {', '.join(known)})", "commitment", "promised_quads", n)
    return ActRules(words(doc, "support_verbs"), words(doc, "object_deps"),
                    plover_types(doc, "commitment", "types"), quads)


@lru_cache(maxsize=1)
def load_acts() -> ActRules:
    """Return the packaged act rules (read once)."""
    return parse_acts(load_yaml("acts.yaml"))


class Acts:
    """Folds the coded triggers of one sentence into one event per act (see the module docstring)."""

    def __init__(self, ontology: Ontology | None = None, rules: ActRules | None = None,
                 lexicon: Lexicon | None = None):
        self.onto = ontology or load_ontology()
        self.rules = rules or load_acts()
        self.lex = lexicon or load_lexicon()
        self.ultimatum_verbs = load_rules().ultimatum_verbs

    def merge(self, p: Parse, coded: list[Coded]) -> list[Coded]:
        """Return ``coded`` with one coded trigger per act, in sentence order of the survivors."""
        coded = self.support_verbs(p, coded)
        coded = self.nominal(p, coded)
        coded = self.ultimatums(p, coded)
        return self.commitments(p, coded)

    def ultimatums(self, p: Parse, coded: list[Coded]) -> list[Coded]:
        """Return ``coded`` with each ultimatum one act: the penalty threatened ("gave the forces two
        days to pull out or face expulsion", coded THREATEN by conversions.py) speaks for the demanded
        act ("pull out", not done by the side that demands it) and for the verb that sets the demand
        ("gave", "ordered"); their types, and the demand it is (REQUEST), back it."""
        out = list(coded)
        dropped: set[int] = set()
        for n, c in enumerate(coded):
            if c.type != "THREATEN" or c.trigger.kind != "noun" or n in dropped:
                continue
            act, demand = ultimatum_demand(p, c.trigger.head, self.ultimatum_verbs)
            if act is None:
                continue
            parts = {act, demand}
            folded = [k for k, o in enumerate(coded) if k != n and o.trigger.head in parts]
            dropped.update(folded)
            merged = c.merged + tuple(t for k in folded for t in _types(coded[k]))
            if demand is not None:
                merged += ("REQUEST",)
            out[n] = replace(c, merged=tuple(dict.fromkeys(merged)))
        return [c for n, c in enumerate(out) if n not in dropped]

    def support_verbs(self, p: Parse, coded: list[Coded]) -> list[Coded]:
        """Return ``coded`` with each support verb dropped in favour of its event noun of another type."""
        nouns = {c.trigger.head: c for c in coded if c.trigger.kind == "noun"}
        dropped: set[int] = set()
        out = list(coded)
        for n, c in enumerate(out):
            v = c.trigger
            if v.kind not in VERBAL or p.lemma(v.head) not in self.rules.support_verbs:
                continue
            objs = [k for k in p.children(v.head) if p[k].dep in self.rules.object_deps and k in nouns]
            h = p.head(v.head)
            qualified = h is not None and h in nouns and qualifies(self.lex, p, v.head)
            if qualified:
                objs.append(h)  # "the pact signed with Qatar": the verb's clause qualifies its noun
            obj = next((nouns[k] for k in objs if nouns[k].type != c.type), None)
            if obj is not None and p.lemma(v.head) in UNDERGO_VERBS and "conflict" not in self.onto.quad_class(obj.type):
                # Only a hostile act is undergone: "received threats from X" is the threat, "received a
                # call from X" is still the meeting.
                obj = None
            if obj is None:
                continue
            dropped.add(n)
            j = out.index(obj)
            # A noun qualified by its act's clause is told by that clause: "the pact signed on March 4
            # would create jobs" is a signing that happened, not a hypothetical pact.
            mod = c.modality if qualified and obj.trigger.head == h else obj.modality
            # An act undergone ("received threats from Colombia") keeps the noun's roles: the verb's
            # subject is already its recipient.
            roles = obj.roles if p.lemma(v.head) in UNDERGO_VERBS else finish(Roles(
                c.roles.actors + obj.roles.actors, obj.roles.recipients + c.roles.recipients,
                symmetric=obj.roles.symmetric))
            out[j] = replace(obj, roles=roles, merged=obj.merged + _types(c), modality=mod)
        return [c for n, c in enumerate(out) if n not in dropped]

    def nominal(self, p: Parse, coded: list[Coded]) -> list[Coded]:
        """Return ``coded`` with each nominal trigger folded into a verbal trigger that governs it,
        when both are the same event or the noun has nobody attached (its actors join the verb's)."""
        verbs = {c.trigger.head: c for c in coded if c.trigger.kind in VERBAL}
        out = []
        for c in coded:
            if c.trigger.kind == "noun":
                anc = p.ancestors(c.trigger.head)[:3]
                host = next((verbs[a] for a in anc if a in verbs), None)
                if host is not None and (host.type == c.type or not c.roles.actors):
                    # Same event described twice, or an object of another act with nobody attached.
                    # The noun's recipients come along when it is the same event: a symmetric noun
                    # ("the meeting of A and B") has put its second party there (roles.finish).
                    same = host.type == c.type
                    # A noun's actor that the verb names as its recipient stays the recipient: in
                    # "issued an ultimatum to Damascus warning of ..." the parser made Damascus a
                    # compound of "warning"; the verb's phrase tells who receives. Only for a noun
                    # inside the phrase of the verb's recipient (here "an ultimatum to ..."), and not
                    # for a symmetric act, whose recipients are only the parties named after the first.
                    inside = any(c.trigger.head in p.subtree(k) for k in host.roles.recipient_heads)
                    received = {participant_key(x) for x in host.roles.recipients} if inside and not host.roles.symmetric \
                        else set()
                    actors = host.roles.actors + [a for a in c.roles.actors
                                                  if all(a is not x for x in host.roles.actors)
                                                  and participant_key(a) not in received]
                    recipients = host.roles.recipients + [a for a in c.roles.recipients if same and all(
                        a is not x for x in host.roles.recipients)]
                    merged = finish(Roles(actors, recipients, symmetric=host.roles.symmetric and (
                        c.roles.symmetric or not same)))
                    host.roles.actors[:], host.roles.recipients[:] = merged.actors, merged.recipients
                    host.roles.symmetric = merged.symmetric
                    continue
            out.append(c)
        return out

    def commitments(self, p: Parse, coded: list[Coded]) -> list[Coded]:
        """Return ``coded`` with each commitment and the act in its complement folded into one."""
        heads = {c.trigger.head: n for n, c in enumerate(coded)
                 if c.type in self.rules.commitment_types and c.read_as in self.rules.commitment_types}
        if not heads:
            return coded
        out = list(coded)
        dropped: set[int] = set()
        for n, c in enumerate(coded):
            g = governor(p, c.trigger.head)
            if g is None or g not in heads or heads[g] == n or heads[g] in dropped:
                continue
            k = heads[g]
            promise = out[k]
            if self.onto.quad_class(c.type) in self.rules.promised_quads:
                # "pledged to send aid to Kyiv": one AGREE, addressed to the act's recipients.
                dropped.add(n)
                actors = promise.roles.actors or c.roles.actors
                out[k] = replace(promise, roles=finish(Roles(list(actors), promise.roles.recipients + c.roles.recipients,
                                                             symmetric=promise.roles.symmetric)),
                                 merged=promise.merged + _types(c))
            else:
                # "vowed to strike": the threat speaks; the vow is not a promise to cooperate.
                dropped.add(k)
                actors = c.roles.actors or promise.roles.actors
                out[n] = replace(c, roles=finish(Roles(list(actors), c.roles.recipients, symmetric=c.roles.symmetric)))
        return [c for n, c in enumerate(out) if n not in dropped]


def _types(c: Coded) -> tuple[str, ...]:
    """Return the types a coded trigger stands for: its own, as read and as converted, and those merged into it."""
    return tuple(dict.fromkeys((c.type, c.read_as or c.type, *c.merged)))
