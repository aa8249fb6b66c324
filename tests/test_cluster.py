"""Clustering mentions into events, on hand-built articles (no model): rules, blocking, merges, redirects."""

from __future__ import annotations

import dataclasses

from communique.core.article import Article, Event, Evidence, Location, Participant, Place, Span
from communique.io.store import Store
from communique.services.cluster import Index, cluster_articles, plan_batch, settings
from communique.services.cluster.model import Cluster, Member
from communique.services.cluster.rules import compatible, score

AZE = Participant("Azerbaijan", "Azerbaijan", "AZE", "GOV", "country", "AZE")
TUR = Participant("Turkey", "Turkey", "TUR", "GOV", "country", "TUR")
ARM = Participant("Armenia", "Armenia", "ARM", "GOV", "country", "ARM")
ISR = Participant("Israel", "Israel", "ISR", "MIL", "country", "ISR")
LBN = Participant("Lebanon", "Lebanon", "LBN", "CVL", "country", "LBN")
ANKARA = Location("Ankara", "Ankara", 323786, "TUR", 39.92, 32.85)
BAKU = Location("Baku", "Baku", 587084, "AZE", 40.38, 49.89)


def _event(article: Article, i: int, type_: str, actors, recipients=(), *, date=None, granularity="article",
           location=None, sentence="", historical=False, symmetric=False) -> Event:
    sentence = sentence or f"Sentence {i} of {article.id}."
    e = Event(article_id=article.id, sentence_index=i, type=type_, actors=list(actors), recipients=list(recipients),
              date=date or article.date, date_granularity=granularity, location=location, historical=historical,
              symmetric=symmetric, confidence=0.8, evidence=Evidence(sentence, 0, len(sentence), Span("x", 0, 1)))
    article.events.append(e)
    return e


def _article(aid: str, date: str, source: str | None = None) -> Article:
    return Article(text=f"text of {aid}", date=date, id=aid, source=source)


def _cluster(e: Event, article: Article | None = None) -> Cluster:
    return Cluster.of(Member(e, e.article_id, article_date=article.date if article else e.date), settings())


def test_cluster_follow_up_sentences_join_and_inherit_date_and_place():
    a = _article("a1", "2024-08-28")
    _event(a, 0, "CONSULT", [AZE], [TUR], date="2024-08-27", granularity="day", location=ANKARA,
           sentence="Bayramov and Fidan met in Ankara the previous day.")
    _event(a, 1, "CONSULT", [AZE, TUR], sentence="The parties discussed cooperation.")
    _event(a, 2, "CONSULT", [TUR, AZE], symmetric=True, sentence="During the meeting, the sides exchanged views.")
    _event(a, 3, "ACCUSE", [AZE], [ARM], sentence="Bayramov accused Armenia.")
    (consult, accuse) = cluster_articles([a])
    assert consult.event.type == "CONSULT" and consult.num_mentions == 3
    assert (consult.event.date, consult.event.date_granularity) == ("2024-08-27", "day")
    assert consult.event.location.geonameid == 323786
    assert consult.event_id == a.events[0].event_id  # named after its first mention
    assert [m.sentence_index for m in consult.mentions] == [0, 1, 2]
    assert accuse.event.type == "ACCUSE" and accuse.num_mentions == 1


def test_cluster_follow_up_records_carry_the_inherited_date_into_the_store(tmp_path):
    a = _article("a1", "2024-08-28")
    _event(a, 0, "CONSULT", [AZE], [TUR], date="2024-08-27", granularity="day", location=ANKARA)
    _event(a, 1, "CONSULT", [AZE, TUR])
    with Store(tmp_path / "s.duckdb") as s:
        s.add_articles([a], plan_batch(s, [a]))
        (m0, m1) = sorted(s.mentions(), key=lambda m: m.mention.sentence_index)
        assert m1.event_id == m0.event_id == a.events[0].event_id
        assert (m1.mention.date, m1.mention.date_granularity, m1.mention.location.name) == (
            "2024-08-27", "day", "Ankara")


def test_cluster_keeps_directed_acts_with_crossed_roles_apart():
    a = _article("a1", "2024-08-28")
    _event(a, 0, "SUPPORT", [AZE, TUR], sentence="The ministers praised the interaction of the sides.")
    _event(a, 1, "SUPPORT", [AZE], [TUR], sentence="Bayramov appreciated Turkish companies.")
    _event(a, 2, "ACCUSE", [AZE], [ARM], sentence="Azerbaijan accused Armenia.")
    _event(a, 3, "ACCUSE", [ARM], [AZE], sentence="Armenia accused Azerbaijan.")
    assert len(cluster_articles([a])) == 4


def test_cluster_historical_mentions_never_make_or_join_a_current_event():
    a = _article("a1", "2024-08-28")
    _event(a, 0, "SUPPORT", [TUR], [AZE], historical=True, sentence="Turkey supported Azerbaijan during the war.")
    _event(a, 1, "SUPPORT", [TUR], [AZE], sentence="Turkey supports Azerbaijan.")
    old = _article("a2", "2024-08-28")
    _event(old, 0, "CONSULT", [AZE], [TUR], date="2024-06-01", granularity="month",
           sentence="Last month's meeting in Baku.")  # dated far before its report: a reference to the past
    events = cluster_articles([a, old])
    assert len(events) == 3
    assert [e.event.historical for e in events] == [True, False, True]


