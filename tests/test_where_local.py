"""Places in local news: the cached gazetteer, divisions, datelines, qualifiers, the outlet's home, coherence.

Hand-made gazetteers show each rule; the packaged one (the real cache file, built once) checks
the data it is built from.
"""

from __future__ import annotations

import os
import time

import pytest

from communique.core import cache
from communique.core.article import Article, Entity, Sentence, Token
from communique.stages.where import load_gazetteer, store
from communique.stages.where.coherence import Coherence, voter
from communique.stages.where.dateline import dateline_mentions
from communique.stages.where.divisions import Division, divisions, point_key
from communique.stages.where.gazetteer import Gazetteer, GeoEntry, NameHit
from communique.stages.where.home import outlet_home
from communique.stages.where.resolve import resolve_article

PARIS_FR = GeoEntry(2988507, "Paris", "FRA", 48.85341, 2.3488, "PPLC", 2138551, "11")
PARIS_TN = GeoEntry(4647963, "Paris", "USA", 36.302, -88.3267, "PPL", 10156, "TN", "Henry County")
PARIS_TX = GeoEntry(4717560, "Paris", "USA", 33.66094, -95.55551, "PPL", 24782, "TX", "Lamar County")
HENRY_TN = GeoEntry(None, "Henry County", "USA", 36.33, -88.3, "ADM2", 0, "TN")
HENRY_IL = GeoEntry(None, "Henry County", "USA", 41.35, -90.13, "ADM2", 0, "IL")
FRANCE = GeoEntry(3017382, "France", "FRA", 46.6, 2.3, "PCLI", 66987244)
GEORGIA = GeoEntry(4197000, "Georgia", "USA", 32.75, -83.5, "ADM1", 0, "GA")
MACON = GeoEntry(4207400, "Macon", "USA", 32.84, -83.63, "PPL", 153095, "GA", "Bibb County")
MACON_FR = GeoEntry(2996882, "Mâcon", "FRA", 46.3, 4.83, "PPL", 34000, "27")
NEWARK_OH = GeoEntry(5164466, "Newark", "USA", 40.06, -82.4, "PPL", 49934, "OH", "Licking County")
NEWARK_NJ = GeoEntry(5101798, "Newark", "USA", 40.73, -74.17, "PPL", 281944, "NJ", "Essex County")
HARPER = GeoEntry(None, "Harper County", "USA", 37.19, -98.07, "ADM2", 0, "KS")
KINGMAN = GeoEntry(None, "Kingman County", "USA", 37.56, -98.14, "ADM2", 0, "KS")
TENNESSEE = GeoEntry(4662168, "Tennessee", "USA", 35.79, -86.3, "ADM1", 0, "TN")


def gazetteer() -> Gazetteer:
    gaz = Gazetteer([(e, []) for e in (PARIS_FR, PARIS_TN, PARIS_TX, HENRY_TN, HENRY_IL, FRANCE, GEORGIA, MACON,
                                       MACON_FR, NEWARK_OH, NEWARK_NJ, HARPER, KINGMAN)])
    for code in ("GA", "Ga."):
        gaz.add_state_code(code, GEORGIA)
    gaz.add_demonym("French", FRANCE)
    return gaz


def article(text: str, ents: list[tuple[str, str]] = (), url: str | None = None) -> Article:
    """Return a one-sentence article (marked parsed) with entities (text, label; first occurrence)."""
    sent = Sentence(index=0, start=0, end=len(text), text=text, tokens=[Token(0, "x", 0, 1)])
    entities = [Entity(text.index(t), text.index(t) + len(t), t, label, 0) for t, label in ents]
    return Article(text=text, date="2009-03-30", id="t", sentences=[sent], entities=entities, url=url)


# --- the cache file ------------------------------------------------------------------------------


