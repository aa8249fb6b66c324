"""Clustering mentions into events, on hand-built articles (no model): rules, blocking, merges, redirects."""

from __future__ import annotations

import dataclasses

from communique.core.article import Actor, Article, Event, Evidence, Location, Participant, Place, Span
from communique.io.store import Store
from communique.services.cluster import Index, cluster_articles, plan_batch, settings
from communique.services.cluster.model import Cluster, Member, members_of, place_keys
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


def test_cluster_strikes_on_two_towns_named_only_as_their_targets_stay_apart():
    # The role finder reads the place an attack is done to as its recipient ("struck Nabatieh"):
    # that place is still where the strike was, not a state acting, so it keeps two towns apart.
    a = _article("a1", "2024-02-14")
    b = _article("b1", "2024-02-14")
    for art, town, gid in ((a, "Nabatieh", 278913), (b, "Tyre", 267008)):
        target = Participant(town, "Lebanon", "LBN", None, "country", "LBN")
        _event(art, 0, "ASSAULT", [ISR], [target], date="2024-02-14", granularity="day",
               sentence=f"Israeli jets struck {town} on Wednesday, the army said.")
        art.places = [Place(town, 19, 19 + len(town), town, gid, "LBN", 33.3, 35.4, "PPLA", 0.9, 0)]
    assert len(cluster_articles([a, b])) == 2


def test_cluster_a_strike_placed_only_by_its_reports_other_sentences_is_not_placed_anywhere():
    # "Missiles struck buildings overnight." + "Kharkiv's mayor said ...": the second sentence
    # says where; a report naming Odesa the same way, or in its own sentence, is another strike.
    rus = Participant("Russia", "Russia", "RUS", "MIL", "country", "RUS")
    arts = []
    for aid, town, gid in (("a1", "Kharkiv", 706483), ("b1", "Odesa", 698740), ("c1", "Kharkiv", 706483)):
        art = _article(aid, "2025-06-03")
        _event(art, 0, "ASSAULT", [rus], date="2025-06-03", granularity="day",
               sentence="Russian missiles struck residential buildings overnight, officials said on Tuesday.")
        art.places = [Place(town, 90, 90 + len(town), town, gid, "UKR", 49.0, 33.0, "PPL", 0.9, 1)]
        arts.append(art)
    events = cluster_articles(arts)
    assert sorted(e.num_articles for e in events) == [1, 2]
    # A place named in a sentence that codes an act of its own (a habit, a future act) says nothing.
    for art in arts:
        _event(art, 1, "ASSAULT", [rus], sentence="Russia regularly strikes the region.")
    # So the three strikes are one event again, next to three habits that are never merged.
    assert len(cluster_articles(arts)) == 4


def test_cluster_a_roundup_of_two_towns_never_links_their_strikes():
    # "struck Kharkiv and Odesa" may join the Kharkiv strike, but then the Odesa report stays apart,
    # in whichever order the three reports come.
    rus = Participant("Russia", "Russia", "RUS", "MIL", "country", "RUS")
    texts = {"x": "Russian missiles struck buildings in Kharkiv overnight, officials said.",
             "y": "Russian drones struck buildings in Odesa overnight, officials said.",
             "r": "Russian missiles and drones struck buildings in Kharkiv and in Odesa overnight, officials said."}
    for order in ("xyr", "rxy", "xry"):
        arts = []
        for aid in order:
            art = _article(aid, "2025-06-03")
            _event(art, 0, "ASSAULT", [rus], date="2025-06-03", granularity="day", sentence=texts[aid])
            arts.append(art)
        groups = sorted(sorted(m.article_id for m in e.mentions) for e in cluster_articles(arts))
        assert ["y"] in groups and not any("x" in g and "y" in g for g in groups), order
    # A region and one of its towns are no two places: "in Darfur" links nothing, "in Nyala" may join.
    sdn = Participant("Sudan", "Sudan", "SDN", "MIL", "country", "SDN")
    arts = []
    for aid, sent, places in (
            ("a", "Army jets bombed a market in Nyala, South Darfur, on Tuesday.", [("Nyala", "PPLA"), ("South Darfur", "ADM1")]),
            ("b", "Army jets bombed two towns in Darfur on Tuesday.", [("Darfur", "RGN")]),
            ("c", "An army air raid killed 14 people in Nyala on Tuesday.", [("Nyala", "PPLA")])):
        art = _article(aid, "2024-08-27")
        _event(art, 0, "ASSAULT", [sdn], date="2024-08-27", granularity="day", sentence=sent)
        art.places = [Place(n, sent.index(n), sent.index(n) + len(n), n, None, "SDN", 12.0, 24.0, f, 0.9, 0)
                      for n, f in places]
        arts.append(art)
    (event,) = cluster_articles(arts)
    assert event.num_articles == 3


