"""Places: gazetteer, toponym resolution and event location, on articles built by hand.

Most tests use a small hand-made gazetteer (fast, and the ranking is visible in the test);
a few check the packaged one, built once per module.
"""

from __future__ import annotations

import pytest

from communique.core.article import (
    Actor,
    Article,
    Entity,
    Event,
    Evidence,
    Location,
    Participant,
    Place,
    Sentence,
    Span,
    Token,
)
from communique.services.places import place_pipeline, place_records
from communique.stages.where import LocationStage, PlaceStage, load_gazetteer, normalize
from communique.stages.where.gazetteer import Gazetteer, GeoEntry
from communique.stages.where.packaged import load_regions
from communique.stages.where.resolve import resolve_article

PARIS_FR = GeoEntry(2988507, "Paris", "FRA", 48.85341, 2.3488, "PPLC", 2138551, "11")
PARIS_TX = GeoEntry(4717560, "Paris", "USA", 33.66094, -95.55551, "PPL", 24782, "TX")
ANKARA = GeoEntry(323786, "Ankara", "TUR", 39.91987, 32.85427, "PPLC", 3517182, "68")


RUSSIA = GeoEntry(2017370, "Russia", "RUS", 61.7, 99.2, "PCLI", 144478050)
FRANCE = GeoEntry(3017382, "France", "FRA", 46.6, 2.3, "PCLI", 66987244)
TURKEY = GeoEntry(298795, "Turkey", "TUR", 39.0, 35.4, "PCLI", 82319724)
AZERBAIJAN = GeoEntry(587116, "Azerbaijan", "AZE", 40.5, 47.5, "PCLI", 9942334)


def small_gazetteer() -> Gazetteer:
    gaz = Gazetteer(
        [
            (PARIS_FR, ["Lutetia"]),
            (PARIS_TX, []),
            (RUSSIA, ["Russian Federation"]),
            (FRANCE, []),
            (GeoEntry(4736286, "Texas", "USA", 31.25, -99.25, "ADM1", 0, "TX"), ["Tex."]),
            (GeoEntry(6252001, "United States", "USA", 39.5, -99.1, "PCLI", 327167434), ["U.S.", "US"]),
            (ANKARA, ["Angora"]),
            (TURKEY, ["Türkiye"]),
            (AZERBAIJAN, []),
            (GeoEntry(5128581, "New York City", "USA", 40.71, -74.0, "PPL", 8175133, "NY"), ["New York"]),
            (GeoEntry(None, "Gaza Strip", "PSE", 31.42, 34.37, "RGN"), []),
        ]
    )
    for demonym, entry in [
        ("Turkish", TURKEY),
        ("French", FRANCE),
        ("Azerbaijani", AZERBAIJAN),
        ("Russian", RUSSIA),
        ("Russians", RUSSIA),
    ]:
        gaz.add_demonym(demonym, entry)
    return gaz


GAZ = small_gazetteer()


def tokens_for(
    words: list[str], heads: list[int], deps: list[str], tags: list[str], base: int = 0
) -> list[Token]:
    """Return hand-parsed tokens for ``words`` joined by single spaces, starting at ``base``."""
    toks, pos = [], base
    for i, (w, h, d, t) in enumerate(zip(words, heads, deps, tags, strict=True)):
        upos = {"VBD": "VERB", "VB": "VERB", "VBZ": "VERB", "IN": "ADP", "NNP": "PROPN", "DT": "DET"}.get(
            t, "NOUN"
        )
        toks.append(
            Token(
                i=i,
                text=w,
                start=pos,
                end=pos + len(w),
                lemma=w.lower().rstrip("s")
                if t == "VBZ"
                else {"said": "say", "met": "meet"}.get(w, w.lower()),
                pos=upos,
                tag=t,
                dep=d,
                head=h,
            )
        )
        pos += len(w) + 1
    return toks