def test_where_store_round_trip_serves_the_same_index(tmp_path):
    gaz = gazetteer()
    path = tmp_path / "g.sqlite"
    store.write(gaz, path)
    stored = store.StoredGazetteer(path)
    for name in ("Paris", "Henry County", "Macon", "Mâcon", "macon", "nowhere"):
        assert stored.lookup(name) == gaz.lookup(name), name
    assert len(stored) == len(gaz)
    assert stored.state_code_place("Ga.") == GEORGIA and stored.state_code_place("La") is None
    assert stored.demonym_places("French") == [FRANCE]
    assert stored.countries["FRA"] == FRANCE
    assert stored.by_id[4647963] == PARIS_TN



def test_where_store_memo_keeps_the_keys_used_last_and_lookups_stay_the_same(monkeypatch, tmp_path):
    # A long ingest looks up ever new capitalised words (most name no place): the memo must not grow with them.
    gaz = gazetteer()
    path = tmp_path / "g.sqlite"
    store.write(gaz, path)
    monkeypatch.setattr(store, "MEMO_SIZE", 3)
    stored = store.StoredGazetteer(path)
    paris = stored.lookup("Paris")
    for i in range(50):
        assert stored.lookup(f"Nowhere {i}") == []
        assert stored.lookup("Paris") == paris  # used again: it stays memoised
    assert len(stored._memo) == 3 and "paris" in stored._memo and "nowhere 0" not in stored._memo
    for name in ("Paris", "Henry County", "Macon", "Mâcon", "macon", "Newark"):  # evicted keys read again
        assert stored.lookup(name) == gaz.lookup(name), name
    assert len(stored._memo) == 3
    # An entry still held elsewhere is the same object when read again, so identity never changes.
    assert stored.lookup("Paris")[0].entry is paris[0].entry

def test_where_store_builds_once_then_opens_the_file(tmp_path):
    builds = []

    def build() -> Gazetteer:
        builds.append(1)
        return gazetteer()

    path = tmp_path / "cache" / "gazetteer-abc.sqlite"
    stale, in_use = path.with_name("gazetteer-old.sqlite"), path.with_name("gazetteer-other.sqlite")
    stale.parent.mkdir(parents=True)
    long_ago = time.time() - (store.STALE_DAYS + 1) * 86400
    for f in (stale, in_use):
        store.write(gazetteer(), f)
        os.utime(f, (long_ago, long_ago))
    assert store.open_or_build(build, in_use).lookup("Paris")  # another checkout opens its version
    assert builds == []
    first = store.open_or_build(build, path)
    second = store.open_or_build(build, path)
    assert builds == [1]
    assert isinstance(second, store.StoredGazetteer) and second.lookup("Paris") == first.lookup("Paris")
    # Published whole, no temporary file left; the file of another digest unopened for a week is
    # gone, the one opened just now (another checkout's version) stays.
    names = sorted(p.name for p in path.parent.iterdir() if p.suffix != ".lock")
    assert names == sorted([path.name, in_use.name])


def test_where_store_processes_started_together_build_once(tmp_path):
    path = tmp_path / "gazetteer-abc.sqlite"
    log = tmp_path / "builds.log"

    def build() -> Gazetteer:
        with open(log, "a") as f:
            f.write("built\n")
        return gazetteer()

    children = []
    for _ in range(3):
        pid = os.fork()
        if pid == 0:  # a child never returns into pytest
            code = 1
            try:
                gaz = store.open_or_build(build, path)
                code = 0 if [h.entry for h in gaz.lookup("Henry County")] == [HENRY_TN, HENRY_IL] else 1
            finally:
                os._exit(code)
        children.append(pid)
    assert all(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0 for pid in children)
    assert log.read_text() == "built\n"