def test_cluster_a_town_an_attack_verb_takes_as_bare_object_is_a_place_even_read_as_a_person():
    # "struck Tyre": the NER reads the town as a person and the places stage has no place.
    isr = Participant("Israeli jets", "Israel", "ISR", "MIL", "group", "ISR")
    arts = []
    for aid, town in (("a1", "Tyre"), ("b1", "Nabatieh")):
        art = _article(aid, "2024-02-14")
        sentence = f"Israeli jets struck {town} on Wednesday, the army said."
        e = _event(art, 0, "ASSAULT", [isr], [Participant(town, town, None, None, "person", "P1")],
                   date="2024-02-14", granularity="day", sentence=sentence)
        art.events[0] = dataclasses.replace(e, evidence=Evidence(sentence, 0, len(sentence), Span("struck", 13, 19)))
        arts.append(art)
    assert len(cluster_articles(arts)) == 2
    # A named group is no place: "struck Hamas" and "struck Hamas in Gaza" may be one strike.
    for art in arts:
        hamas = Participant("Hamas", "Hamas", "PSE", "REB", "organisation", "HAMAS")
        art.events[0] = dataclasses.replace(art.events[0], recipients=[hamas], evidence=Evidence(
            "Israeli jets struck Hamas on Wednesday.", 0, 39, Span("struck", 13, 19)))
    assert len(cluster_articles(arts)) == 1


def test_cluster_a_capital_named_by_its_country_is_that_city():
    usa = Participant("US aircraft", "United States", "USA", "MIL", "organisation", "USA")
    arts = []
    for aid, where in (("a1", "in the Yemeni capital"), ("b1", "in Hodeidah"), ("c1", "in Sanaa")):
        art = _article(aid, "2025-01-10")
        _event(art, 0, "ASSAULT", [usa], date="2025-01-10", granularity="day",
               sentence=f"US aircraft struck Houthi military sites {where} on Friday, officials said.")
        arts.append(art)
    assert sorted(sorted(m.article_id for m in e.mentions) for e in cluster_articles(arts)) == [["a1", "c1"], ["b1"]]


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


KOR = Participant("South Korea", "South Korea", "KOR", "GOV", "country", "KOR")
PRK = Participant("North Korea", "North Korea", "PRK", "GOV", "country", "PRK")
JPN = Participant("Japan", "Japan", "JPN", "GOV", "country", "JPN")
KGZ = Participant("Kyrgyzstan", "Kyrgyzstan", "KGZ", "GOV", "country", "KGZ")
TJK = Participant("Tajikistan", "Tajikistan", "TJK", "GOV", "country", "TJK")


def _trigger(e: Event, word: str) -> Event:
    """Give a hand-built event the trigger ``word`` of its sentence (its offsets)."""
    at = e.evidence.sentence.index(word)
    e.evidence = Evidence(e.evidence.sentence, 0, len(e.evidence.sentence), Span(word, at, at + len(word)))
    e.event_id = e.compute_id()
    return e


def test_cluster_one_act_in_one_sentence_is_one_event_however_its_participants_were_read():
    a = _article("a1", "2024-09-10")
    s = "Moriyama met South Korea's foreign minister in Tokyo on Tuesday to discuss North Korea's missiles."
    _trigger(_event(a, 0, "CONSULT", [KOR], [JPN], date="2024-09-10", granularity="day", sentence=s), "met")
    _trigger(_event(a, 0, "CONSULT", [PRK], [JPN], date="2024-09-10", granularity="day", sentence=s), "discuss")
    (event,) = cluster_articles([a])
    assert event.num_mentions == 2
    # Two acts with the roles crossed, in one sentence, stay two: a reciprocal release.
    b = _article("b1", "2024-08-07")
    s = "Tajikistan released four Kyrgyz citizens, and Kyrgyzstan freed two Tajik nationals."
    _trigger(_event(b, 0, "RETREAT", [TJK], [KGZ], sentence=s), "released")
    _trigger(_event(b, 0, "RETREAT", [KGZ], [TJK], sentence=s), "freed")
    assert len(cluster_articles([b])) == 2


def test_cluster_a_bare_surname_takes_the_country_another_report_gives_the_full_name():
    usa = Participant("US Secretary Laura Bennett", "Laura Bennett", "USA", "GOV", "person", "P1")
    guessed = Participant("Bennett", "Paula Bennett", "NZL", "GOV", "person", "P2")  # the registry's guess
    mex = Participant("Mexico's foreign minister", "foreign minister", "MEX", "GOV", "person", "")
    a = _article("a1", "2024-06-04")
    b = _article("b1", "2024-06-05")
    _event(a, 0, "CONSULT", [usa], [mex], date="2024-06-04", granularity="day",
           sentence="US Secretary Laura Bennett met Mexico's foreign minister in Mexico City on Tuesday on migration.")
    _event(b, 0, "CONSULT", [guessed], [mex], date="2024-06-04", granularity="day",
           sentence="Bennett held talks with Mexico's foreign minister yesterday on migration across the border.")
    (event,) = cluster_articles([a, b])
    assert event.num_articles == 2
    # Two full names are two people: their countries are not traded.
    other = dataclasses.replace(guessed, text="Paula Bennett")
    b.events[0] = dataclasses.replace(b.events[0], actors=[other], event_id="b-other")
    assert len(cluster_articles([a, b])) == 2