def article(
    sentences: list[str],
    ents: list[tuple[str, str, int]] = (),
    parsed: dict[int, list[Token]] | None = None,
    actors: list[Actor] = (),
) -> Article:
    """Return an article of ``sentences`` (joined by one space) with entities (text, label,
    sentence index; the first occurrence in that sentence) and optional parses."""
    text = " ".join(sentences)
    sents, pos = [], 0
    for i, s in enumerate(sentences):
        sents.append(Sentence(index=i, start=pos, end=pos + len(s), text=s, tokens=(parsed or {}).get(i, [])))
        pos += len(s) + 1
    entities = []
    for etext, label, si in ents:
        start = sents[si].start + sents[si].text.index(etext)
        entities.append(Entity(start, start + len(etext), etext, label, si))
    return Article(
        text=text, date="2024-08-28", id="t", sentences=sents, entities=entities, actors=list(actors)
    )


def names(places: list[Place]) -> list[tuple[str, str | None]]:
    return [(p.text, p.country) for p in places]


def usages(places: list[Place]) -> list[tuple[str, str | None, str]]:
    return [(p.text, p.country, p.usage) for p in places]


# --- gazetteer --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, key",
    [
        ("the Gaza Strip", "gaza strip"),
        ("Turkey’s", "turkey"),
        ("Québec", "quebec"),
        ("U.S.", "us"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("  New   York ", "new york"),
    ],
)
def test_where_normalize_names(raw, key):
    assert normalize(raw) == key


def test_where_gazetteer_short_capital_names_need_capitals():
    assert [h.entry.name for h in GAZ.lookup("US")] == ["United States"]
    assert GAZ.lookup("us") == []


@pytest.fixture(scope="module")
def packaged() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    "name, geonameid, country, feature",
    [
        ("Ankara", 323786, "TUR", "PPLC"),
        ("Turkey", 298795, "TUR", "PCLI"),
        ("Türkiye", 298795, "TUR", "PCLI"),
        ("Britain", 2635167, "GBR", "PCLI"),
        ("Texas", 4736286, "USA", "ADM1"),
        ("N.J.", 5101760, "USA", "ADM1"),  # an AP abbreviation with a dot inside is a name
        ("Africa", 6255146, None, "CONT"),
        ("Karabakh", None, "AZE", "RGN"),
        ("Gaza Strip", None, "PSE", "RGN"),
        ("Donbas", None, "UKR", "RGN"),
    ],
)
def test_where_packaged_gazetteer_knows(packaged, name, geonameid, country, feature):
    hits = [h.entry for h in packaged.lookup(name)]
    assert any((e.geonameid, e.country, e.feature) == (geonameid, country, feature) for e in hits), hits
    assert all(e.lat is not None and e.lon is not None for e in hits if e.feature != "PPL")


def test_where_packaged_gazetteer_points_countries_at_their_mainland(packaged):
    us = packaged.countries["USA"]
    assert 37 < us.lat < 42 and -102 < us.lon < -95  # not pulled towards Alaska or Hawaii


def test_where_packaged_gazetteer_has_one_capital_per_country(packaged):
    washingtons = [h.entry for h in packaged.lookup("Washington") if h.entry.feature == "PPLC"]
    assert [e.geonameid for e in washingtons] == [4140963]


def test_where_packaged_gazetteer_demonyms(packaged):
    assert packaged.is_demonym("Turkish") and packaged.is_demonym("Afghans")
    assert not packaged.is_demonym("US") and not packaged.is_demonym("Ankara")


@pytest.mark.parametrize(
    "demonym, name, feature",
    [
        ("Turkish", "Turkey", "PCLI"),
        ("Afghans", "Afghanistan", "PCLI"),
        ("European", "Europe", "CONT"),  # a region's or continent's demonym (regions file)
        ("Kurdish", "Kurdistan", "RGN"),
        ("English", "England", "ADM1"),  # the region's demonym replaces the country's
    ],
)
def test_where_packaged_gazetteer_demonym_places(packaged, demonym, name, feature):
    assert [(e.name, e.feature) for e in packaged.demonym_places(demonym)][:1] == [(name, feature)]


def test_where_packaged_gazetteer_organisation_places_need_capitals(packaged):
    assert [e.name for e in packaged.organisation_places("EU")] == ["Europe"]
    assert packaged.organisation_places("Eu") == []


