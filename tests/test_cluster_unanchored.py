"""Reports whose mention was read without its parties or its place still find their anchor (``rules.anchored``).

A mention with no participants whose sentence names the two countries of the act ("The pact Chile
and Peru sealed on May 4 ...") shares the other report's dyad (``rules.named_dyad``); a strike
report whose sentences name no town may name it in its headline as a modifier ("Rosario drivers
stay home"), which anchors it to a report placed there. Invented reports; negatives keep two
dyads, two towns and dates too far apart apart.
"""

from __future__ import annotations

from communique.core.article import Actor, Article, Event, Evidence, Location, Participant, Place, Span
from communique.services.cluster import cluster_articles, settings
from communique.services.cluster.model import Cluster, members_of
from communique.services.cluster.rules import anchored

CHL = Participant("Chile", "Chile", "CHL", "GOV", "country", "CHL")
PER = Participant("Peru", "Peru", "PER", "GOV", "country", "PER")
BOL = Participant("Bolivia", "Bolivia", "BOL", "GOV", "country", "BOL")
LIMA = Location("Lima", "Lima", 3936456, "PER", -12.04, -77.03)
DRIVERS = Participant("drivers", "drivers", None, "LAB", "group", None)


def _article(aid: str, date: str, sentence: str, title: str = "") -> Article:
    return Article(text=sentence, date=date, id=aid, title=title or f"Report {aid}", source=f"Outlet {aid}")


def _event(art: Article, type_: str, actors=(), recipients=(), *, date: str, granularity: str = "day",
           location: Location | None = None) -> Event:
    sentence = art.text
    e = Event(article_id=art.id, sentence_index=0, type=type_, actors=list(actors), recipients=list(recipients),
              date=date, date_granularity=granularity, location=location, confidence=0.8,
              evidence=Evidence(sentence, 0, len(sentence), Span("x", 0, 1)))
    art.events.append(e)
    return e


def _country(art: Article, word: str, code: str, kind: str = "country") -> None:
    """Record an actor the actors stage found in the sentence but the roles did not attach."""
    start = art.text.index(word)
    art.actors.append(Actor(word, word, code, "GOV", kind, code, start, start + len(word), 0))


def _groups(arts: list[Article]) -> list[list[str]]:
    return sorted(sorted(m.article_id for m in e.mentions) for e in cluster_articles(arts))


def _signed(aid: str = "a", date: str = "2027-05-04", recipients=(PER,)) -> Article:
    a = _article(aid, date, "Chile and Peru signed a water-sharing agreement in Lima on Tuesday.")
    _event(a, "AGREE", [CHL], list(recipients), date="2027-05-04", location=LIMA)
    return a


def _partyless(aid: str = "b", date: str = "2027-05-06", sealed: str = "2027-05-04",
               names: tuple[tuple[str, str], ...] = (("Chile", "CHL"), ("Peru", "PER"))) -> Article:
    words = " and ".join(w for w, _ in names)
    b = _article(aid, date, f"The water-sharing agreement {words} sealed on May 4 will double the "
                            "flow along the border canal, officials said on Thursday.")
    _event(b, "AGREE", date=sealed)
    for word, code in names:
        _country(b, word, code)
    return b


def test_a_mention_read_without_parties_joins_the_report_of_the_dyad_its_sentence_names():
    a, b = _signed(), _partyless()
    assert _groups([a, b]) == [["a", "b"]]
    cfg = settings()
    ca, cb = (Cluster.of(members_of(x, cfg)[0], cfg) for x in (a, b))
    assert cb.named == {"CHL", "PER"} and not cb.codes
    assert anchored(ca, cb, cfg) and anchored(cb, ca, cfg)


def test_two_partyless_reports_naming_the_same_two_countries_are_one_event():
    b = _partyless("b")
    c = _partyless("c", date="2027-05-05")
    assert _groups([b, c]) == [["b", "c"]]


