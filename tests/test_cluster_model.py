"""Mentions merged into events on the real pipeline: the seed report and the examples (issue 12 targets)."""

from __future__ import annotations

import pytest

from communique import code_articles
from communique.io.sources.read import read_inputs
from communique.services.cluster import cluster_articles

from .conftest import EXAMPLES

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_events(seed_path):
    articles = [a for a in read_inputs([str(seed_path)]) if hasattr(a, "events")]
    return cluster_articles(list(code_articles(articles)))


def test_cluster_seed_gives_one_consult_event_with_its_mentions(seed_events):
    (consult,) = [e for e in seed_events if e.event.type == "CONSULT"]
    assert {p.country for p in (*consult.event.actors, *consult.event.recipients)} == {"AZE", "TUR"}
    assert (consult.event.date, consult.event.date_granularity) == ("2024-08-27", "day")
    assert consult.event.location is not None and consult.event.location.geonameid == 323786
    assert consult.num_mentions >= 4 and consult.num_articles == 1
    assert 0 in {m.sentence_index for m in consult.mentions}


def test_cluster_seed_keeps_its_support_and_accuse_events(seed_events):
    support = [e for e in seed_events if e.event.type == "SUPPORT" and not e.event.historical]
    assert len(support) >= 2  # "praised" and "appreciated" are two acts
    assert any(m.evidence.trigger.text == "praised" for e in support for m in e.mentions)
    accuse = [e for e in seed_events if e.event.type == "ACCUSE"]
    assert any({p.country for p in e.event.actors} == {"AZE"} and "ARM" in {p.country for p in e.event.recipients}
               for e in accuse)
    # The 2020 war is history: never a current event.
    assert all(e.event.historical for e in seed_events if e.event.type == "ASSAULT")


def test_cluster_examples_thailand_cambodia_reopening_is_one_event():
    paths = sorted(str(p) for p in EXAMPLES.glob("*thailand-cambodia-reopen-border-crossing-*.txt"))
    assert len(paths) == 2
    articles = list(code_articles(a for a in read_inputs(paths) if hasattr(a, "events")))
    agree = [e for e in cluster_articles(articles) if e.event.type == "AGREE" and e.num_articles == 2]
    assert len(agree) == 1
    assert {p.country for p in (*agree[0].event.actors, *agree[0].event.recipients)} == {"THA", "KHM"}