def test_where_regions_file_is_well_formed():
    import pycountry

    rows = load_regions()["regions"]
    assert len({r["name"] for r in rows}) == len(rows)
    for r in rows:
        assert -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180, r
        assert (
            r["country"] is None or pycountry.countries.get(alpha_3=r["country"]) or r["country"] == "XKX"
        ), r
        assert r["geonameid"] is None or isinstance(r["geonameid"], int)


# --- resolution -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentences, ents, expected",
    [
        # no context: the capital of France outranks a Texas town
        (["Talks were held in Paris."], [("Paris", "GPE", 0)], "FRA"),
        # the article is about Texas: Paris, Texas
        (
            ["Storms hit Texas on Monday.", "A shelter opened in Paris."],
            [("Texas", "GPE", 0), ("Paris", "GPE", 1)],
            "USA",
        ),
        # the article is about France
        (
            ["Strikes spread across France.", "Unions marched in Paris."],
            [("France", "GPE", 0), ("Paris", "GPE", 1)],
            "FRA",
        ),
        # a qualifier decides, whatever the rest says
        (
            ["Strikes spread across France.", "A tornado hit Paris, Texas."],
            [("France", "GPE", 0), ("Paris, Texas", "GPE", 1)],
            "USA",
        ),
    ],
)
def test_where_resolves_ambiguous_name_by_context(sentences, ents, expected):
    places = resolve_article(
        article(sentences, ents, parsed={i: [Token(0, "x", 0, 1)] for i in range(len(sentences))}), GAZ
    )
    paris = [p for p in places if p.text == "Paris"]
    assert [p.country for p in paris] == [expected]
    if expected == "USA":
        assert paris[0].geonameid == PARIS_TX.geonameid


def test_where_qualifier_is_a_place_too():
    art = article(
        ["A tornado hit Paris, Texas."], [("Paris, Texas", "GPE", 0)], parsed={0: [Token(0, "x", 0, 1)]}
    )
    assert names(resolve_article(art, GAZ)) == [("Paris", "USA"), ("Texas", "USA")]


def test_where_place_fields_are_complete():
    art = article(["Talks were held in Ankara."], [("Ankara", "GPE", 0)], parsed={0: [Token(0, "x", 0, 1)]})
    (p,) = resolve_article(art, GAZ)
    assert (p.text, p.start, p.end, p.name, p.geonameid, p.country, p.feature) == (
        "Ankara",
        19,
        25,
        "Ankara",
        323786,
        "TUR",
        "PPLC",
    )
    assert (p.lat, p.lon, p.sentence_index) == (39.91987, 32.85427, 0)
    assert 0.9 <= p.confidence <= 1.0


def demonym_sentence(demonym: str, label: str = "NORP") -> Article:
    """Return "<demonym> officials met in Ankara ." parsed by hand, the demonym a modifier."""
    toks = tokens_for(
        [demonym, "officials", "met", "in", "Ankara", "."],
        [1, 2, 2, 2, 3, 2],
        ["amod", "nsubj", "ROOT", "prep", "pobj", "punct"],
        ["JJ", "NNS", "VBD", "IN", "NNP", "."],
    )
    return article(
        [f"{demonym} officials met in Ankara ."],
        [(demonym, label, 0), ("Ankara", "GPE", 0)],
        parsed={0: toks},
    )


@pytest.mark.parametrize("label", ["NORP", "GPE"])
def test_where_demonyms_are_marked_not_literal(label):
    places = resolve_article(demonym_sentence("Turkish", label), GAZ)
    assert usages(places) == [("Turkish", "TUR", "demonym"), ("Ankara", "TUR", "literal")]
    assert places[0].geonameid == TURKEY.geonameid


def test_where_demonym_is_never_an_event_location():
    art = demonym_sentence("Turkish")
    ev = event_for(art, "met")
    ev.evidence.trigger = Span("officials", 8, 17)  # nearest the demonym
    assert locate_in(art, ev).name == "Ankara"
    art = article(["Turkish officials criticized the plan ."], [("Turkish", "NORP", 0)])
    assert locate_in(art, event_for(art, "criticized")) is None
    assert usages(art.places) == [("Turkish", "TUR", "demonym")]


