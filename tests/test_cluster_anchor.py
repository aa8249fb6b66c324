"""Across reports a merge needs an anchor (``rules.anchored``): a strike's follow-up sentence that names no place (own sentences)."""

from __future__ import annotations

from communique.core.article import Event, Evidence, Participant, Span
from communique.services.cluster import settings
from communique.services.cluster.model import Cluster, Member
from communique.services.cluster.rules import anchored

CIVILIANS = Participant("civilians", "civilians", None, "CVL", "group", None)


def _member(aid: str, sentence: str, places=(), context=(), type_="ASSAULT") -> Member:
    e = Event(article_id=aid, sentence_index=1, type=type_, recipients=[CIVILIANS], date="2026-05-06",
              date_granularity="article", confidence=0.8,
              evidence=Evidence(sentence, 0, len(sentence), Span("killed", 11, 17)))
    return Member(e, aid, article_date="2026-05-06", places=frozenset(places), context=frozenset(context))


def _cluster(m: Member) -> Cluster:
    return Cluster.of(m, settings())


def test_a_strike_sentence_without_a_place_is_anchored_by_its_report_s_town_the_other_names():
    follow = _cluster(_member("r1", "The attack killed nine civilians.", context={"gondar"}))
    other = _cluster(_member("r2", "A drone hit a market in Gondar, killing nine civilians.", places={"gondar"}))
    assert anchored(follow, other, settings()) and anchored(other, follow, settings())


def test_a_report_naming_another_town_gives_no_anchor():
    follow = _cluster(_member("r1", "The attack killed nine civilians.", context={"bahir"}))
    other = _cluster(_member("r2", "A drone hit a market in Gondar, killing nine civilians.", places={"gondar"}))
    assert not anchored(follow, other, settings())


def test_a_deployment_s_report_places_are_no_anchor():
    # Only acts done at one spot read their report's places (troops move over a region).
    follow = _cluster(_member("r1", "The troops took up positions.", context={"gondar"}, type_="MOBILIZE"))
    other = _cluster(_member("r2", "Troops deployed to Gondar.", places={"gondar"}, type_="MOBILIZE"))
    assert not anchored(follow, other, settings())