def test_cluster_roles_misread_by_one_outlet_merge_across_reports_but_not_within_one():
    ind = Participant("India", "India", "IND", "GOV", "country", "IND")
    lka = Participant("Sri Lanka", "Sri Lanka", "LKA", "GOV", "country", "LKA")
    a = _article("a1", "2024-06-06")
    b = _article("b1", "2024-06-07")
    _event(a, 0, "AID", [ind, lka], date="2024-06-06", granularity="day",
           sentence="India delivered 25 tonnes of medicines to Sri Lanka on Thursday, the high commission said.")
    _event(b, 0, "AID", [ind], [lka], date="2024-06-06", granularity="day",
           sentence="An Indian navy ship delivered medicines to Sri Lanka yesterday for its hospitals.")
    (event,) = cluster_articles([a, b])
    assert event.num_articles == 2
    b.events[0] = dataclasses.replace(b.events[0], article_id="a1", sentence_index=1, event_id="a-1")
    a.events.append(b.events[0])
    assert len(cluster_articles([a])) == 2


def test_cluster_a_habit_is_no_current_event_and_links_nothing():
    a = _article("a1", "2024-07-10")
    _event(a, 0, "ASSAULT", [TUR], [ISR], sentence="Turkey regularly strikes positions in the mountains.")
    (event,) = cluster_articles([a])
    assert event.event.historical


def test_cluster_datelines_and_capitals_that_act_are_not_where_a_deployment_was():
    chn = Participant("Beijing", "China", "CHN", "GOV", "country", "CHN")
    twn = Participant("Taiwan", "Taiwan", "TWN", "GOV", "country", "TWN")
    a = _article("a1", "2024-04-25")
    b = _article("b1", "2024-04-26")
    _event(a, 0, "MOBILIZE", [chn], [twn], date="2024-04-25", granularity="day",
           sentence="TAIPEI — China deployed warships and military aircraft around Taiwan on Thursday for drills.")
    _event(b, 0, "MOBILIZE", [chn], date="2024-04-25", granularity="day",
           sentence="Beijing mobilised warships and aircraft near Taiwan yesterday for military drills.")
    a.places = [Place("TAIPEI", 0, 6, "Taipei", 1668341, "TWN", 25.0, 121.5, "PPLC", 0.9, 0)]
    b.places = [Place("Beijing", 0, 7, "Beijing", 1816670, "CHN", 39.9, 116.4, "PPLC", 0.9, 0)]
    (event,) = cluster_articles([a, b])
    assert event.num_articles == 2


def test_cluster_a_strike_placed_in_a_town_and_one_placed_in_its_country_can_be_one():
    nga = Participant("Nigeria", "Nigeria", "NGA", "GOV", "country", "NGA")
    kaduna = Location("Kaduna", "Kaduna", 2335727, "NGA", 10.5, 7.4)
    a = _article("a1", "2024-03-07")
    b = _article("b1", "2024-03-08")
    _event(a, 0, "ASSAULT", [], [], date="2024-03-07", granularity="day", location=kaduna,
           sentence="Gunmen abducted more than 100 pupils from a school in Kaduna on Thursday, officials said.")
    _event(b, 0, "ASSAULT", [nga], [nga], date="2024-03-07", granularity="day",
           sentence="Armed men abducted more than 100 pupils yesterday from a school in northwestern Nigeria.")
    (event,) = cluster_articles([a, b])
    assert event.num_articles == 2


def test_cluster_explain_names_the_rule_that_keeps_two_reports_apart():
    from communique.services.cluster.explain import why_apart

    cfg = settings()
    a = _article("a1", "2024-08-28")
    base = _event(a, 0, "CONSULT", [AZE], [TUR], date="2024-08-27", granularity="day", location=ANKARA,
                  sentence="The foreign ministers met in Ankara.")
    one = _cluster(base, a)
    assert why_apart(one, _cluster(dataclasses.replace(base, date="2024-09-20", event_id="v1"), a), cfg) == \
        "dates 24 days apart"
    assert why_apart(one, _cluster(dataclasses.replace(base, recipients=[ARM], event_id="v2"), a), cfg) == \
        "dyad ['AZE', 'TUR'] / ['ARM', 'AZE']"
    assert why_apart(one, _cluster(dataclasses.replace(base, type="AGREE", event_id="v3"), a), cfg).startswith("type")


def _placed(index: Index, stored: list[Cluster], new: list[Cluster], filtered: bool) -> tuple[list, list, int]:
    """Place ``new`` after indexing ``stored`` (all of it, or what ``add_stored`` keeps); return what changed."""
    chosen = index.joinable(((c, c) for c in stored), new) if filtered else stored
    for c in chosen:
        index.add(c)
    kept = len(chosen)
    lives = [index.place(c) for c in new]
    outcome = [(c.event_id, live.live().event_id, sorted(live.live().codes), live.live().lo) for c, live in
               zip(new, lives, strict=True)]
    merged = sorted((c.event_id, c.live().event_id) for c in stored if c.merged_into is not None)
    return outcome, merged, kept