def test_where_plural_demonyms_are_people_not_places():
    art = demonym_sentence("Russians")
    assert usages(resolve_article(art, GAZ)) == [("Ankara", "TUR", "literal")]


def test_where_demonym_standing_alone_is_a_language_not_a_place():
    toks = tokens_for(
        ["He", "spoke", "in", "French", "."],
        [1, 1, 1, 2, 1],
        ["nsubj", "ROOT", "prep", "pobj", "punct"],
        ["PRP", "VBD", "IN", "NNP", "."],
    )
    art = article(["He spoke in French ."], [("French", "NORP", 0)], parsed={0: toks})
    assert resolve_article(art, GAZ) == []


def test_where_country_name_tagged_norp_is_a_place():
    art = article(["Troops left the U.S. base."], [("U.S.", "NORP", 0)], parsed={0: [Token(0, "x", 0, 1)]})
    assert names(resolve_article(art, GAZ)) == [("U.S.", "USA")]


def test_where_capital_as_subject_of_speech_verb_is_an_actor():
    # "Ankara said ..." (parsed): an actor, not a place.
    toks = tokens_for(
        ["Ankara", "said", "talks", "failed", "."],
        [1, 1, 3, 1, 1],
        ["nsubj", "ROOT", "nsubj", "ccomp", "punct"],
        ["NNP", "VBD", "NNS", "VBD", "."],
    )
    art = article(["Ankara said talks failed ."], [("Ankara", "GPE", 0)], parsed={0: toks})
    assert usages(resolve_article(art, GAZ)) == [("Ankara", "TUR", "metonym")]
    # ... and so it is not where the event happened.
    assert locate_in(art, event_for(art, "said")) is None


def test_where_capital_after_preposition_is_a_place_even_if_actors_call_it_a_metonym():
    toks = tokens_for(
        ["Ministers", "met", "in", "Ankara", "."],
        [1, 1, 1, 2, 1],
        ["nsubj", "ROOT", "prep", "pobj", "punct"],
        ["NNS", "VBD", "IN", "NNP", "."],
    )
    actor = Actor("Ankara", "Turkey", "TUR", "GOV", "country", "TUR", 15, 21, 0, basis="metonym")
    art = article(["Ministers met in Ankara ."], [("Ankara", "GPE", 0)], parsed={0: toks}, actors=[actor])
    assert usages(resolve_article(art, GAZ)) == [("Ankara", "TUR", "literal")]


def test_where_unparsed_metonym_marked_by_actors_is_an_actor():
    text = "Ankara said the talks failed."
    actor = Actor("Ankara", "Turkey", "TUR", "GOV", "country", "TUR", 0, 6, 0, basis="metonym")
    art = article([text], actors=[actor])
    assert usages(resolve_article(art, GAZ)) == [("Ankara", "TUR", "metonym")]
    assert locate_in(art, event_for(art, "said")) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Clashes erupted in Ankara and the Gaza Strip.", [("Ankara", "TUR"), ("Gaza Strip", "PSE")]),
        ("clashes erupted in ankara and the gaza strip.", [("ankara", "TUR"), ("gaza strip", "PSE")]),
        ("The Turkish delegation left for Turkey.", [("Turkish", "TUR"), ("Turkey", "TUR")]),
        ("Russians left for Turkey.", [("Turkey", "TUR")]),
        # small towns are not matched without a parse: "Paris" is a big city, the Texas town is not
        ("Residents of Paris protested.", [("Paris", "FRA")]),
    ],
)
def test_where_scans_unparsed_sentences(text, expected):
    places = resolve_article(article([text]), GAZ)
    assert names(places) == expected
    assert all(p.usage == ("demonym" if p.text == "Turkish" else "literal") for p in places)


def test_where_place_stage_uses_given_gazetteer():
    art = article(["Talks were held in Ankara."], [("Ankara", "GPE", 0)], parsed={0: [Token(0, "x", 0, 1)]})
    out = PlaceStage(gazetteer=GAZ)(art)
    assert names(out.places) == [("Ankara", "TUR")]


