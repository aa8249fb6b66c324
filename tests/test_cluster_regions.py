"""A name the gazetteer does not know, followed by a division word, is a region (``model.named_regions``).

"in Cuyo province" says a province, not which town: for an act spread over a region (aid, a
deployment), a report naming the province and one naming a town may be one event; two towns stay
two places, as do a town and a province for an act done at one spot (a strike). Invented reports.
"""

from __future__ import annotations

from communique.core.article import Article, Event, Evidence, Participant, Place, Span
from communique.services.cluster import cluster_articles, settings
from communique.services.cluster.model import members_of, named_regions

CHL = Participant("Chile", "Chile", "CHL", "GOV", "country", "CHL")
ARG = Participant("Argentina", "Argentina", "ARG", "GOV", "country", "ARG")


def _report(aid: str, date: str, sentence: str, type_: str = "AID", town: str | None = None,
            event_date: str = "2027-08-10") -> Article:
    art = Article(text=sentence, date=date, id=aid, title=f"Report {aid}", source=f"Outlet {aid}")
    art.events.append(Event(article_id=aid, sentence_index=0, type=type_, actors=[CHL], recipients=[ARG],
                            date=event_date, date_granularity="day", confidence=0.8,
                            evidence=Evidence(sentence, 0, len(sentence), Span("x", 0, 1))))
    if town:
        start = sentence.index(town)
        art.places = [Place(town, start, start + len(town), town, 3800000 + len(town), "ARG", -32.9, -68.8,
                            "PPLA", 0.9, 0)]
    return art


def _groups(arts: list[Article]) -> list[list[str]]:
    return sorted(sorted(m.article_id for m in e.mentions) for e in cluster_articles(arts))


TOWN = "Chilean cargo planes with tents and a field hospital landed in Mendoza on Tuesday."
PROVINCE = "The field hospital Chile flew to Argentina on Tuesday began treating patients in Alto Cuyo province."


def test_a_name_before_a_division_word_is_a_region():
    cfg = settings()
    assert named_regions(PROVINCE, cfg) == {"alto", "cuyo"}
    assert named_regions(TOWN, cfg) == set()
    (m,) = members_of(_report("b", "2027-08-12", PROVINCE), cfg)
    assert m.spot == frozenset({"@alto", "@cuyo"})


def test_aid_to_a_town_and_to_a_province_the_gazetteer_does_not_know_may_be_one_event():
    a = _report("a", "2027-08-11", TOWN, town="Mendoza")
    b = _report("b", "2027-08-12", PROVINCE)
    assert _groups([a, b]) == [["a", "b"]]


def test_two_towns_a_strike_s_province_or_aid_weeks_apart_stay_apart():
    a = _report("a", "2027-08-11", TOWN, town="Mendoza")
    other_town = _report("b", "2027-08-12", "The field hospital Chile flew to Argentina on Tuesday began "
                                            "treating patients in San Rafael.", town="San Rafael")
    assert _groups([a, other_town]) == [["a"], ["b"]]
    far = _report("c", "2027-09-02", PROVINCE, event_date="2027-09-01")
    assert _groups([a, far]) == [["a"], ["c"]]
    # An act done at one spot: a town and a province are two places still.
    strike = _report("d", "2027-08-11", "Chilean jets struck a depot in Mendoza on Tuesday.", "ASSAULT", "Mendoza")
    province = _report("e", "2027-08-12", "Chilean jets struck a depot in Alto Cuyo province on Tuesday.", "ASSAULT")
    assert _groups([strike, province]) == [["d"], ["e"]]