def test_where_store_reopens_its_connection_in_a_forked_child(tmp_path):
    path = tmp_path / "g.sqlite"
    store.write(gazetteer(), path)
    stored = store.StoredGazetteer(path)
    assert stored.lookup("Newark")
    pid = os.fork()
    if pid == 0:  # the child: a fresh connection, the same answers (and never back into pytest)
        code = 1
        try:
            code = 0 if [h.entry for h in stored.lookup("Henry County")] == [HENRY_TN, HENRY_IL] else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_where_cache_key_follows_the_sources(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    key = store.source_key()
    assert store.cache_path() == tmp_path / f"gazetteer-{key}.sqlite"
    monkeypatch.setattr(store, "SCHEMA", store.SCHEMA + "-next")
    assert store.source_key() != key


def test_core_cache_folder_and_publish(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "communique"
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    assert cache.digest(["a", "bc"]) != cache.digest(["ab", "c"])

    def failing(tmp):
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        cache.publish(tmp_path / "out" / "f.bin", failing)
    assert list((tmp_path / "out").iterdir()) == []
    cache.publish(tmp_path / "out" / "f.bin", lambda tmp: tmp.write_text("whole"))
    assert (tmp_path / "out" / "f.bin").read_text() == "whole"


# --- divisions -------------------------------------------------------------------------------------


def test_where_divisions_are_named_by_their_towns_and_placed_at_their_centre():
    cities = {
        "1": {"geonameid": 1, "countrycode": "US", "admin1code": "KS", "latitude": 37.0, "longitude": -98.0},
        "2": {"geonameid": 2, "countrycode": "US", "admin1code": "KS", "latitude": 37.2, "longitude": -98.2},
        "3": {"geonameid": 3, "countrycode": "US", "admin1code": "KS", "latitude": 39.0, "longitude": -95.0},
    }
    names = {point_key("US", 37.0, -98.0): ("Kansas", "Harper County"),
             point_key("US", 37.2, -98.2): ("Kansas", "Harper County"),
             point_key("US", 39.0, -95.0): ("Kansas", "")}
    divs, town_admin2 = divisions(cities, names)
    assert Division("US", "KS", "", "Kansas", 37.2, -98.0) in divs  # the median town
    assert Division("US", "KS", "Harper County", "Harper County", 37.1, -98.1) in divs
    assert town_admin2 == {1: "Harper County", 2: "Harper County"}


# --- recognition -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["Ga.", "GA"])
def test_where_state_code_qualifies_and_is_a_mention_of_its_own(code):
    text = f"A fire in Macon, {code} on Monday."
    got = [(p.text, p.name, p.country) for p in resolve_article(article(text, [("Macon", "GPE")]), gazetteer())]
    # Macon, Georgia (not Mâcon, France), and Georgia itself.
    assert got == [("Macon", "Macon", "USA"), (code, "Georgia", "USA")]


def test_where_state_abbreviations_are_no_names_alone():
    gaz = gazetteer()
    assert gaz.lookup("Ga.") == [] and gaz.state_code_place("Ga.") == GEORGIA
    packaged = load_gazetteer()
    assert not any(h.entry.name == "Louisiana" for h in packaged.lookup("La"))
    assert packaged.state_code_place("La.").name == "Louisiana"
    assert packaged.state_code_place("LA").name == "Louisiana"


def test_where_dateline_is_a_place_mention():
    gaz = gazetteer()
    art = article("BY KENT MALLETT Advocate Reporter March 30, 2009 NEWARK -- The surge in sales slowed.")
    (m,) = dateline_mentions(art, gaz)
    assert (m.text, m.source) == ("NEWARK", "dateline")
    art = article("NEWARK, Ohio (AP) \u2014 The surge in sales slowed.")
    assert [(m.text, [q.name for q in m.qualifier]) for m in dateline_mentions(art, gaz)][:1] == [("NEWARK", [])]
    assert dateline_mentions(article("SEE ALSO -- nothing here."), gaz) == []


def test_where_list_before_counties_names_each_county():
    gaz = gazetteer()
    art = article("Collapses were reported in Harper and Kingman counties on Monday.")
    got = [(p.text, p.name, p.feature) for p in resolve_article(art, gaz)]
    assert got == [("Harper", "Harper County", "ADM2"), ("Kingman", "Kingman County", "ADM2")]


def test_where_street_named_after_a_town_is_no_mention_of_it():
    gaz = gazetteer()
    art = article("He lives at 1205 Paris Road in Macon.", [("Paris", "GPE"), ("Macon", "GPE")])
    assert [p.text for p in resolve_article(art, gaz)] == ["Macon"]


def test_where_county_inside_an_organisation_is_a_strong_mention():
    packaged = load_gazetteer()
    art = article("The Licking County Board of Realtors met.", [("The Licking County Board of Realtors", "ORG")])
    (p,) = resolve_article(art, packaged)
    assert (p.text, p.feature, p.usage) == ("Licking County", "ADM2", "embedded")


def test_where_facility_naming_no_place_yields_the_place_inside_it():
    packaged = load_gazetteer()
    art = article("He died at Vancouver International Airport.", [("Vancouver International Airport", "FAC")])
    (p,) = resolve_article(art, packaged)
    assert (p.text, p.country, p.usage) == ("Vancouver", "CAN", "embedded")


# --- resolution with document context --------------------------------------------------------------


def test_where_coherence_votes_for_the_namesake_near_other_names():
    v = voter("henry county", [(1.0, NameHit(HENRY_TN, True)), (1.0, NameHit(HENRY_IL, True))])
    coh = Coherence([v])
    assert coh.support(PARIS_TN, "Paris") == pytest.approx(1.0)  # its own county
    assert coh.support(PARIS_TX, "Paris") == 0.0
    assert coh.support(PARIS_FR, "Paris") == 0.0
    assert coh.support(HENRY_TN, "Henry County") == 0.0  # a name never votes for itself


def test_where_paris_beside_its_county_and_state_is_the_local_paris():
    gaz = gazetteer()
    gaz.add(TENNESSEE)
    alone = article("A Paris man was arrested.", [("Paris", "GPE")])
    assert [p.geonameid for p in resolve_article(alone, gaz)] == [2988507]
    local = article("A Paris man was arrested by Henry County deputies, Tennessee police said.",
                    [("Paris", "GPE"), ("Henry County", "GPE"), ("Tennessee", "GPE")])
    got = [(p.text, p.geonameid, p.lat) for p in resolve_article(local, gaz)]
    assert got == [("Paris", 4647963, PARIS_TN.lat), ("Henry County", None, HENRY_TN.lat),
                   ("Tennessee", 4662168, TENNESSEE.lat)]


def test_where_outlet_home_from_the_domain():
    gaz = gazetteer()
    home = outlet_home(Article(text="x", url="http://www.parispi.net/articles/2009/03/27/news/1.txt"), gaz)
    assert (home.country, home.name) == (None, "paris")
    # A town-named outlet under a generic domain is read as American.
    assert {h.entry for h in home.towns} == {PARIS_TN, PARIS_TX}
    assert outlet_home(Article(text="x", url="http://newarkadvocate.com/a"), gaz).name == "newark"
    uk = outlet_home(Article(text="x", source="thisisparis.co.uk"), gaz)
    assert (uk.country, uk.towns) == ("GBR", [])  # no Paris in Britain
    assert outlet_home(Article(text="x", source="dailynews.com"), gaz).towns == []
    assert outlet_home(Article(text="x"), gaz).country is None


def test_where_outlet_home_decides_the_paris_of_a_local_paper():
    gaz = gazetteer()
    art = article("A Paris man was arrested.", [("Paris", "GPE")], url="http://www.theparisnews.com/a.html")
    (p,) = resolve_article(art, gaz)
    assert (p.country, p.geonameid) == ("USA", 4717560)  # the larger of the American namesakes


def test_where_packaged_gazetteer_has_towns_and_divisions():
    packaged = load_gazetteer()
    counties = [h.entry for h in packaged.lookup("Washington County") if h.entry.feature == "ADM2"]
    assert len({e.admin1 for e in counties}) > 20 and all(e.country == "USA" for e in counties)
    assert any(h.entry.feature == "ADM2" for h in packaged.lookup("Orleans Parish"))
    assert any(h.entry.feature == "ADM1" and h.entry.country == "PAK" for h in packaged.lookup("Punjab"))
    # A town of some 1,500 people, with its GeoNames id and county.
    (neligh,) = [h.entry for h in packaged.lookup("Neligh")]
    assert (neligh.geonameid, neligh.admin1, neligh.admin2) == (5073735, "NE", "Antelope County")
    # A division named by a common word is not indexed (towns called Central are).
    assert not any(h.entry.feature.startswith("ADM") for h in packaged.lookup("Central"))
    assert len(packaged) > 150_000
