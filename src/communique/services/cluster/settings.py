"""The clustering settings, read once from ``data/cluster.yaml`` (symmetric types, windows, weights, threshold)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from communique.core.resources import read_yaml, word_set

PACKAGE = "communique.services.cluster"
SIGNALS = ("evidence", "names", "place", "date", "dyad")


@dataclass(frozen=True)
class ClusterSettings:
    """What decides a merge: see the comments in ``data/cluster.yaml``."""

    symmetric: frozenset[str]
    families: dict[str, str]
    max_gap_days: int
    article_lookback_days: int
    report_lag_days: int
    weights: dict[str, float]
    threshold: float
    min_evidence: float
    min_evidence_anchored: float
    meaning_low: float
    meaning_high: float
    stop_words: frozenset[str]
    place_generic_words: frozenset[str]
    placed_types: frozenset[str]
    point_types: frozenset[str]
    person_patient_types: frozenset[str]
    region_features: tuple[str, ...]
    division_words: frozenset[str]
    site_words: frozenset[str]
    place_object_verbs: frozenset[str]
    habitual_words: frozenset[str]
    anaphor_nouns: frozenset[str] = frozenset()
    anaphor_blockers: frozenset[str] = frozenset()
    promise_types: frozenset[str] = frozenset()

    def family(self, type_: str) -> str:
        """Return the family of an event type: the types it may merge with share it."""
        return self.families.get(type_, type_)


@lru_cache(maxsize=1)
def settings() -> ClusterSettings:
    """Return the packaged clustering settings (E302 with file:line for a bad value)."""
    doc = read_yaml(PACKAGE, "cluster.yaml")
    families: dict[str, str] = {}
    for name, types in (doc.get("families") or {}).items():
        if not isinstance(types, list):
            raise doc.fail("a family is a list of event types", "families", name)
        for t in types:
            families[str(t).upper()] = str(name)
    weights = {k: float(v) for k, v in (doc.get("weights") or {}).items()}
    if set(weights) != set(SIGNALS):
        raise doc.fail(f"weights must name exactly {', '.join(SIGNALS)}", "weights")
    window = doc.get("window") or {}
    try:
        return ClusterSettings(
            symmetric=frozenset(t.upper() for t in word_set(doc, "symmetric")),
            families=families,
            max_gap_days=int(window["max_gap_days"]),
            article_lookback_days=int(window["article_lookback_days"]),
            report_lag_days=int(window["report_lag_days"]),
            weights=weights,
            threshold=float(doc["threshold"]),
            min_evidence=float(doc["min_evidence"]),
            min_evidence_anchored=float(doc["min_evidence_anchored"]),
            meaning_low=float((doc.get("meaning") or {})["low"]),
            meaning_high=float((doc.get("meaning") or {})["high"]),
            stop_words=word_set(doc, "stop_words"),
            place_generic_words=word_set(doc, "place_generic_words"),
            placed_types=frozenset(t.upper() for t in word_set(doc, "placed_types")),
            point_types=frozenset(t.upper() for t in word_set(doc, "point_types")),
            person_patient_types=frozenset(t.upper() for t in word_set(doc, "person_patient_types")),
            region_features=tuple(sorted(t.upper() for t in word_set(doc, "region_features"))),
            division_words=frozenset(w.lower() for w in word_set(doc, "division_words")),
            site_words=frozenset(w.lower() for w in word_set(doc, "site_words")),
            place_object_verbs=frozenset(w.lower() for w in word_set(doc, "place_object_verbs")),
            habitual_words=word_set(doc, "habitual_words"),
            anaphor_nouns=frozenset(w.lower() for w in word_set(doc, "anaphor_nouns")),
            anaphor_blockers=frozenset(w.lower() for w in word_set(doc, "anaphor_blockers")),
            promise_types=frozenset(t.upper() for t in word_set(doc, "promise_types")),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise doc.fail(f"missing or malformed setting: {e}", "window") from e
