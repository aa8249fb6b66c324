"""The NLP stage: sentences everywhere, parses for candidates, offsets into the original text."""

import pytest

from communique.core.article import Article
from communique.stages.nlp.model import load_splitter
from communique.stages.nlp.stage import NlpStage, split_sentences

TEXT = "  Kenya and Uganda signed a trade deal in Kampala on Monday.\n\nShares rose 2% in Nairobi.  "


def test_nlp_split_sentences_offsets_are_trimmed_and_exact():
    sents = split_sentences(load_splitter(), TEXT)
    assert [s.text for s in sents] == ["Kenya and Uganda signed a trade deal in Kampala on Monday.",
                                       "Shares rose 2% in Nairobi."]
    for s in sents:
        assert TEXT[s.start:s.end] == s.text


@pytest.fixture(scope="module")
def parsed():
    stage = NlpStage(use_filter=False)
    return stage(Article(text=TEXT, date="2024-05-06"))


@pytest.mark.model
def test_nlp_tokens_and_entities_point_into_article_text(parsed):
    assert all(s.parsed for s in parsed.sentences)
    for s in parsed.sentences:
        for t in s.tokens:
            assert TEXT[t.start:t.end] == t.text
            assert 0 <= t.head < len(s.tokens)
    for e in parsed.entities:
        assert TEXT[e.start:e.end] == e.text
    assert {"Kenya", "Uganda", "Kampala"} <= {e.text for e in parsed.entities}
    signed = next(t for t in parsed.sentences[0].tokens if t.text == "signed")
    assert (signed.lemma, signed.dep) == ("sign", "ROOT")


@pytest.mark.model
def test_nlp_candidate_filter_skips_parse_but_keeps_sentence():
    stage = NlpStage(use_filter=True, candidate_filter=lambda text: "signed" in text)
    a = stage(Article(text=TEXT, date="2024-05-06"))
    assert [s.candidate for s in a.sentences] == [True, False]
    assert a.sentences[0].parsed and not a.sentences[1].parsed
    assert all(e.sentence_index == 0 for e in a.entities)


@pytest.mark.model
def test_nlp_pipe_batches_many_articles():
    stage = NlpStage(use_filter=False)
    arts = [Article(text=f"Ghana sent aid to Togo on day {i}.", date="2024-01-01") for i in range(5)]
    out = list(stage.pipe(arts))
    assert [len(a.sentences) for a in out] == [1] * 5
    assert all(a.sentences[0].tokens for a in out)


@pytest.mark.model
def test_nlp_fixes_verb_lemmas_the_model_gets_wrong():
    # The model lemmatises "staged" as "stag" and "sniped" as "snip", which hides triggers.
    stage = NlpStage(use_filter=False)
    a = stage(Article(text="Activists staged rallies while gunmen sniped at the police.", date="2024-01-01"))
    lemmas = {t.text: t.lemma for t in a.sentences[0].tokens}
    assert (lemmas["staged"], lemmas["sniped"], lemmas["rallies"]) == ("stage", "snipe", "rally")


def test_nlp_failure_names_its_sentence():
    from communique.runtime.pipeline import run_batch

    def candidate_filter(text: str) -> bool:
        if text.startswith("Shares"):
            raise ValueError("cannot read this sentence")
        return False

    (a,) = run_batch([NlpStage(use_filter=True, candidate_filter=candidate_filter)],
                     [Article(text=TEXT, date="2024-05-06")])
    (err,) = a.errors
    assert (err.stage, err.sentence_index) == ("nlp", 1)
    assert err.reason == "ValueError: cannot read this sentence"


def test_nlp_lemma_fixes_come_from_the_data_file():
    from communique.stages.nlp.stage import verb_lemma_fixes

    fixes = verb_lemma_fixes()
    assert fixes["staged"] == "stage" and fixes["sniping"] == "snipe"
    assert all(form == form.lower() for form in fixes)


def test_candidate_filter_knows_trigger_verbs_and_their_past():
    # The headline re-parse (nlp/headlines.py) asks the wired filter for the verb and its past form.
    from communique.stages.events.candidates import CandidateFilter

    f = CandidateFilter()
    assert f.verb_lemma("severs") == "sever" and f.verb_lemma("extradites") == "extradite"
    assert f.verb_lemma("diplomats") is None
    assert f.past_form("sever") == "severed" and f.past_form("extradite") == "extradited"
    assert f.past_form("strike") == "struck" and f.past_form("deny") == "denied"