def test_one_named_country_or_another_dyad_is_no_anchor():
    # One country named ("Chile"), or a third country besides the other's two: not the other's dyad.
    assert _groups([_signed(), _partyless(names=(("Chile", "CHL"),))]) == [["a"], ["b"]]
    assert _groups([_signed(), _partyless(names=(("Chile", "CHL"), ("Bolivia", "BOL")))]) == [["a"], ["b"]]
    # The same two countries an act of another day, weeks before, named: dates keep them apart.
    assert _groups([_signed(), _partyless(date="2027-06-02", sealed="2027-05-30")]) == [["a"], ["b"]]


def test_a_dateline_or_a_country_guessed_from_the_article_names_no_party():
    b = _article("b", "2027-05-06", "SANTIAGO — The agreement will double the flow along the canal, Peru said.")
    _event(b, "AGREE", date="2027-05-04")
    b.actors.append(Actor("SANTIAGO", "Santiago", "CHL", "GOV", "country", "CHL", 0, 8, 0))
    b.actors.append(Actor("Peru", "Peru", "PER", "GOV", "country", "PER", 70, 74, 0))
    b.actors.append(Actor("officials", "officials", "CHL", "GOV", "group", "CHL-GOV", 0, 0, 0, context_country=True))
    cfg = settings()
    assert Cluster.of(members_of(b, cfg)[0], cfg).named == {"PER"}
    assert _groups([_signed(), b]) == [["a"], ["b"]]


def _strike(aid: str, town: str | None, gid: int | None, title: str, date: str = "2027-03-10") -> Article:
    sentence = (f"Almost no buses ran in {town} on Wednesday as drivers struck over unpaid wages." if town else
                "Commuters in the river port walked to work yesterday, the day its bus drivers refused to drive.")
    art = _article(aid, date, sentence, title)
    _event(art, "PROTEST", [DRIVERS], date="2027-03-10" if town else date, granularity="day" if town else "article")
    if town:
        start = sentence.index(town)
        art.places = [Place(town, start, start + len(town), town, gid, "ARG", -33.0, -60.7, "PPLA2", 0.9, 0)]
    return art


def test_a_strike_report_naming_no_place_is_anchored_by_its_headline_s_town_the_other_names():
    a = _strike("a", "Rosario", 3838583, "Rosario buses stop as drivers walk out")
    b = _strike("b", None, None, "Commuters walk as Rosario drivers stay home", date="2027-03-11")
    assert _groups([a, b]) == [["a", "b"]]


def test_a_headline_naming_another_town_or_an_act_too_far_apart_gives_no_anchor():
    a = _strike("a", "Rosario", 3838583, "Rosario buses stop as drivers walk out")
    b = _strike("b", None, None, "Commuters walk as Cordoba drivers stay home", date="2027-03-11")
    assert _groups([a, b]) == [["a"], ["b"]]
    far = _strike("c", None, None, "Commuters walk as Rosario drivers stay home", date="2027-03-20")
    assert _groups([a, far]) == [["a"], ["c"]]
    # Two reports that name no place: headlines alone never anchor each other.
    cfg = settings()
    x, y = (Cluster.of(members_of(_strike(i, None, None, "Rosario commuters walk"), cfg)[0], cfg) for i in "xy")
    assert x.headline and not anchored(x, y, cfg)


def test_a_stored_partyless_event_or_strike_keeps_what_anchors_it_for_a_later_batch(tmp_path):
    from communique.io.store import Store
    from communique.services.cluster import plan_batch

    b, a = _partyless(), _signed(date="2027-05-07")
    strike_b = _strike("sb", None, None, "Commuters walk as Rosario drivers stay home", date="2027-03-11")
    strike_a = _strike("sa", "Rosario", 3838583, "Rosario buses stop as drivers walk out", date="2027-03-12")
    with Store(tmp_path / "s.duckdb") as s:
        s.add_articles([b, strike_b], plan_batch(s, [b, strike_b]))
        s.add_articles([a, strike_a], plan_batch(s, [a, strike_a]))
        events = sorted(sorted(m.mention.article_id for m in s.mentions() if m.event_id == e.event_id) for e in s.events())
    assert events == [["a", "b"], ["sa", "sb"]]
