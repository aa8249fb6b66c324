"""PLOVER event coding: who did what to whom, with mode, context, flags and evidence.

Public pieces:

- ``EventStage`` (stage.py): the pipeline stage; sets ``article.events`` and ``article.contexts``;
- ``EventDetector`` (detector.py): codes one parsed sentence (rules + optional classifier probabilities);
- ``CandidateFilter`` (candidates.py): the cheap sentence filter used by the NLP stage;
- ``load_ontology`` (ontology.py): types, modes, quad classes, scores, CAMEO codes, contexts;
- ``TypeClassifier`` / ``default_classifier`` (classifier.py): the MiniLM embedding head;
- ``python -m communique.stages.events.train``: retrain the head from data/training.tsv.

Dev-set figures come from the one harness, ``communique eval DATASET`` (communique.services.eval).

Data files live in ``data/``: ontology.yaml, triggers.yaml, modality.yaml, candidates.yaml,
training.tsv (sentences written for this project), classifier.npz.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CandidateFilter", "EventDetector", "EventStage", "load_ontology"]


def __getattr__(name: str) -> Any:
    # Imported lazily: the NLP stage imports the candidate filter without the detector's deps.
    if name == "CandidateFilter":
        from communique.stages.events.candidates import CandidateFilter

        return CandidateFilter
    if name == "EventDetector":
        from communique.stages.events.detector import EventDetector

        return EventDetector
    if name == "EventStage":
        from communique.stages.events.stage import EventStage

        return EventStage
    if name == "load_ontology":
        from communique.stages.events.ontology import load_ontology

        return load_ontology
    raise AttributeError(name)
