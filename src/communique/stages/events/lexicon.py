"""The trigger lexicon loaded from ``data/triggers.yaml``: lemma -> candidate (type, mode) readings,
and the word lists the trigger rules use.

It decides which words can trigger which PLOVER readings; where a trigger reports an event is
decided in ``triggers.py``. Every reading is checked against the ontology when the file is read,
and a bad one is reported at its line (E302).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from communique.core.resources import YamlDoc
from communique.stages.events.ontology import parse_reading, plover_types
from communique.stages.events.rules import load_yaml, words

Reading = tuple[str, "str | None"]


@dataclass(frozen=True)
class Lexicon:
    """Trigger readings and the word lists the rules use."""

    verbs: dict[str, list[Reading]]
    verb_pairs: dict[tuple[str, str], list[Reading]]
    nouns: dict[str, list[Reading]]
    noun_pairs: dict[tuple[str, str], list[Reading]]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    frame_preps: frozenset[str]
    speech_verbs: frozenset[str]
    accusation_nouns: frozenset[str]
    mode_cues: dict[str, list[tuple[str, frozenset[str]]]]
    adjectives: dict[str, list[Reading]]
    nonpolitical_causes: frozenset[str] = frozenset()
    hostile_cues: frozenset[str] = frozenset()
    denial_verbs: frozenset[str] = frozenset()
    denial_clause_verbs: frozenset[str] = frozenset()
    failure_verbs: frozenset[str] = frozenset()
    # "said X was behind the attack": the preposition and the types of the act noun it governs.
    responsibility_preps: frozenset[str] = frozenset()
    responsibility_types: frozenset[str] = frozenset()
    # Verbs whose complement is an option under study ("is considering sending aid"): no event.
    deliberation_verbs: frozenset[str] = frozenset()
    denial_objects: frozenset[str] = frozenset()
    # Statements PLOVER does not code: appeals (lemmas, and verb + particle pairs), appeal nouns
    # with their prepositions, and "declined to comment" (refusal verbs with a comment-verb complement).
    appeal_verbs: frozenset[str] = frozenset()
    appeal_pairs: frozenset[tuple[str, str]] = frozenset()
    appeal_nouns: frozenset[str] = frozenset()
    appeal_preps: frozenset[str] = frozenset()
    refusal_verbs: frozenset[str] = frozenset()
    # A feeling stated: one of these verbs with one of these nouns as its object ("voiced concern").
    sentiment_verbs: frozenset[str] = frozenset()
    sentiment_nouns: frozenset[str] = frozenset()
    sentiment_carriers: frozenset[str] = frozenset()
    # Sharing a view: one of these verbs with a "with" phrase and none of the terms' prepositions.
    accord_verbs: frozenset[str] = frozenset()
    accord_terms: frozenset[str] = frozenset()
    comment_verbs: frozenset[str] = frozenset()
    # Verbs whose complement is the reported news (clause depth, classifier-only events).
    reporting_verbs: frozenset[str] = frozenset()
    # Frame prepositions that date another act when their object is a past noun.
    dating_preps: frozenset[str] = frozenset()
    # Actor kinds whose names hold no trigger.
    name_kinds: frozenset[str] = frozenset()
    # Types whose lone trigger still goes to the classifier.
    harm_types: frozenset[str] = frozenset()
    # Amount heads whose "of" phrase completes a two-word trigger ("500 tonnes of food").
    quantity_heads: frozenset[str] = frozenset()
    amount_preps: frozenset[str] = frozenset({"of"})
    amount_changes: frozenset[str] = frozenset()
    cause_verbs: frozenset[str] = frozenset()
    cause_heads: frozenset[str] = frozenset()
    cause_preps: frozenset[str] = frozenset()
    # Pronouns that, as the subject of a reported clause, stand for the speaker ("X said it would").
    speaker_pronouns: frozenset[str] = frozenset()
    # A clause on an event noun that tells its act ("the pact signed with Qatar"): the clause's
    # dependencies, the performing verbs and the verb tags (past forms) that qualify.
    qualifier_deps: frozenset[str] = frozenset()
    qualifier_verbs: frozenset[str] = frozenset()
    qualifier_tags: frozenset[str] = frozenset()
    # Nouns naming those an act harmed, and the prepositions of the act ("the victims of the bombing").
    victim_nouns: frozenset[str] = frozenset()
    victim_preps: frozenset[str] = frozenset()
    # Verb + subject noun triggers ("the soldiers left", "demonstrators packed the streets").
    subject_pairs: dict[tuple[str, str], list[Reading]] = field(default_factory=dict)
    # Deliveries: a carrier or an amount of goods sent, or arriving ("planes carrying medicines landed").
    delivery_reading: Reading | None = None
    send_verbs: frozenset[str] = frozenset()
    arrival_verbs: frozenset[str] = frozenset()
    goods: frozenset[str] = frozenset()
    carriers: frozenset[str] = frozenset()
    carrier_verbs: frozenset[str] = frozenset()


def _index(doc: YamlDoc, section: str) -> tuple[dict[str, list[Reading]], dict[tuple[str, str], list[Reading]]]:
    singles: dict[str, list[Reading]] = defaultdict(list)
    pairs: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for key, lemmas in (doc.get(section) or {}).items():
        reading = parse_reading(doc, key, section, key)
        if not isinstance(lemmas, list):
            raise doc.fail(f"'{key}' must list trigger lemmas", section, key)
        for entry in lemmas:
            entry_words = str(entry).lower().split()
            if len(entry_words) == 1:
                if reading not in singles[entry_words[0]]:
                    singles[entry_words[0]].append(reading)
            else:
                pair = (entry_words[0], entry_words[-1])
                if reading not in pairs[pair]:
                    pairs[pair].append(reading)
    return dict(singles), dict(pairs)


def _mode_cues(doc: YamlDoc) -> dict[str, list[tuple[str, frozenset[str]]]]:
    out = {}
    for type_, modes in doc["mode_cues"].items():
        for mode in modes:
            parse_reading(doc, f"{type_}:{mode}", "mode_cues", type_, mode)
        out[type_] = [(mode, words(doc, "mode_cues", type_, mode)) for mode in modes]
    return out


def parse_lexicon(doc: YamlDoc) -> Lexicon:
    """Return the lexicon of a triggers file (E302 at the line of a bad reading or list)."""
    verbs, verb_pairs = _index(doc, "verbs")
    nouns, noun_pairs = _index(doc, "nouns")
    appeals = words(doc, "appeal_verbs")
    return Lexicon(
        verbs=verbs, verb_pairs=verb_pairs, nouns=nouns, noun_pairs=noun_pairs,
        light_verbs=words(doc, "light_verbs"),
        occurrence_verbs=words(doc, "occurrence_verbs"),
        frame_preps=words(doc, "frame_preps"),
        speech_verbs=words(doc, "speech_verbs"),
        accusation_nouns=words(doc, "accusation_nouns"),
        mode_cues=_mode_cues(doc),
        adjectives=_index(doc, "adjectives")[0],
        nonpolitical_causes=words(doc, "nonpolitical_causes"),
        hostile_cues=words(doc, "hostile_cues"),
        denial_verbs=words(doc, "denial_verbs"),
        denial_clause_verbs=words(doc, "denial_clause_verbs"),
        failure_verbs=words(doc, "failure_verbs"),
        responsibility_preps=words(doc, "responsibility_preps"),
        responsibility_types=words(doc, "responsibility_types"),
        deliberation_verbs=words(doc, "deliberation_verbs"),
        denial_objects=words(doc, "denial_objects"),
        appeal_verbs=frozenset(w for w in appeals if " " not in w),
        appeal_pairs=frozenset(tuple(w.split()) for w in appeals if " " in w),
        appeal_nouns=words(doc, "appeal_nouns"),
        appeal_preps=words(doc, "appeal_preps"),
        refusal_verbs=words(doc, "refusal_verbs"),
        sentiment_verbs=words(doc, "sentiment_verbs"),
        sentiment_nouns=words(doc, "sentiment_nouns"),
        sentiment_carriers=words(doc, "sentiment_carriers"),
        accord_verbs=words(doc, "accord_verbs"),
        accord_terms=words(doc, "accord_terms"),
        comment_verbs=words(doc, "comment_verbs"),
        reporting_verbs=words(doc, "reporting_verbs"),
        dating_preps=words(doc, "dating_preps"),
        name_kinds=words(doc, "name_kinds"),
        harm_types=plover_types(doc, "harm_types"),
        quantity_heads=words(doc, "quantity_heads"),
        amount_preps=words(doc, "amount_preps"),
        amount_changes=words(doc, "amount_changes"),
        cause_verbs=words(doc, "cause_verbs"),
        cause_heads=words(doc, "cause_heads"),
        cause_preps=words(doc, "cause_preps"),
        speaker_pronouns=words(doc, "speaker_pronouns"),
        qualifier_deps=words(doc, "qualifiers", "deps"),
        qualifier_verbs=words(doc, "qualifiers", "verbs"),
        qualifier_tags=frozenset(t.upper() for t in words(doc, "qualifiers", "tags")),
        victim_nouns=words(doc, "victim_nouns"),
        victim_preps=words(doc, "victim_preps"),
        subject_pairs=_index(doc, "subject_verbs")[1],
        delivery_reading=parse_reading(doc, doc["deliveries"]["type"], "deliveries", "type"),
        send_verbs=words(doc, "deliveries", "send_verbs"),
        arrival_verbs=words(doc, "deliveries", "arrival_verbs"),
        goods=words(doc, "deliveries", "goods"),
        carriers=words(doc, "deliveries", "carriers"),
        carrier_verbs=words(doc, "deliveries", "carrier_verbs"),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the packaged trigger lexicon (validated against the ontology)."""
    return parse_lexicon(load_yaml("triggers.yaml"))
