"""The PLOVER ontology loaded from ``data/ontology.yaml``: types, modes, quad classes,
scores, CAMEO codes and the context cue lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from communique.core.errors import DataFileError

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


def load_yaml(name: str) -> Any:
    """Return the parsed YAML data file ``name`` from ``communique/events/data``."""
    text = resources.files("communique.stages.events").joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Return the packaged ontology, validated: all 16 types, known quad classes, numeric scores."""
    raw = load_yaml("ontology.yaml")
    quads = tuple(raw["quad_classes"])
    types: dict[str, EventType] = {}
    for name, spec in raw["types"].items():
        if spec["quad_class"] not in quads:
            raise DataFileError(
                f"ontology.yaml: type {name} has quad_class '{spec['quad_class']}', "
                f"expected one of {', '.join(quads)}."
            )
        modes = {str(m): {"score": float(v["score"]), "cameo": str(v["cameo"])}
                 for m, v in (spec.get("modes") or {}).items()}
        types[name] = EventType(name, spec["definition"], spec["quad_class"], float(spec["score"]),
                                str(spec["cameo"]), modes)
    missing = [t for t in TYPES if t not in types]
    if missing:
        raise DataFileError(f"ontology.yaml lacks the PLOVER types {', '.join(missing)}.")
    contexts = {str(k): [str(c) for c in v] for k, v in raw["contexts"].items()}
    return Ontology(types, contexts, quads)