# --- event location ---------------------------------------------------------------------------


def event_for(art: Article, trigger: str, sentence_index: int = 0, actors: list[Participant] = ()) -> Event:
    s = art.sentences[sentence_index]
    start = s.start + s.text.index(trigger)
    return Event(
        article_id=art.id,
        sentence_index=sentence_index,
        type="CONSULT",
        actors=list(actors),
        evidence=Evidence(s.text, s.start, s.end, Span(trigger, start, start + len(trigger))),
    )


def locate_in(art: Article, ev: Event) -> Location | None:
    art.places = resolve_article(art, GAZ)
    art.events = [ev]
    return LocationStage()(art).events[0].location


def test_where_location_attached_to_trigger_wins_parsed():
    words = ["Envoys", "of", "Azerbaijan", "and", "Turkey", "met", "in", "Ankara", "."]
    toks = tokens_for(
        words,
        [5, 0, 1, 2, 2, 5, 5, 6, 5],
        ["nsubj", "prep", "pobj", "cc", "conj", "ROOT", "prep", "pobj", "punct"],
        ["NNS", "IN", "NNP", "CC", "NNP", "VBD", "IN", "NNP", "."],
    )
    art = article(
        [" ".join(words)],
        [("Azerbaijan", "GPE", 0), ("Turkey", "GPE", 0), ("Ankara", "GPE", 0)],
        parsed={0: toks},
    )
    loc = locate_in(art, event_for(art, "met"))
    assert loc.to_dict() == {
        "text": "Ankara",
        "name": "Ankara",
        "geonameid": 323786,
        "country": "TUR",
        "lat": 39.91987,
        "lon": 32.85427,
    }


def test_where_location_attached_to_trigger_wins_unparsed():
    art = article(["Envoys of Azerbaijan and Turkey met in Ankara on Tuesday."])
    assert locate_in(art, event_for(art, "met")).name == "Ankara"


def test_where_location_falls_back_to_place_in_sentence():
    art = article(["Paris talks on Ukraine ended."], [("Paris", "GPE", 0)], parsed={0: [Token(0, "x", 0, 1)]})
    assert locate_in(art, event_for(art, "talks")).country == "FRA"


def test_where_location_is_never_the_actors_country():
    art = article(["Turkey criticized Azerbaijan.", "Talks were held in Ankara."])
    ev = event_for(art, "criticized", 0, actors=[Participant("Turkey", "Turkey", "TUR")])
    ev.recipients = [Participant("Azerbaijan", "Azerbaijan", "AZE")]
    assert locate_in(art, ev) is None


def test_where_location_none_without_places():
    art = article(["Turkish officials criticized the plan."])
    assert locate_in(art, event_for(art, "criticized")) is None


def test_where_unparsed_location_takes_off_but_not_on():
    # Flat text: "off the" puts a place where the event was; "on" before a name is a topic.
    art = article(["Talks on Turkey were held off the Gaza Strip."])
    assert locate_in(art, event_for(art, "Talks")).name == "Gaza Strip"


@pytest.mark.parametrize(
    "before, expected",
    [
        ("clashes in the ", True),
        ("ships sank off the ", True),
        ("troops INSIDE ", True),
        ("talks on ", False),
        ("a row over ", False),
        ("flew to ", False),
        ("within", False),  # the preposition must end right before the name, after a space
    ],
)
def test_where_locative_before_a_name_in_flat_text(before, expected):
    from communique.stages.where.locative import locative_before

    text = before + "Ankara"
    assert locative_before(text, len(before)) is expected


def test_where_locative_prepositions_are_the_shared_lexicon_lists():
    from communique.stages.lexicon import words
    from communique.stages.where.locative import FLAT_LOCATIVE_PREPS, LOCATIVE_PREPS

    assert LOCATIVE_PREPS == words("locative_prepositions") | words("contact_prepositions")
    assert FLAT_LOCATIVE_PREPS == words("locative_prepositions") | {"off"}


# --- the stages' contracts and data files ------------------------------------------------------