def test_cluster_a_batch_keeps_only_the_stored_events_it_may_join_and_places_as_with_all(tmp_path):
    cfg = settings()
    others = [Participant(c, c, c, "GOV", "country", c) for c in ("AAA", "BBB", "CCC", "DDD")]
    with Store(tmp_path / "s.duckdb") as s:
        # A year of stored meetings between other countries, and two stored reports of one meeting.
        for day in range(0, 360, 4):
            art = _article(f"x{day}", f"2024-{1 + day // 30:02d}-{1 + day % 28:02d}")
            for k, p in enumerate(others):
                _event(art, k, "CONSULT", [p], [others[(k + 1) % 4]], date=art.date, granularity="day",
                       sentence=f"Delegations {day} {k} held talks on fisheries quotas.")
            s.add_articles([art], plan_batch(s, [art]))
        a, b = _article("a1", "2024-08-27", source="Wire"), _article("b1", "2024-08-27", source="Daily")
        _event(a, 0, "CONSULT", [AZE], [TUR], date="2024-08-27", granularity="day", location=ANKARA,
               sentence="Azerbaijani and Turkish foreign ministers met in Ankara to discuss security and trade.")
        _event(b, 0, "CONSULT", [AZE, TUR], date="2024-08-27", granularity="day",
               sentence="Azerbaijani and Turkish foreign ministers met to discuss security and trade.")
        s.add_articles([a], plan_batch(s, [a]))
        b.events[0] = dataclasses.replace(b.events[0], event_id="b-consult")
        s.add_articles([b])  # stored apart, without clustering
        stored_n = s.count("events")

        def batch() -> tuple[list[Cluster], list[Cluster]]:
            c, d = _article("c1", "2024-08-28", source="Herald"), _article("d1", "2024-09-02", source="Post")
            _event(c, 0, "CONSULT", [AZE, TUR], date="2024-08-27", granularity="day", location=ANKARA,
                   sentence="The Azerbaijani and Turkish foreign ministers met in Ankara to discuss security and trade.")
            # Dated by its year alone and naming no country: its window reaches every stored meeting.
            _event(d, 0, "CONSULT", [], date="2024-01-01", granularity="year",
                   sentence="Talks this year went on without a breakthrough.")
            new = [_cluster(e, art) for art in (c, d) for e in art.events]
            stored = [Cluster.stored_event(x.event_id, x.mention_id, x.event, x.features, x.first_date, x.last_date,
                                           x.num_mentions, cfg)
                      for x in s.candidates(["CONSULT"], None, "2023-12-29", "2025-01-03")]
            return stored, new

        stored, new = batch()
        assert len(stored) == stored_n > 300
        assert all(Index(cfg).reaches(new[1], x) for x in stored)
        every = _placed(Index(cfg), stored, new, filtered=False)
        stored, new = batch()
        kept = _placed(Index(cfg), stored, new, filtered=True)
        assert kept[:2] == every[:2]
        assert kept[1] == [("b-consult", a.events[0].event_id)]  # the linking report still merges the two
        assert 2 <= kept[2] < 10  # of the 360-odd events the window reaches


