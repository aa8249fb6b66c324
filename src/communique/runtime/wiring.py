"""Cross-stage helpers, built once from ``[wiring]`` and passed into stage constructors.

Some stages use a piece that another stage owns: the NLP stage filters sentences with the events
stage's candidate filter (which asks the actors stage's gazetteer whether a sentence names an
actor), re-cases Title Case headlines keeping the actor names the actors stage knows, and adds the actors
stage's entity ruler to the spaCy model. Stages never import each
other; the settings name these pieces (``module:attribute``) and ``build_wiring`` builds them.
``build_stage`` passes each one to the stage factories whose signature asks for it by name.
"""

from __future__ import annotations

from typing import Any

from communique.core.config import Settings


def build_wiring(settings: Settings) -> dict[str, Any]:
    """Return the wired objects by constructor keyword: ``candidate_filter``, ``actor_names``, ``entity_ruler``."""
    from communique.runtime.pipeline import load_object

    w = settings["wiring"]
    actor_terms = load_object(w["actor_terms"], "[wiring] actor_terms") if w.get("actor_terms") else None
    out: dict[str, Any] = {}
    if w.get("candidate_filter"):
        out["candidate_filter"] = load_object(w["candidate_filter"], "[wiring] candidate_filter")(
            actor_terms=actor_terms)
    if w.get("actor_names"):
        out["actor_names"] = load_object(w["actor_names"], "[wiring] actor_names")
    if w.get("entity_ruler"):
        out["entity_ruler"] = load_object(w["entity_ruler"], "[wiring] entity_ruler")
    return out
