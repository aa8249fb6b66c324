"""The model's lemmatizer word lists as sets, so that checking a candidate lemma is a hash lookup.

spaCy's rule lemmatizer tests each form its suffix rules propose with ``form in index``, where
``index`` is the model's list of known words for the part of speech (57,528 nouns, 20,993 verbs):
a linear scan, so lemmatizing a word not met before cost about a millisecond. As a frozenset the
same test is a hash lookup with the same answer; nothing else reads these lists.
"""

from __future__ import annotations

from typing import Any


def index_lemma_words(nlp: Any) -> Any:
    """Turn the ``lemma_index`` lists of ``nlp``'s rule lemmatizer into frozensets; return nlp."""
    if "lemmatizer" not in nlp.pipe_names:
        return nlp
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or not lemmatizer.lookups.has_table("lemma_index"):
        return nlp
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)
    return nlp
