"""The PLOVER ontology loaded from ``data/ontology.yaml``: types, modes, quad classes,
scores, CAMEO codes and the context cue lexicon; and the checks that a data file names a real
type, mode or quad class (``plover_types``, ``parse_reading``), reported at the file's line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from communique.core.resources import YamlDoc
from communique.stages.events.rules import load_yaml

__all__ = ["TYPES", "EventType", "Ontology", "load_ontology", "parse_reading", "plover_types"]

TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class EventType:
    """One PLOVER type with its definition, quad class, base score, CAMEO code and modes."""

    name: str
    definition: str
    quad_class: str
    score: float
    cameo: str
    modes: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Ontology:
    """The 16 PLOVER types and the context lexicon."""

    types: dict[str, EventType]
    contexts: dict[str, list[str]]
    quad_classes: tuple[str, ...]

    def __getitem__(self, name: str) -> EventType:
        return self.types[name]

    def score(self, type_: str, mode: str | None = None) -> float:
        """Return the PLOVER score of ``type_`` (and ``mode`` when it has one)."""
        t = self.types[type_]
        if mode and mode in t.modes:
            return float(t.modes[mode]["score"])
        return t.score

    def cameo(self, type_: str, mode: str | None = None) -> str:
        """Return the CAMEO code for ``type_`` (and ``mode`` when it has one)."""
        t = self.types[type_]
        if mode and mode in t.modes:
            return str(t.modes[mode]["cameo"])
        return t.cameo

    def quad_class(self, type_: str) -> str:
        return self.types[type_].quad_class

    def has_mode(self, type_: str, mode: str | None) -> bool:
        return mode is not None and mode in self.types[type_].modes

    def context_patterns(self) -> dict[str, re.Pattern[str]]:
        """Return one compiled cue regex per context (whole words; ``*`` ends a prefix)."""
        return _context_patterns(self)

    def context_literals(self) -> dict[str, tuple[str, ...] | None]:
        """Return per context the lower-cased literal text each of its cues must contain (a prefix
        cue's prefix), or None when a cue is not ASCII (see ``contexts.count_contexts``)."""
        return _context_literals(self)


def _cue_regex(cues: list[str]) -> re.Pattern[str]:
    parts = []
    for cue in cues:
        if cue.endswith("*"):
            parts.append(re.escape(cue[:-1]) + r"\w*")
        else:
            parts.append(re.escape(cue))
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=8)
def _context_patterns(onto: Ontology) -> dict[str, re.Pattern[str]]:
    return {name: _cue_regex(cues) for name, cues in onto.contexts.items()}


@lru_cache(maxsize=8)
def _context_literals(onto: Ontology) -> dict[str, tuple[str, ...] | None]:
    out: dict[str, tuple[str, ...] | None] = {}
    for name, cues in onto.contexts.items():
        literals = tuple(c[:-1].lower() if c.endswith("*") else c.lower() for c in cues)
        out[name] = literals if all(c.isascii() for c in cues) else None
    return out


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Return the packaged ontology, validated: all 16 types, known quad classes, numeric scores."""
    doc = load_yaml("ontology.yaml")
    quads = tuple(doc["quad_classes"])
    found: dict[str, EventType] = {}
    for name, spec in doc["types"].items():
        if name not in TYPES:
            raise doc.fail(f"'{name}' is not one of the 16 PLOVER types", "types", name)
        if spec["quad_class"] not in quads:
            raise doc.fail(f"type {name} has quad_class '{spec['quad_class']}', expected one of {', '.join(quads)}",
                           "types", name, "quad_class")
        try:
            modes = {str(m): {"score": float(v["score"]), "cameo": str(v["cameo"])}
                     for m, v in (spec.get("modes") or {}).items()}
            found[name] = EventType(name, spec["definition"], spec["quad_class"], float(spec["score"]),
                                    str(spec["cameo"]), modes)
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise doc.fail(f"type {name} needs definition, quad_class, a numeric score, cameo, and modes "
                           f"with score and cameo ({type(e).__name__}: {e})", "types", name) from None
    missing = [t for t in TYPES if t not in found]
    if missing:
        raise doc.fail(f"lacks the PLOVER types {', '.join(missing)}", "types")
    contexts = {str(k): [str(c) for c in v] for k, v in doc["contexts"].items()}
    return Ontology(found, contexts, quads)


def plover_types(doc: YamlDoc, *keys: Any) -> frozenset[str]:
    """Return the PLOVER type names listed at ``keys`` of ``doc`` (E302 at the line of an unknown one)."""
    node = doc.node(*keys)
    if not isinstance(node, list):
        raise doc.fail(f"'{'.'.join(map(str, keys))}' must be a list of PLOVER types", *keys)
    for n, name in enumerate(node):
        if name not in TYPES:
            raise doc.fail(f"unknown PLOVER type '{name}'", *keys, n)
    return frozenset(node)


def parse_reading(doc: YamlDoc, label: str, *keys: Any) -> tuple[str, str | None]:
    """Return (type, mode or None) for a label "TYPE" or "TYPE:mode" found at ``keys`` of ``doc``,
    checked against the ontology (E302 at its line for an unknown type or mode)."""
    type_, _, mode = str(label).partition(":")
    if type_ not in TYPES:
        raise doc.fail(f"unknown PLOVER type '{type_}' in '{label}'", *keys)
    if mode and mode not in load_ontology()[type_].modes:
        raise doc.fail(f"type {type_} has no mode '{mode}' (see ontology.yaml)", *keys)
    return type_, (mode or None)