def test_where_stages_declare_real_fields():
    from communique.runtime.pipeline import article_fields

    for stage in (PlaceStage(gazetteer=GAZ), LocationStage()):
        assert set(stage.requires) | set(stage.assigns) <= article_fields(), stage.name
    assert "actors" in LocationStage.requires  # a place inside an actor's mention is no location


def test_where_location_stage_writes_only_the_location():
    art = article(["Envoys of Azerbaijan and Turkey met in Ankara on Tuesday."])
    art.places = resolve_article(art, GAZ)
    art.events = [event_for(art, "met")]
    before = art.events[0].to_dict()
    after = LocationStage()(art).events[0].to_dict()
    assert {k for k in after if after[k] != before[k]} == {"location"}


class Given:
    """Stands in for the stages before the ones under test: the article already has these fields."""

    name, requires, assigns = "given", [], ["sentences", "entities", "actors", "places", "events"]

    def __call__(self, art: Article) -> Article:
        return art


def test_where_stage_failures_name_the_sentence():
    from communique.runtime.pipeline import Pipeline

    art = article(["Talks were held.", "Envoys met in Ankara."], [("Ankara", "GPE", 1)],
                  parsed={1: [Token(0, "x", 17, 18)]})
    art.entities[0].start = None  # an entity without offsets: the mention finder cannot read it
    (out,) = Pipeline([Given(), PlaceStage(gazetteer=GAZ)]).pipe([art])
    assert [(e.stage, e.sentence_index, e.code) for e in out.errors] == [("places", 1, "E206")]

    art = article(["Talks were held.", "Envoys met in Ankara."])
    art.events = [event_for(art, "met", 1)]
    art.places = [Place("Ankara", None, None, "Ankara", 323786, "TUR", 39.9, 32.9)]  # a place without offsets
    (out,) = Pipeline([Given(), LocationStage()]).pipe([art])
    assert [(e.stage, e.sentence_index, e.code) for e in out.errors] == [("locations", 1, "E206")]


def test_where_data_tables_report_file_and_line(yaml_doc):
    from communique.core.errors import DataFileError
    from communique.stages.where.packaged import check_regions
    from communique.stages.where.rules import number_table

    with pytest.raises(DataFileError, match=r"^E302 .*test\.yaml:3: 'feature_prior': 'RGN' must map a code to a number"):
        number_table(yaml_doc("feature_prior:\n  PCLI: 1.0\n  RGN: high\n"), "feature_prior")
    with pytest.raises(DataFileError, match=r"^E302 .*test\.yaml:3: region 'Donbas' needs lat and lon"):
        check_regions(yaml_doc("regions:\n  - {name: Sahel, lat: 15.0, lon: 5.0}\n  - {name: Donbas, lat: 48.0}\n"))


# --- the seed report (model + shared data) ------------------------------------------------------


SEED = (
    __import__("pathlib").Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "seed"
    / "article-2024-08-28.txt"
)


@pytest.mark.model
@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED} (shared data absent)")
def test_where_seed_meeting_is_in_ankara_on_the_previous_day():
    from communique.io.sources.read import read_inputs
    from communique.stages.when import DateStage

    (art,) = list(read_inputs([str(SEED)]))
    records = list(place_records([art]))
    literal = [r for r in records if r["usage"] == "literal"]
    assert {"text": "Ankara", "geonameid": 323786, "country": "TUR"}.items() <= literal[0].items()
    assert all(r["usage"] == "demonym" for r in records if r["text"] in ("Azerbaijani", "Turkish"))
    # The meeting event of the first sentence, as the events stage reports it: trigger "meeting".
    (art,) = list(place_pipeline().pipe(list(read_inputs([str(SEED)]))))
    art.events = [event_for(art, "meeting")]
    DateStage()(art)
    LocationStage()(art)
    ev = art.events[0]
    assert (ev.date, ev.date_text, ev.date_granularity) == ("2024-08-27", "the previous day", "day")
    assert (ev.location.name, ev.location.geonameid, ev.location.country) == (
        "Ankara",
        323786,
        "TUR",
    )


