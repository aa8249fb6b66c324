"""Trigger lexicon loaded from ``data/triggers.yaml``: lemma -> candidate (type, mode) readings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from communique.core.errors import DataFileError
from communique.stages.events.ontology import TYPES, load_ontology, load_yaml

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
    denial_objects: frozenset[str] = frozenset()
    # Statements PLOVER does not code: appeals (lemmas, and verb + particle pairs), appeal nouns,
    # and "declined to comment" (refusal verbs with a comment-verb complement).
    appeal_verbs: frozenset[str] = frozenset()
    appeal_pairs: frozenset[tuple[str, str]] = frozenset()
    appeal_nouns: frozenset[str] = frozenset()
    refusal_verbs: frozenset[str] = frozenset()
    comment_verbs: frozenset[str] = frozenset()


def _parse_key(key: str) -> Reading:
    type_, _, mode = key.partition(":")
    if type_ not in TYPES:
        raise DataFileError(f"triggers.yaml: unknown PLOVER type '{type_}' in '{key}'.")
    onto = load_ontology()
    if mode and mode not in onto[type_].modes:
        raise DataFileError(f"triggers.yaml: type {type_} has no mode '{mode}' (see ontology.yaml).")
    return type_, (mode or None)


def _index(section: dict[str, list[str]]) -> tuple[dict[str, list[Reading]], dict[tuple[str, str], list[Reading]]]:
    singles: dict[str, list[Reading]] = defaultdict(list)
    pairs: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for key, lemmas in section.items():
        reading = _parse_key(key)
        for entry in lemmas:
            words = str(entry).lower().split()
            if len(words) == 1:
                if reading not in singles[words[0]]:
                    singles[words[0]].append(reading)
            else:
                pair = (words[0], words[-1])
                if reading not in pairs[pair]:
                    pairs[pair].append(reading)
    return dict(singles), dict(pairs)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the packaged trigger lexicon (validated against the ontology)."""
    raw = load_yaml("triggers.yaml")
    verbs, verb_pairs = _index(raw["verbs"])
    nouns, noun_pairs = _index(raw["nouns"])
    cues = {
        type_: [(mode, frozenset(words)) for mode, words in modes.items()]
        for type_, modes in raw["mode_cues"].items()
    }
    return Lexicon(
        verbs, verb_pairs, nouns, noun_pairs,
        frozenset(raw["light_verbs"]), frozenset(raw["occurrence_verbs"]), frozenset(raw["frame_preps"]),
        frozenset(raw["speech_verbs"]), frozenset(raw["accusation_nouns"]), cues,
        _index(raw.get("adjectives", {}))[0],
        frozenset(raw.get("nonpolitical_causes", [])), frozenset(raw.get("hostile_cues", [])),
        frozenset(raw.get("denial_verbs", [])), frozenset(raw.get("denial_objects", [])),
        frozenset(w for w in raw.get("appeal_verbs", []) if " " not in w),
        frozenset(tuple(w.split()) for w in raw.get("appeal_verbs", []) if " " in w),
        frozenset(raw.get("appeal_nouns", [])),
        frozenset(raw.get("refusal_verbs", [])), frozenset(raw.get("comment_verbs", [])),
    )
