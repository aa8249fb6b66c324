"""The dictionary of named political actors: the converter, the dated-role choice, names, the licence."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from communique.core.errors import DataFileError
from communique.core.resources import read_tsv
from communique.stages.actors.dictionary import COLUMNS, FILE, PersonDictionary, name_key, person_dictionary

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "communique" / "stages" / "actors" / "data"
REFERENCE = REPO.parent / "shared" / "reference" / "phoenix_actors"


def _converter():
    spec = importlib.util.spec_from_file_location("build_persons", REPO / "tools" / "build_persons.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_persons"] = module
    spec.loader.exec_module(module)
    return module


build_persons = _converter()

# Hand-written snippets in the TABARI/PETRARCH actor-file format (invented names).
COUNTRIES = """\
# a comment line, then a country record: no sector, so it is a place, not an actor
FRANCE_  [FRA]
+FRENCH_
+PARIS_

JEAN_EXEMPLE_  # CountryInfo.txt
+PRESIDENT_JEAN_EXEMPLE
+EXEMPLE
\t[FRAELI 600101-950517]
\t[FRAGOV 950517-070516]
\t[FRAELI 070516-191231]
MARIE_MODELE_  # CountryInfo.txt
\t[FRAGOVBUS 20030101-20051231]
PIERRE_MODELE_  # CountryInfo.txt
\t[FRAGOV >110101]
\t[FRAGOVBUS 20120101-20130101]

NATIONAL_GUARD_OF_EXAMPLE
+EXAMPLE_GUARD
\t[FRAMIL]

LEONID_PATTERN_  # CountryInfo.txt
LEONID_ILYICH_PATTERN
SOVIET_LEADER_LEONID_PATTERN
\t[SUNGOV 641014-821110]
US_PRESIDENT_
\t[USAGOV]
ORPHAN_NAME_  # CountryInfo.txt
# no code follows: the record is dropped
OTTO_BEISPIEL_  # CountryInfo.txt
\t[DEUGOV 20010101-2001013]
"""

INTERNATIONAL = """\
KOFI_SAMPLE_\t[IGOUNO 970101-061231] [ELI]# IGOrulers.txt
EXAMPLE_CORP_\t[MNCUSA]
HUMAN_RIGHTS_SAMPLE_\t[NGOHRI]
"""

MILNONSTATE = """\
SAMPLE_LIBERATION_FRONT_(SLF)_ [ESPREB] #  a comment
+SAMPLE_FRONT_

