"""A promise flagged future but dated by a day before its report is the promise made that day (``model.promise_made``).

PLOVER codes a promise as AGREE: "Chile will give ten million dollars to Peru, its minister announced
on Tuesday" is Tuesday's pledge, one event with "Chile pledged ten million dollars on Tuesday". A
promise dated by its report's own day or later, or a future act of another type ("will meet"),
keeps its flag and stays apart; so does a pledge dated too far from the other. Invented reports.
"""

from __future__ import annotations

from communique.core.article import Article, Event, Evidence, Participant, Span
from communique.services.cluster import cluster_articles, settings
from communique.services.cluster.model import Cluster, Member

CHL = Participant("Chile", "Chile", "CHL", "GOV", "country", "CHL")
PER = Participant("Peru", "Peru", "PER", "GOV", "country", "PER")


def _report(aid: str, date: str, sentence: str, type_: str, event_date: str, *, future: bool) -> Article:
    art = Article(text=sentence, date=date, id=aid, title=f"Report {aid}", source=f"Outlet {aid}")
    art.events.append(Event(article_id=aid, sentence_index=0, type=type_, actors=[CHL], recipients=[PER],
                            date=event_date, date_granularity="day", future=future, confidence=0.8,
                            evidence=Evidence(sentence, 0, len(sentence), Span("x", 0, 1))))
    return art


def _groups(arts: list[Article]) -> list[list[str]]:
    return sorted(sorted(m.article_id for m in e.mentions) for e in cluster_articles(arts))


PLEDGED = "Chile pledged ten million dollars in flood aid to Peru on Tuesday, the foreign ministry said."
WILL_GIVE = "Chile will give ten million dollars in flood aid to Peru, its foreign minister announced on Tuesday."


def test_a_promise_dated_by_a_day_before_its_report_joins_the_report_of_the_pledge():
    a = _report("a", "2027-02-02", PLEDGED, "AGREE", "2027-02-02", future=False)
    b = _report("b", "2027-02-03", WILL_GIVE, "AGREE", "2027-02-02", future=True)
    assert _groups([a, b]) == [["a", "b"]]
    assert Cluster.of(Member(b.events[0], "b", article_date=b.date), settings()).flags == (False, False, False)


def test_a_promise_of_the_report_s_own_day_or_a_future_day_keeps_its_flag():
    a = _report("a", "2027-02-02", PLEDGED, "AGREE", "2027-02-02", future=False)
    same_day = _report("b", "2027-02-02", WILL_GIVE, "AGREE", "2027-02-02", future=True)
    assert _groups([a, same_day]) == [["a"], ["b"]]
    later = _report("c", "2027-02-01", "Chile will give Peru ten million dollars on Tuesday.", "AGREE", "2027-02-02",
                    future=True)
    assert _groups([a, later]) == [["a"], ["c"]]


def test_a_future_act_of_another_type_or_a_pledge_weeks_apart_stays_apart():
    met = _report("a", "2027-02-02", "The Chilean and Peruvian ministers met in Lima on Tuesday.", "CONSULT",
                  "2027-02-02", future=False)
    will_meet = _report("b", "2027-02-03", "The Chilean and Peruvian ministers will meet in Lima, officials said "
                                           "on Tuesday.", "CONSULT", "2027-02-02", future=True)
    assert _groups([met, will_meet]) == [["a"], ["b"]]
    a = _report("c", "2027-02-02", PLEDGED, "AGREE", "2027-02-02", future=False)
    weeks = _report("d", "2027-02-24", WILL_GIVE, "AGREE", "2027-02-23", future=True)
    assert _groups([a, weeks]) == [["c"], ["d"]]
