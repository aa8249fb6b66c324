"""PLOVER event coding: who did what to whom, with mode, context, flags and evidence.

One concept per module; import each piece from its module:

- ``stage.EventStage``: the pipeline stage; sets ``article.events`` and ``article.contexts``;
- ``detector.EventDetector``: the cascade that codes one parsed sentence (rules, then the
  classifier's probabilities), built on
  - ``triggers``: which words report an event (and statements PLOVER does not code),
  - ``roles``: actors and recipients from the dependency structure,
  - ``modality``: negated, future, hypothetical and historical flags,
  - ``conversions``: PLOVER's conversions of a coded trigger (refusal -> REJECT, conditional or
    future hostile act -> THREATEN, future cooperative act -> AGREE, CONSULT visits, mode cues),
  - ``confidence``: an event's confidence;
- ``candidates.CandidateFilter``: the cheap sentence filter, lent to the NLP stage by [wiring];
- ``ontology.load_ontology``: types, modes, quad classes, scores, CAMEO codes, contexts;
- ``lexicon.load_lexicon``: the trigger lexicon; ``contexts``: document and event contexts;
- ``classifier.TypeClassifier`` / ``default_classifier``: the MiniLM embedding head;
- ``rules``: how the data files are read (through ``core.resources``, errors at file:line);
- ``python -m communique.stages.events.train``: retrain the head from data/training.tsv.

Dev-set figures come from the one harness, ``communique eval DATASET`` (communique.services.eval).

Data files live in ``data/``: ontology.yaml, triggers.yaml, roles.yaml, conversions.yaml,
modality.yaml, candidates.yaml, dated.yaml, training.tsv (sentences written for this project), classifier.npz.
"""