@pytest.mark.parametrize(
    "sentence, ent, label, expected",
    [
        ("Wildfires spread across California.", "California", "ORG", ("California", "USA")),
        ("The Texas delegation arrived.", "Texas", "PERSON", ("Texas", "USA")),
        ("Jordan scored twice.", "Jordan", "PERSON", None),  # a person, whatever the gazetteer says
        ("A man from New Jersey won.", "Jersey", "GPE", ("New Jersey", "USA")),
        ("Floods hit Baja California.", "Baja", "GPE", ("Baja California", "MEX")),
        # The county (second-level division), not the town of Morris.
        ("Officials in Morris County met.", "Morris County", "GPE", ("Morris County", "USA")),
    ],
)
def test_where_entities_mislabelled_or_cut_short(packaged, sentence, ent, label, expected):
    art = article([sentence], [(ent, label, 0)], parsed={0: [Token(0, "x", 0, 1)]})
    got = [(p.text, p.country) for p in resolve_article(art, packaged)]
    assert got == ([expected] if expected else [])


@pytest.mark.parametrize(
    "text, name, country",
    [
        ("Storms formed over the Atlantic.", "Atlantic Ocean", None),
        ("Fighting resumed in Nagorno-Karabakh.", "Nagorno-Karabakh", "AZE"),
        ("Aid reached the West Bank.", "West Bank", "PSE"),
        ("Protests spread in Tamil Nadu.", "Tamil Nadu", "IND"),
    ],
)
def test_where_packaged_regions_resolve(packaged, text, name, country):
    places = resolve_article(article([text]), packaged)
    assert [(p.name, p.country) for p in places] == [(name, country)]


@pytest.mark.parametrize(
    "sentence, ent, label, expected",
    [
        # a place inside an organisation's name: marked embedded
        (
            "He wrote for the Washington Post.",
            "the Washington Post",
            "ORG",
            ("Washington", "USA", "embedded"),
        ),
        (
            "She studied at the University of California.",
            "the University of California",
            "ORG",
            ("California", "USA", "embedded"),
        ),
        ("The EU imposed tariffs.", "EU", "ORG", ("EU", None, "embedded")),
        ("Russian officials met.", "Russian", "NORP", ("Russian", "RUS", "demonym")),
        # a demonym that starts a longer place name is that place
        ("Storms crossed the Indian Ocean.", "Indian", "NORP", ("Indian Ocean", None, "literal")),
        # no place inside: an organisation named after a person or a common word
        ("He joined Union Pacific.", "Union Pacific", "ORG", None),
        ("The UN Security Council met.", "The UN Security Council", "ORG", None),
    ],
)
def test_where_places_inside_other_entities(packaged, sentence, ent, label, expected):
    art = article([sentence], [(ent, label, 0)], parsed={0: [Token(0, "x", 0, 1)]})
    art.sentences[0].tokens = [Token(0, sentence.split()[0], 0, 1, dep="amod")]  # a modifier parse
    got = [(p.text, p.country, p.usage) for p in resolve_article(art, packaged)]
    assert got == ([expected] if expected else [])


def test_where_embedded_place_is_never_an_event_location(packaged):
    art = article(
        ["The Washington Post reported the meeting."],
        [("The Washington Post", "ORG", 0)],
        parsed={0: [Token(0, "x", 0, 1)]},
    )
    art.places = resolve_article(art, packaged)
    art.events = [event_for(art, "meeting")]
    assert [p.usage for p in art.places] == ["embedded"]
    assert LocationStage()(art).events[0].location is None


ALLENDALE = GeoEntry(5095281, "Allendale", "USA", 41.04, -74.13, "PPL", 6800, "NJ")
NEW_JERSEY = GeoEntry(5101760, "New Jersey", "USA", 40.17, -74.5, "ADM1", 0, "NJ")