+ARMED_SAMPLE_FRONT_
"""

AGENTS = """\
FARMER [~AGR]
GUARD [~MIL]
"""

LICENSE = "The MIT License (MIT)\n\nCopyright (c) 2014 Example Holder\n\nPermission is hereby granted, free of charge.\n"
SOURCE = "origin: a test folder, commit 0123456789abcdef0123456789abcdef01234567, invented records\n"


@pytest.fixture
def snippets(tmp_path: Path) -> Path:
    folder = tmp_path / "phoenix"
    folder.mkdir()
    files = {"Phoenix.Countries.actors.txt": COUNTRIES, "Phoenix.International.actors.txt": INTERNATIONAL,
             "Phoenix.MilNonState.actors.txt": MILNONSTATE, "Phoenix.agents.txt": AGENTS,
             "LICENSE": LICENSE, "SOURCE.txt": SOURCE}
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    return folder


def _dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tsv: str) -> PersonDictionary:
    """Return the dictionary of a TSV text, read by the real loader from a package made for the test."""
    package = tmp_path / "persons_pkg"
    (package / "data").mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("", "utf-8")
    (package / "data" / FILE).write_text(tsv, "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("persons_pkg", None)
    return PersonDictionary(read_tsv("persons_pkg", FILE, COLUMNS))


@pytest.fixture
def converted(snippets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    tsv, notice, report, _ = build_persons.convert(snippets)
    return _dictionary(tmp_path, monkeypatch, tsv), tsv, notice, report


# ---------------------------------------------------------------- the converter


@pytest.mark.parametrize("text, iso", [
    ("450703", "1945-07-03"), ("070723", "2007-07-23"), ("300101", "2030-01-01"), ("310101", "1931-01-01"),
    ("19270101", "1927-01-01"), ("20121204", "2012-12-04"), ("2004017", None), ("950231", None),
])
def test_actors_dictionary_dates_are_read_with_a_two_digit_year_pivot(text, iso):
    assert build_persons.iso_date(text) == iso


def test_actors_dictionary_reader_groups_names_synonyms_and_dated_codes(snippets):
    report = build_persons.Report()
    records = build_persons.read_actor_file(COUNTRIES, "Countries", ["CountryInfo.txt"], report)
    by_first = {r.names[0]: r for r in records}
    jean = by_first["JEAN_EXEMPLE_"]
    assert jean.names == ["JEAN_EXEMPLE_", "PRESIDENT_JEAN_EXEMPLE", "EXEMPLE"] and jean.marked
    assert [(c.code, c.start, c.end) for c in jean.codes] == [
        ("FRAELI", "1960-01-01", "1995-05-17"), ("FRAGOV", "1995-05-17", "2007-05-16"),
        ("FRAELI", "2007-05-16", "2019-12-31")]
    assert [(c.code, c.start, c.end) for c in by_first["PIERRE_MODELE_"].codes] == [
        ("FRAGOV", "2011-01-01", None), ("FRAGOVBUS", "2012-01-01", "2013-01-01")]
    # code-less name lines right above each other are one record; a comment line breaks that
    assert by_first["LEONID_PATTERN_"].names == ["LEONID_PATTERN_", "LEONID_ILYICH_PATTERN",
                                                 "SOVIET_LEADER_LEONID_PATTERN"]
    assert "ORPHAN_NAME_" not in by_first and report.counts["records without a code"] == 2
    assert report.problems == ["Countries:31: unreadable code [DEUGOV 20010101-2001013] dropped"]


def test_actors_dictionary_converter_keeps_actors_and_leaves_out_places_titles_and_companies(converted):
    persons, tsv, _, report = converted
    names = {e.name: e for e in persons}
    assert set(names) == {"Jean Exemple", "Marie Modele", "Pierre Modele", "National Guard of Example",
                          "Leonid Pattern", "Kofi Sample", "Human Rights Sample", "Sample Liberation Front"}
    assert "France" not in tsv and "US President" not in tsv and "Example Corp" not in tsv
    assert report.counts["role descriptions (only titles and country words)"] == 1
    jean = names["Jean Exemple"]
    assert (jean.kind, jean.variants) == ("person", ("Exemple",))  # "President Jean Exemple" is the same name
    assert [(r.country, r.sector, r.start, r.end, r.code) for r in jean.roles] == [
        ("FRA", "GOV", "1995-05-17", "2007-05-16", "FRAGOV")]  # the ELI periods the lookup gives anyway
    assert names["Marie Modele"].roles[0].sector == "GOV" and names["Marie Modele"].roles[0].code == "FRAGOVBUS"
    assert names["Leonid Pattern"].variants == ("Leonid Ilyich Pattern",)
    assert names["Leonid Pattern"].roles[0].country == "RUS"  # SUN, the Soviet Union -> its successor
    guard = names["National Guard of Example"]
    assert (guard.kind, guard.default.country, guard.default.sector) == ("group", "FRA", "MIL")
    kofi = names["Kofi Sample"]
    assert (kofi.kind, kofi.roles[0].country, kofi.roles[0].sector, kofi.default.sector) == ("person", None, "IGO", "ELI")
    assert (names["Human Rights Sample"].kind, names["Human Rights Sample"].default.sector) == ("group", "NGO")
    front = names["Sample Liberation Front"]
    assert front.variants == ("Sample Front", "Armed Sample Front", "SLF")  # a synonym after a blank line
    assert (front.default.country, front.default.sector) == ("ESP", "REB")


def test_actors_dictionary_converter_writes_the_licence_and_the_source_commit(converted):
    _, tsv, notice, _ = converted
    assert "0123456789abcdef0123456789abcdef01234567" in tsv.splitlines()[1]
    assert "0123456789abcdef0123456789abcdef01234567" in notice and "Permission is hereby granted" in notice


# ---------------------------------------------------------------- the dated-role choice


@pytest.mark.parametrize("date, sector, period", [
    ("1990-06-01", "ELI", "before"),  # not yet in office: still a French person, no longer "no country"
    ("1995-05-17", "GOV", "in-office"),  # bounds are inclusive
    ("2001-01-01", "GOV", "in-office"),
    ("2015-01-01", "ELI", "after"),  # a former head of government
])
def test_actors_dictionary_head_of_government_before_during_and_after_office(converted, date, sector, period):
    role = converted[0].lookup("Jean Exemple", date)
    assert (role.country, role.sector, role.period) == ("FRA", sector, period)
    assert role.code == "FRAGOV"  # the office the period is before or after


def test_actors_dictionary_default_role_applies_outside_the_dated_ones(converted):
    persons = converted[0]
    assert (persons.lookup("Kofi Sample", "2000-01-01").sector, persons.lookup("Kofi Sample", "2010-01-01").sector) \
        == ("IGO", "ELI")
    assert persons.lookup("Kofi Sample", "2010-01-01").period == "default"


def test_actors_dictionary_later_start_wins_where_roles_overlap(converted):
    pierre = converted[0].entry("pierre-modele")
    assert [r.code for r in pierre.covering("2012-06-01")] == ["FRAGOVBUS", "FRAGOV"]
    assert converted[0].lookup("Pierre Modele", "2014-01-01").code == "FRAGOV"
    assert converted[0].lookup("Pierre Modele", None).period == "undated"


# ---------------------------------------------------------------- names and ambiguity

TWO_BUSHES = """\
name\tvariants\tkind\tcountry\tsector\tstart\tend\tcode
Alan Sample\t\tperson\tGBR\tGOV\t1990-01-01\t1995-12-31\tGBRGOV
Bob Sample\tRobert Sample\tperson\tGBR\tGOV\t2001-01-01\t2005-12-31\tGBRGOV
Cyril Sample\t\tperson\tIRL\tGOV\t2004-01-01\t2004-12-31\tIRLGOV
Sample Rivers\t\tperson\tUSA\tLEG\t2004-01-01\t2004-12-31\tUSALEG
Sample Hills\t\tperson\tCAN\tLEG\t2004-01-01\t2004-12-31\tCANLEG
Hills Alpha\t\tperson\tFIN\tGOV\t2004-01-01\t2004-12-31\tFINGOV
Hills Beta\t\tperson\tFIN\tGOV\t2004-01-01\t2004-12-31\tFINGOV
Zoe Quartz\t\tperson\tNOR\tGOV\t2011-01-01\t\tNORGOV
Wren Ore\t\tperson\tSWE\tGOV\t2001-01-01\t2002-01-01\tSWEGOV
\t\t\tSWE\tGOV\t2003-01-01\t2004-01-01\tSWEGOV
Tarn Group\tTG\tgroup\tSWE\tREB\t\t\tSWEREB
"""


@pytest.fixture
def small(tmp_path, monkeypatch) -> PersonDictionary:
    return _dictionary(tmp_path, monkeypatch, TWO_BUSHES)


@pytest.mark.parametrize("mention, date, expected", [
    ("Sample", "1992-01-01", "alan-sample"),  # one Sample in office: the date settles the surname
    ("Sample", "2002-01-01", "bob-sample"),
    ("Sample", "2004-06-01", None),  # Bob and Cyril Sample both in office
    ("Sample", None, None),
    ("Robert Sample", "2020-01-01", "bob-sample"),  # a full variant needs no office
    ("SAMPLE", "1992-01-01", "alan-sample"),  # all-caps text
    ("sample", "1992-01-01", None),  # a lower-case word in mixed-case text is not a name
    ("Quartz", "2012-01-01", "zoe-quartz"),
    ("Quartz", "2009-01-01", None),  # a surname alone, before any office: too weak
    ("Zoe Quartz", "2009-01-01", "zoe-quartz"),
    ("Ore", "2002-06-01", None),  # between two offices, by surname: too weak
    ("Wren Ore", "2002-06-01", "wren-ore"),
    ("TG", None, "tarn-group"),
])
def test_actors_dictionary_names_surnames_and_ambiguity(small, mention, date, expected):
    role = small.lookup(mention, date)
    assert (role.id if role else None) == expected


def test_actors_dictionary_surname_that_is_more_often_a_given_name_does_not_match(small):
    assert small.lookup("Hills", "2004-06-01") is None  # one surname, two given names
    assert small.lookup("Rivers", "2004-06-01").match == "surname"
    # "Sample" is the given name of two persons (Sample Rivers, Sample Hills) and the surname of three
    assert small.lookup("Sample", "1992-01-01").match == "surname+date"
    assert small.lookup("Alan Sample", "1992-01-01").match == "name"


def test_actors_dictionary_between_two_offices_and_caseless_text(small):
    role = small.lookup("wren ore", "2002-06-01", caseless=True)
    assert (role.country, role.sector, role.period, role.end) == ("SWE", "ELI", "after", "2002-01-01")


@pytest.mark.parametrize("text, key", [
    ("U.N.", "un"), ("Erdoğan", "erdogan"), ("Ban Ki-moon", "ban ki moon"), ("EKMELEDDIN İHSANOĞLU", "ekmeleddin ihsanoglu"),
    ("O'Brien", "obrien"), ("  Bashar  al-Assad ", "bashar al assad"),
])
def test_actors_dictionary_name_key(text, key):
    assert name_key(text) == key


def test_actors_dictionary_bad_row_names_file_and_line(tmp_path, monkeypatch):
    persons = _dictionary(tmp_path, monkeypatch, TWO_BUSHES.replace("IRL\tGOV\t2004-01-01", "IRL\tGOV\t2004-13-01"))
    with pytest.raises(DataFileError, match=r"E302 .*persons\.tsv:4: start '2004-13-01' is not a date"):
        persons.check()
    persons = _dictionary(tmp_path, monkeypatch, TWO_BUSHES.replace("person\tNOR", "persona\tNOR"))
    with pytest.raises(DataFileError, match=r"persons\.tsv:9: kind 'persona' is not one of person, group, igo"):
        persons.lookup("Zoe Quartz", "2012-01-01")


# ---------------------------------------------------------------- the packaged data


def test_actors_dictionary_packaged_file_reads_and_is_small():
    persons = person_dictionary()
    assert persons.check() == len(persons) > 15000
    assert (DATA / FILE).stat().st_size < 2_000_000


def test_actors_dictionary_licence_notice_is_beside_the_data_file():
    notice = (DATA / "persons.NOTICE").read_text("utf-8")
    assert "The MIT License (MIT)" in notice and "Permission is hereby granted" in notice
    assert "Open Event Data Alliance" in notice and "openeventdata/petrarch2" in notice
    commit = re.search(r"commit ([0-9a-f]{40})", notice).group(1)
    assert commit in (DATA / FILE).read_text("utf-8").split("\n", 2)[1]
    if REFERENCE.is_dir():
        assert commit in (REFERENCE / "SOURCE.txt").read_text("utf-8")


@pytest.mark.parametrize("mention, date, country, sector", [
    ("Hamid Karzai", "2005-01-01", "AFG", "GOV"),
    ("Karzai", "1995-01-01", "AFG", "ELI"),
    ("PUTIN", "2005-01-01", "RUS", "GOV"),
    ("Kofi Annan", "2000-01-01", None, "IGO"),
])
def test_actors_dictionary_packaged_facts(mention, date, country, sector):
    role = person_dictionary().lookup(mention, date)
    assert (role.country, role.sector) == (country, sector)


@pytest.mark.slow
def test_actors_dictionary_committed_file_is_what_the_converter_builds():
    if not REFERENCE.is_dir():
        pytest.skip(f"no Phoenix dictionaries at {REFERENCE} (../shared/reference is absent)")
    tsv, notice, _, _ = build_persons.convert(REFERENCE)
    assert (DATA / FILE).read_text("utf-8") == tsv, "persons.tsv is stale: run tools/build_persons.py"
    assert (DATA / "persons.NOTICE").read_text("utf-8") == notice