def test_cluster_two_reports_of_one_meeting_are_one_event():
    a = _article("a1", "2024-08-28", source="Wire")
    b = _article("b1", "2024-08-29", source="Daily")
    _event(a, 0, "CONSULT", [AZE], [TUR], date="2024-08-27", granularity="day", location=ANKARA,
           sentence="Azerbaijani and Turkish foreign ministers met in Ankara on Tuesday to discuss security.")
    _event(b, 0, "CONSULT", [TUR, AZE], date="2024-08-27", granularity="day",
           sentence="The Turkish and Azerbaijani foreign ministers discussed regional security in talks on Tuesday.")
    (event,) = cluster_articles([a, b])
    assert (event.num_mentions, event.num_articles, event.num_sources) == (2, 2, 2)
    assert event.event.location.name == "Ankara"


def test_cluster_never_merges_across_cities_days_dyads_or_types():
    cfg = settings()
    a = _article("a1", "2024-08-28")
    base = _event(a, 0, "CONSULT", [AZE], [TUR], date="2024-08-27", granularity="day", location=ANKARA,
                  sentence="The foreign ministers met.")
    one = _cluster(base, a)
    variants = {
        "city": dataclasses.replace(base, location=BAKU, event_id="v1"),
        "weeks later": dataclasses.replace(base, date="2024-09-20", event_id="v2"),
        "dyad": dataclasses.replace(base, recipients=[ARM], event_id="v3"),
        "type": dataclasses.replace(base, type="AGREE", event_id="v4"),
        "negated": dataclasses.replace(base, negated=True, event_id="v5"),
    }
    for why, other in variants.items():
        assert not compatible(one, _cluster(other, a), cfg), why
    same = dataclasses.replace(base, event_id="v6", location=None)
    assert compatible(one, _cluster(same, a), cfg) and score(one, _cluster(same, a), cfg) >= cfg.threshold


def test_cluster_strikes_in_two_towns_the_same_day_stay_apart():
    a = _article("a1", "2024-02-14")
    b = _article("b1", "2024-02-14")
    for art, town in ((a, "Nabatieh"), (b, "Tyre")):
        _event(art, 0, "ASSAULT", [ISR], [LBN], date="2024-02-14", granularity="day",
               sentence=f"An Israeli air strike hit a building in {town} on Wednesday, killing five people.")
    assert len(cluster_articles([a, b])) == 2
    # A resolved place counts as much as a name the gazetteer did not know.
    a.places = [Place("Nabatieh", 0, 8, "Nabatieh", 278913, "LBN", 33.4, 35.5, "PPLA", 0.9, 0)]
    assert len(cluster_articles([a, b])) == 2


def test_cluster_blocking_compares_only_events_of_the_same_type_dyad_and_fortnight():
    cfg = settings()
    index = Index(cfg)
    countries = [Participant(c, c, c, "GOV", "country", c) for c in ("AAA", "BBB", "CCC", "DDD", "EEE")]
    n = 0
    for day in range(0, 300, 3):
        art = _article(f"x{day}", f"2024-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}")
        for k, p in enumerate(countries):
            _event(art, k, "PROTEST" if k % 2 else "ASSAULT", [p], date=art.date, granularity="day",
                   sentence=f"Event {day} {k} somewhere unnamed.")
        n += len(cluster_articles([art], cfg, index))
    assert n > 100
    assert index.comparisons < 10 * n  # each new cluster meets a handful of events, not all of them


def test_cluster_ingest_joins_stored_events_and_a_linking_report_merges_two(tmp_path):
    a = _article("a1", "2024-08-27", source="Wire")
    b = _article("b1", "2024-08-27", source="Daily")
    c = _article("c1", "2024-08-28", source="Herald")
    _event(a, 0, "CONSULT", [AZE], [TUR], date="2024-08-27", granularity="day", location=ANKARA,
           sentence="Azerbaijani and Turkish foreign ministers met in Ankara to discuss security and trade.")
    _event(b, 0, "AGREE", [AZE, TUR], date="2024-08-27", granularity="day",
           sentence="Azerbaijani and Turkish foreign ministers signed a trade accord.")
    with Store(tmp_path / "s.duckdb") as s:
        s.add_articles([a], plan_batch(s, [a]))
        # Stored apart (a batch of its own, without clustering): two events for one meeting.
        b.events[0] = dataclasses.replace(b.events[0], type="CONSULT", event_id="b-consult")
        s.add_articles([b])
        assert s.count("events") == 2
        _event(c, 0, "CONSULT", [AZE, TUR], date="2024-08-27", granularity="day", location=ANKARA,
               sentence="The Azerbaijani and Turkish foreign ministers met in Ankara to discuss security and trade.")
        plan = plan_batch(s, [c])
        assert plan.merges == [("b-consult", a.events[0].event_id)]
        s.add_articles([c], plan)
        (event,) = list(s.events())
        assert event.event_id == a.events[0].event_id
        assert (event.num_mentions, event.num_articles, event.num_sources) == (3, 3, 3)
        assert s.event("b-consult").event_id == event.event_id  # the merged-away id still resolves
        # Re-ingesting the same articles changes nothing.
        assert s.add_articles([a, b, c], plan_batch(s, [])) == (0, 0)
        assert s.count("events") == 1