@pytest.mark.parametrize(
    "sentences, ents, expected",
    [
        # a small town the NER called an organisation: kept after a locative preposition ...
        (["Officials in Allendale met ."], [("Allendale", "ORG", 0)], [("Allendale", "literal")]),
        # ... or when the article names its state
        (
            ["Allendale voted .", "New Jersey agreed ."],
            [("Allendale", "ORG", 0), ("New Jersey", "GPE", 1)],
            [("Allendale", "literal"), ("New Jersey", "literal")],
        ),
        # ... not a person's name without a preposition, whatever the state
        (
            ["Allendale voted .", "New Jersey agreed ."],
            [("Allendale", "PERSON", 0), ("New Jersey", "GPE", 1)],
            [("New Jersey", "literal")],
        ),
        (["Allendale voted ."], [("Allendale", "ORG", 0)], []),
        # inside an organisation's name, with the same support
        (
            ["The Allendale Fire Department said .", "New Jersey agreed ."],
            [("The Allendale Fire Department", "ORG", 0), ("New Jersey", "GPE", 1)],
            [("Allendale", "embedded"), ("New Jersey", "literal")],
        ),
        (["The Allendale Fire Department said ."], [("The Allendale Fire Department", "ORG", 0)], []),
    ],
)
def test_where_small_town_names_need_support(sentences, ents, expected):
    gaz = Gazetteer([(ALLENDALE, []), (NEW_JERSEY, [])])
    art = article(sentences, ents, parsed={i: [Token(0, "x", 0, 1)] for i in range(len(sentences))})
    assert [(p.text, p.usage) for p in resolve_article(art, gaz)] == expected


def test_where_hyphenated_pair_of_places_splits(packaged):
    art = article(
        ["Trade grew across Asia-Pacific ."], [("Asia-Pacific", "LOC", 0)], parsed={0: [Token(0, "x", 0, 1)]}
    )
    assert [(p.text, p.name) for p in resolve_article(art, packaged)] == [
        ("Asia", "Asia"),
        ("Pacific", "Pacific Ocean"),
    ]


def test_where_places_come_in_text_order():
    # NER mentions and scanned names of one sentence are found in two passes.
    art = article(
        ["Envoys of Turkey met in Ankara ."], [("Ankara", "GPE", 0)], parsed={0: [Token(0, "x", 0, 1)]}
    )
    art.sentences[0].tokens = tokens_for(
        ["Envoys", "of", "Turkey", "met", "in", "Ankara", "."],
        [3, 0, 1, 3, 3, 4, 3],
        ["nsubj", "prep", "pobj", "ROOT", "prep", "pobj", "punct"],
        ["NNS", "IN", "NNP", "VBD", "IN", "NNP", "."],
    )
    places = resolve_article(art, GAZ)
    assert [p.text for p in places] == ["Turkey", "Ankara"]


def test_where_location_is_never_a_place_in_another_acts_clause_of_time():
    words = ["Envoys", "met", "in", "Paris", ",", "weeks", "after", "they", "met", "in", "Ankara", "."]
    heads = [1, 1, 1, 2, 1, 8, 8, 8, 1, 8, 9, 1]
    deps = ["nsubj", "ROOT", "prep", "pobj", "punct", "npadvmod", "mark", "nsubj", "advcl", "prep", "pobj", "punct"]
    tags = ["NNS", "VBD", "IN", "NNP", ",", "NNS", "IN", "PRP", "VBD", "IN", "NNP", "."]
    art = article([" ".join(words)], [("Paris", "GPE", 0), ("Ankara", "GPE", 0)],
                  parsed={0: tokens_for(words, heads, deps, tags)})
    assert locate_in(art, event_for(art, "met")).name == "Paris"
    # Without a place of its own, the meeting is not placed where the earlier one was.
    words = ["Envoys", "met", "again", ",", "weeks", "after", "they", "met", "in", "Ankara", "."]
    heads = [1, 1, 1, 1, 7, 7, 7, 1, 7, 8, 1]
    deps = ["nsubj", "ROOT", "advmod", "punct", "npadvmod", "mark", "nsubj", "advcl", "prep", "pobj", "punct"]
    tags = ["NNS", "VBD", "RB", ",", "NNS", "IN", "PRP", "VBD", "IN", "NNP", "."]
    art = article([" ".join(words)], [("Ankara", "GPE", 0)], parsed={0: tokens_for(words, heads, deps, tags)})
    assert locate_in(art, event_for(art, "met")) is None