def test_store_candidates_stream_without_records_which_event_records_reads(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        for day in ("01", "08", "15", "22", "29"):  # a week apart: five events
            a = _article(f"a{day}", f"2024-08-{day}")
            _event(a, 0, "CONSULT", [AZE], [TUR], date=a.date, granularity="day", location=ANKARA,
                   sentence=f"Talks {day}.")
            s.add_articles([a], plan_batch(s, [a]))
        rows = s.candidates(["CONSULT"], ["TUR"], "2024-08-05", "2024-08-24")
        assert iter(rows) is rows  # a generator: rows are read as they are used, not all at once
        got = sorted(rows, key=lambda x: x.first_date)
        assert [x.first_date for x in got] == ["2024-08-08", "2024-08-15", "2024-08-22"]
        assert all(x.partial and x.event.type == "CONSULT" and x.event.location == ANKARA for x in got)
        assert not any(x.event.actors or x.event.evidence for x in got)  # the record is not read
        full = s.event_records([x.event_id for x in got] + ["no-such-event"])
        assert sorted(full) == sorted(x.event_id for x in got)
        assert all(full[x.event_id].evidence.sentence.startswith("Talks") and full[x.event_id].actors for x in got)


def _placed_article(aid: str, date: str, sentence: str, places, actor: Participant, type_: str = "ASSAULT") -> Article:
    """Return a one-sentence report whose places are (text, feature, usage) found in the sentence."""
    art = Article(text=sentence, date=date, id=aid)
    _event(art, 0, type_, [actor], date=date, granularity="day", sentence=sentence)
    art.places = [Place(t, sentence.index(t), sentence.index(t) + len(t), t, None, actor.country, 0.0, 0.0, f, 0.9, 0,
                        usage=u) for t, f, u in places]
    return art


def _groups(arts: list[Article]) -> list[list[str]]:
    return sorted(sorted(m.article_id for m in e.mentions) for e in cluster_articles(arts))


def test_cluster_divisions_named_like_their_towns_keep_two_strikes_apart_even_through_a_roundup():
    # The places stage reads a bare "Homs" or "Hama" as the province of that name: it is still a
    # town of its sentence, so a roundup naming both joins one and never links the two.
    jets = Participant("Government jets", "Syria", "SYR", "MIL", "group", "SYR")
    texts = {"x": ("Government jets bombed a market in Homs on Sunday, a monitor said.", [("Homs", "ADM1", "literal")]),
             "y": ("Government jets bombed a hospital in Hama on Sunday, medics said.", [("Hama", "ADM1", "literal")]),
             "r": ("Government jets bombed Homs and Hama on Sunday, killing eleven people.",
                   [("Homs", "ADM1", "literal"), ("Hama", "ADM1", "literal")])}
    for order in ("xyr", "rxy", "xry", "yrx"):
        groups = _groups([_placed_article(a, "2024-03-03", *texts[a], jets) for a in order])
        assert not any("x" in g and "y" in g for g in groups), (order, groups)
    # A division its sentence calls one ("in Homs province") is a region: a town in it may be the
    # same strike, and so may the division named bare.
    arts = [_placed_article("a", "2024-03-03", "Government jets bombed a village near Talbiseh in Homs province on Sunday.",
                            [("Talbiseh", "PPL", "literal"), ("Homs", "ADM1", "literal")], jets),
            _placed_article("b", "2024-03-03", "Government jets bombed a village in Homs on Sunday, a monitor said.",
                            [("Homs", "ADM1", "literal")], jets)]
    assert _groups(arts) == [["a", "b"]]


def test_cluster_the_capital_of_the_one_country_a_sentence_names_is_that_city():
    army = Participant("the army", "Sudan", "SDN", "MIL", "group", "SDN")
    def report(aid: str, where: str, places) -> Article:
        return _placed_article(aid, "2024-09-02", f"Sudan's army said a drone struck a fuel depot {where} on Monday.",
                               [("Sudan", "PCLI", "literal"), *places], army)
    arts = [report("a1", "in the capital", []), report("b1", "in Port Sudan", [("Port Sudan", "PPLA", "literal")]),
            report("c1", "in Khartoum", [("Khartoum", "PPLC", "literal")])]
    assert _groups(arts) == [["a1", "c1"], ["b1"]]
    # Two countries named: which capital is meant is not said, so the report is placed nowhere.
    arts[0] = _placed_article("a1", "2024-09-02", "Chad and Sudan said a drone struck a fuel depot in the capital on Monday.",
                              [("Chad", "PCLI", "literal"), ("Sudan", "PCLI", "literal")], army)
    from communique.services.cluster.model import members_of
    assert not members_of(arts[0], settings())[0].places


def test_cluster_a_site_named_after_its_town_places_a_strike_there():
    # "Mosul airport": the geoparser reads the town inside another name (usage "embedded").
    jets = Participant("Coalition jets", "United States", "USA", "MIL", "group", "USA")
    arts = [_placed_article("a", "2024-05-06", "Coalition jets struck Mosul international airport on Monday, officials said.",
                            [("Mosul", "PPLA", "embedded")], jets),
            _placed_article("b", "2024-05-06", "Coalition jets struck a depot in Kirkuk on Monday, officials said.",
                            [("Kirkuk", "PPLA", "literal")], jets),
            _placed_article("c", "2024-05-06", "Coalition jets struck targets near Mosul on Monday, officials said.",
                            [("Mosul", "PPLA", "literal")], jets)]
    assert _groups(arts) == [["a", "c"], ["b"]]
    # A town inside an organisation's name that is no site ("the Mosul Provincial Council") says nothing.
    arts[0] = _placed_article("a", "2024-05-06", "Coalition jets struck a building, the Mosul Provincial Council said on Monday.",
                              [("Mosul", "PPLA", "embedded")], jets)
    from communique.services.cluster.model import members_of
    assert not members_of(arts[0], settings())[0].places


def test_cluster_a_town_written_as_a_sites_owner_or_after_strikes_on_is_a_place():
    # "Hodeidah's port was hit", "air strikes on Hodeidah": the NER reads the town as a person.
    jets = Participant("US jets", "United States", "USA", "MIL", "group", "USA")
    def report(aid: str, sentence: str, town: str, trigger: str) -> Article:
        art = _article(aid, "2024-02-03")
        e = _event(art, 0, "ASSAULT", [jets], [Participant(town, town, None, None, "person", "P1")],
                   date="2024-02-03", granularity="day", sentence=sentence)
        at = sentence.index(trigger)
        art.events[0] = dataclasses.replace(e, evidence=Evidence(sentence, 0, len(sentence), Span(trigger, at, at + len(trigger))))
        return art
    arts = [report("a", "Hodeidah's main port was hit by US jets on Saturday, port officials said.", "Hodeidah", "hit"),
            report("b", "US jets carried out air strikes on Taiz on Saturday, residents said.", "Taiz", "strikes"),
            report("c", "US jets bombed Hodeidah on Saturday, the Houthis said.", "Hodeidah", "bombed")]
    assert _groups(arts) == [["a", "c"], ["b"]]
    # A person's belongings are no site: "Saleh's house was hit" names no place.
    from communique.services.cluster.model import members_of
    art = report("d", "Saleh's house was hit by US jets on Saturday, relatives said.", "Saleh", "hit")
    assert not members_of(art, settings())[0].places


def test_cluster_a_strike_whose_headline_alone_names_the_place_is_placed_there():
    # "Drone strike near Zakho kills two" over "A drone struck a car on Tuesday, killing two people."
    tur = Participant("Turkey", "Turkey", "TUR", "MIL", "country", "TUR")
    arts = []
    for aid, title, sentence in (
            ("a", "Drone strike near Zakho kills two", "A Turkish drone struck a car on Tuesday, killing two people."),
            ("b", "Drone hits farm in Duhok", "A Turkish drone struck a farm near Duhok on Tuesday, killing two people."),
            ("c", "Two killed by drone in Zakho", "A Turkish drone struck a car near Zakho on Tuesday, killing two people.")):
        art = Article(text=sentence, date="2024-07-09", id=aid, title=title)
        _event(art, 0, "ASSAULT", [tur], date="2024-07-09", granularity="day", sentence=sentence)
        arts.append(art)
    assert _groups(arts) == [["a", "c"], ["b"]]


JPN_GOV = Participant("Japan", "Japan", "JPN", "GOV", "country", "JPN")
RUS = Participant("Russia", "Russia", "RUS", "GOV", "country", "RUS")


def _vectors(seed: int, cos: float) -> tuple[bytes, bytes]:
    """Return two packed unit vectors whose cosine is ``cos``."""
    import numpy as np

    from communique.core import vector

    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal((2, vector.DIM))
    a /= np.linalg.norm(a)
    b -= np.dot(a, b) * a
    b /= np.linalg.norm(b)
    return vector.pack(a), vector.pack(cos * a + (1 - cos * cos) ** 0.5 * b)


def _sanction_reports(va: bytes, vb: bytes) -> list[Article]:
    from communique.core.article import Sentence

    a = _article("s1", "2025-02-24", source="Wire")
    b = _article("s2", "2025-02-25", source="Daily")
    _event(a, 0, "SANCTION", [JPN_GOV], [RUS], date="2025-02-24", granularity="day",
           sentence="Japan froze the assets of three Russian banks on Monday.")
    _event(b, 0, "SANCTION", [JPN_GOV], date="2025-02-24", granularity="day",
           sentence="Tokyo yesterday added three lenders to its sanctions list.")
    for art, v in ((a, va), (b, vb)):
        text = art.events[0].evidence.sentence
        art.sentences = [Sentence(0, 0, len(text), text, vector=v)]
    return [a, b]


def test_cluster_paraphrases_sharing_no_evidence_word_merge_by_their_sentence_vectors():
    cfg = settings()
    alike, unrelated = _vectors(5, 0.85), _vectors(6, 0.2)
    # The words share nothing (below the evidence floor): by words alone, two events.
    assert len(cluster_articles(_sanction_reports(None, None))) == 2
    assert len(cluster_articles(_sanction_reports(*unrelated))) == 2
    (event,) = cluster_articles(_sanction_reports(*alike))
    assert event.num_articles == 2
    a, b = (Cluster.of(m, cfg) for m in (Member(e, e.article_id, article_date=e.date, vector=v)
                                          for e, v in zip([r.events[0] for r in _sanction_reports(*alike)], alike,
                                                          strict=True)))
    from communique.services.cluster.rules import meaning_similarity, signals, word_similarity

    assert word_similarity(a, b) == 0.0 and meaning_similarity(a, b, cfg) == 1.0
    assert signals(a, b, cfg)["evidence"] == 1.0


def test_cluster_a_stored_event_keeps_its_vector_and_a_later_paraphrase_joins_it(tmp_path):
    first, second = _sanction_reports(*_vectors(7, 0.85))
    with Store(tmp_path / "s.duckdb") as s:
        plan = plan_batch(s, [first])
        (write,) = plan.events
        assert isinstance(write.features["vector"], str)  # the event's direction, as text
        s.add_articles([first], plan)
        plan = plan_batch(s, [second])
        assert plan.assign[second.events[0].event_id] == first.events[0].event_id
        s.add_articles([second], plan)
        (event,) = list(s.events())
        assert event.num_articles == 2


def test_cluster_a_named_force_after_of_is_no_place_and_accented_towns_match_their_plain_spelling():
    # "thousands of National Guard troops": the actors stage reads a force there, so it names no
    # town called "Guard" that another report of the deployment would lack; "Ciudad Juárez" and
    # "Ciudad Juarez" are one town.
    mex = Participant("Mexico", "Mexico", "MEX", "GOV", "country", "MEX")
    s = "Mexico sent thousands of National Guard troops to the northern border on Monday."
    a = Article(text=s, date="2024-06-18", id="a1")
    _event(a, 0, "MOBILIZE", [mex], date="2024-06-17", granularity="day", sentence=s)
    a.actors = [Actor("National Guard troops", "National Guard", "MEX", "MIL", "group", sentence_index=0)]
    (member,) = members_of(a, settings())
    assert member.places == frozenset()
    # A town the NER took for a person keeps counting as a place ("bombed the town of Mellit").
    s2 = "Army jets bombed the town of Mellit on Tuesday, residents said."
    b = Article(text=s2, date="2024-08-27", id="b1")
    _event(b, 0, "ASSAULT", [mex], date="2024-08-27", granularity="day", sentence=s2)
    b.actors = [Actor("Mellit", "Mellit", None, None, "person", sentence_index=0)]
    (member,) = members_of(b, settings())
    assert "mellit" in member.places
    assert place_keys("Ciudad Juárez", settings()) == place_keys("Ciudad Juarez", settings()) == {"ciudad", "juarez"}


def test_cluster_a_mention_dated_by_its_own_words_dates_the_event_over_one_dated_by_its_report():
    # "... a week after army officers seized power" (the week before the report's Tuesday), then
    # "the detained president" two sentences on, with no date of its own: the week dates the coup.
    # A month stays vaguer than the report's date.
    gab = Participant("army officers", "Gabon military", "GAB", "MIL", "group", "GAB-MIL")
    a = _article("a1", "2023-09-07")
    _event(a, 0, "COERCE", [gab], date="2023-08-28", granularity="week", sentence="A week after officers seized power.")
    _event(a, 2, "COERCE", [gab], sentence="It called for the release of the detained president.")
    (coup,) = cluster_articles([a])
    assert coup.num_mentions == 2
    assert (coup.event.date, coup.event.date_granularity) == ("2023-08-28", "week")
    b = _article("b1", "2023-09-07")
    _event(b, 0, "COERCE", [gab], sentence="Officers detained the president.")
    _event(b, 1, "COERCE", [gab], date="2023-09-01", granularity="month", sentence="Arrests went on this month.")
    (arrests,) = cluster_articles([b])
    assert (arrests.event.date, arrests.event.date_granularity) == ("2023-09-07", "article")


def test_cluster_an_act_told_again_as_its_sentences_definite_subject_joins_without_that_sentences_date_and_place():
    # "The accord follows talks in Baku earlier this month": the date and place are the talks'.
    a = _article("an1", "2024-09-11")
    _trigger(_event(a, 0, "AGREE", [AZE], [TUR], date="2024-09-10", granularity="day", location=ANKARA,
                    sentence="Azerbaijan and Turkey signed an agreement in Ankara on Tuesday."), "agreement")
    _trigger(_event(a, 1, "AGREE", [], date="2024-09-01", granularity="month", location=BAKU,
                    sentence="The accord follows talks between the two ministers in Baku earlier this month."), "accord")
    (event,) = cluster_articles([a])
    assert event.num_mentions == 2
    assert (event.event.date, event.event.date_granularity, event.event.location.geonameid) == \
        ("2024-09-10", "day", ANKARA.geonameid)
    # A noun that says which act it is ("the second accord", "the accord signed in Baku"), or an
    # act told by a verb, keeps its own date and place: another act.
    for sentence, word in (("The second accord was signed in Baku earlier this month.", "accord"),
                           ("The accord signed in Baku earlier this month covers gas.", "accord"),
                           ("The two ministers agreed in Baku earlier this month to build a pipeline.", "agreed")):
        b = _article("an2", "2024-09-11")
        _trigger(_event(b, 0, "AGREE", [AZE], [TUR], date="2024-09-10", granularity="day", location=ANKARA,
                        sentence="Azerbaijan and Turkey signed an agreement in Ankara on Tuesday."), "agreement")
        _trigger(_event(b, 1, "AGREE", [], date="2024-09-01", granularity="month", location=BAKU,
                        sentence=sentence), word)
        assert len(cluster_articles([b])) == 2, sentence
    # Nor does a definite noun join an act of another dyad, or one it has no cluster to join.
    c = _article("an3", "2024-09-11")
    _trigger(_event(c, 0, "AGREE", [AZE], [TUR], date="2024-09-10", granularity="day", location=ANKARA,
                    sentence="Azerbaijan and Turkey signed an agreement in Ankara on Tuesday."), "agreement")
    _trigger(_event(c, 1, "AGREE", [ARM], [TUR], date="2024-09-01", granularity="month", location=BAKU,
                    sentence="The accord follows one between Armenia and Turkey in Baku earlier this month."), "accord")
    assert len(cluster_articles([c])) == 2
    d = _article("an4", "2024-09-11")
    _trigger(_event(d, 0, "AGREE", [AZE], [TUR], date="2024-09-01", granularity="month", location=BAKU,
                    sentence="The accord follows talks in Baku earlier this month."), "accord")
    (alone,) = cluster_articles([d])
    assert alone.event.location.geonameid == BAKU.geonameid


def test_cluster_a_place_one_report_locates_and_the_other_only_names_counts_as_the_same_place():
    from communique.services.cluster.rules import signals
    cfg = settings()
    a, b, c = _article("sp1", "2024-09-11"), _article("sp2", "2024-09-11"), _article("sp3", "2024-09-11")
    located = Cluster.of(Member(_event(a, 0, "CONSULT", [AZE], [TUR], date="2024-09-10", granularity="day",
                                       location=ANKARA), "sp1", article_date="2024-09-11"), cfg)
    # "met yesterday in the Turkish capital": the sentence names Ankara, the geoparser placed nothing.
    named = Cluster.of(Member(_event(b, 0, "CONSULT", [AZE], [TUR]), "sp2", article_date="2024-09-11",
                              places=frozenset(place_keys("Ankara", cfg))), cfg)
    elsewhere = Cluster.of(Member(_event(c, 0, "CONSULT", [AZE], [TUR]), "sp3", article_date="2024-09-11",
                                  places=frozenset(place_keys("Baku", cfg))), cfg)
    assert signals(located, named, cfg)["place"] == 1.0
    assert signals(named, located, cfg)["place"] == 1.0
    assert signals(located, elsewhere, cfg)["place"] == 0.5
    assert score(located, named, cfg) > score(located, elsewhere, cfg)


def test_cluster_what_the_reported_act_will_do_told_with_it_as_definite_subject_joins_it():
    # "The deal will fund a port": the future is the funding's; "the deal" is the one just signed.
    def report(follow_up: str, word: str, granularity: str = "article", date: str | None = None) -> Article:
        a = _article("fu1", "2024-09-11")
        _trigger(_event(a, 0, "AGREE", [AZE], [TUR], date="2024-09-10", granularity="day", location=ANKARA,
                        sentence="Azerbaijan and Turkey signed an agreement in Ankara on Tuesday."), "agreement")
        e = _trigger(_event(a, 1, "AGREE", [], date=date, granularity=granularity, sentence=follow_up), word)
        e.future = True
        e.event_id = e.compute_id()
        return a

    (event,) = cluster_articles([report("The deal will fund a gas pipeline to Kars.", "fund")])
    assert event.num_mentions == 2 and not event.event.future
    assert (event.event.date, event.event.location.geonameid) == ("2024-09-10", ANKARA.geonameid)
    # A date of its own says another act; a subject that is not the bare act noun, or that says
    # which act it is, does not tell the reported act again.
    for sentence, word, granularity, date in (
            ("The talks will resume next week in Baku.", "resume", "week", "2024-09-16"),
            ("Officials said the deal would fund a pipeline.", "fund", "article", None),
            ("The second deal will fund a pipeline.", "fund", "article", None)):
        assert len(cluster_articles([report(sentence, word, granularity, date)])) == 2, sentence


def test_cluster_a_weekday_with_a_possessive_after_in_is_a_time_not_a_place():
    from communique.services.cluster.model import named_places

    cfg = settings()
    assert named_places("two workers killed in Tuesday's missile strike on the port", cfg) == set()
    assert named_places("funerals in Odesa for those killed in Monday’s attack", cfg) == {"odesa"}


def test_cluster_a_multi_word_country_with_its_possessive_is_no_place_below_country_level():
    # "in New Zealand's largest city" names the country; "in Auckland" the city: one strike.
    nurses = Participant("nurses", "nurses", None, None, "group", "")
    arts = [_placed_article("a", "2028-10-24", "Nurses walked off the job in Auckland on Tuesday over staffing.",
                            [("Auckland", "PPLA", "literal")], nurses, "PROTEST"),
            _placed_article("b", "2028-10-24", "Thousands of nurses went on strike in New Zealand's largest city on Tuesday.",
                            [("New Zealand", "PCLI", "literal")], nurses, "PROTEST")]
    assert not members_of(arts[1], settings())[0].places
    # A city with its possessive stays a place ("in Auckland's hospitals").
    art = _placed_article("c", "2028-10-24", "Nurses walked off the job in Auckland's hospitals on Tuesday.", [], nurses,
                          "PROTEST")
    assert members_of(art, settings())[0].places == {"auckla"}


def test_cluster_a_person_an_arrest_receives_is_who_not_where():
    police = Participant("police", "Zimbabwe police", "ZWE", "COP", "group", "ZWE-COP")
    moyo = Participant("Tendai Moyo", "Tendai Moyo", None, None, "person", "P1")
    art = _article("a", "2028-07-12")
    sentence = "Rights groups condemned the arrest of Tendai Moyo by police on July 11."
    _event(art, 0, "COERCE", [police], [moyo], date="2028-07-11", granularity="day", sentence=sentence)
    assert not members_of(art, settings())[0].places
    # An attack's recipient read as a person may still be its place ("bombed the town of Mellit").
    art = _article("b", "2028-07-12")
    town = Participant("Mellit", "Mellit", None, None, "person", "P2")
    _event(art, 0, "ASSAULT", [police], [town], date="2028-07-11", granularity="day",
           sentence="Jets bombed the town of Mellit on July 11.")
    assert members_of(art, settings())[0].places == {"mellit"}
