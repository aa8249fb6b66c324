"""A spaCy entity ruler fed by the gazetteers, so that country and IGO names are never mislabelled.

Two phrase rulers run before ``ner`` (the model keeps entities already set and predicts around them):

- ``gazetteer_ruler_lower`` (first) matches on LOWER: every name that is not an acronym or an
  ambiguous word, so that lower-cased corpora still get their countries, demonyms and organisations;
- ``gazetteer_ruler`` (second) matches exact case (ORTH): acronyms ("UN", "U.S.") and single words that are
  also ordinary English words ("Turkey", "Chad", "Jordan") only count when capitalised.

Labels follow the model's scheme (``entity_labels`` in ``data/words.yaml``): GPE for countries,
capitals and cities, NORP for demonyms, ORG for international and named organisations. Sector
terms and titles are not entities and are left to the actor units (``units``).
"""

from __future__ import annotations

from typing import Any

from communique.stages.actors.gazetteer import is_acronym, load_gazetteer
from communique.stages.actors.words import ENTITY_LABELS, LOWERCASE_AMBIGUOUS


def gazetteer_patterns() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Return (exact-case patterns, lower-case patterns) as entity-ruler phrase patterns."""
    g = load_gazetteer()
    exact: list[dict[str, str]] = []
    lower: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for bucket in g.index.values():
        for surface, entry in bucket:
            label = ENTITY_LABELS.get(entry.kind)
            if label is None or (surface, label) in seen:
                continue
            seen.add((surface, label))
            words = surface.split()
            if is_acronym(surface) or (len(words) == 1 and surface.lower() in LOWERCASE_AMBIGUOUS):
                exact.append({"label": label, "pattern": surface, "id": entry.key})
            else:
                lower.append({"label": label, "pattern": surface.lower(), "id": entry.key})
    return exact, lower


def add_gazetteer_ruler(nlp: Any) -> Any:
    """Add the two gazetteer entity rulers before ``ner`` (or last when there is none); return nlp."""
    if "gazetteer_ruler" in nlp.pipe_names:
        return nlp
    exact, lower = gazetteer_patterns()
    # The lower-case ruler runs first so that long names ("UN Framework Convention on Climate
    # Change") win over the acronyms inside them; the exact ruler then fills what is left.
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    r2 = nlp.add_pipe("entity_ruler", name="gazetteer_ruler_lower", config={"phrase_matcher_attr": "LOWER"},
                      **where)
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {"after": "gazetteer_ruler_lower"}
    r1 = nlp.add_pipe("entity_ruler", name="gazetteer_ruler", config={"phrase_matcher_attr": "ORTH"}, **where)
    with nlp.select_pipes(enable=[]):
        r1.add_patterns(exact)
        r2.add_patterns(lower)
    return nlp
