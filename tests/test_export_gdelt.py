"""The GDELT 2.0 export: layout, codes and ids, read back with GDELT's column schema.

gdeltPyR (PyPI ``gdelt``), the usual Python reader, downloads its column headers and CAMEO tables
from GitHub when it is imported, so it cannot run offline. These tests read the files the way
it does (pandas, tab-separated, no header, EventCode/EventBaseCode/EventRootCode as strings)
with the GDELT 2.0 codebook's column names.
"""

from __future__ import annotations

import datetime as dt

import pytest

from communique.core.article import Article, Event, Evidence, Location, Participant, Span
from communique.io.export.gdelt import (
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    fips_of,
    global_event_id,
    goldstein,
    quad_class,
    write_gdelt,
)
from communique.io.store import Store

AZE = Participant("Bayramov", "Jeyhun Bayramov", "AZE", "GOV", "person", "P1")
TUR = Participant("Fidan", "Hakan Fidan", "TUR", "GOV", "person", "P2")
NOW = dt.datetime(2024, 8, 29, 12, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path):
    a = Article(text="Bayramov met Fidan in Ankara. They also conceded a point.", date="2024-08-28", id="a1",
                url="https://wire.example/a1", source="Wire")
    ev = Evidence("Bayramov met Fidan in Ankara.", 0, 29, Span("met", 9, 12))
    a.events = [
        Event(article_id="a1", sentence_index=0, type="CONSULT", mode="visit", cameo="042", quad_class="verbal_cooperation",
              actors=[AZE], recipients=[TUR], date="2024-08-27", date_granularity="day", confidence=0.9, evidence=ev,
              location=Location("Ankara", "Ankara", 323786, "TUR", 39.92, 32.85)),
        Event(article_id="a1", sentence_index=1, type="CONCEDE", cameo="080", quad_class="verbal_cooperation",
              actors=[AZE], date="2024-08-28", date_granularity="article", confidence=0.6,
              evidence=Evidence("They also conceded a point.", 30, 57, Span("conceded", 40, 48))),
    ]
    with Store(tmp_path / "g.duckdb") as s:
        s.add_articles([a])
        yield s


def test_gdelt_codes_facts():
    assert [quad_class(r) for r in ("01", "04", "05", "06", "08", "09", "13", "14", "20")] == [1, 1, 1, 2, 2, 3, 3, 4, 4]
    assert (goldstein("042"), goldstein("057"), goldstein("0874"), goldstein("195"), goldstein("1383")) == (
        1.9, 8.0, 10.0, -10.0, -7.0)
    assert (fips_of("AZE"), fips_of("TUR"), fips_of("DEU"), fips_of("XKX"), fips_of("ZZZ")) == ("AJ", "TU", "GM", "KV", "")
    assert global_event_id("abc") == global_event_id("abc") > 0 and global_event_id("abc") < 2**63


def test_gdelt_export_files_read_back_with_the_codebook_schema(store, tmp_path):
    pd = pytest.importorskip("pandas")
    events_file, mentions_file, n = write_gdelt(store.events(), tmp_path / "out", now=NOW,
                                                doc_lengths=store.article_lengths)
    assert (events_file.name, mentions_file.name, n) == ("20240829121500.export.CSV", "20240829121500.mentions.CSV", 2)
    assert [p.name for p in sorted((tmp_path / "out").iterdir())] == [events_file.name, mentions_file.name]
    ev = pd.read_csv(events_file, sep="\t", header=None, dtype={26: "str", 27: "str", 28: "str"})
    ev.columns = EVENT_COLUMNS
    me = pd.read_csv(mentions_file, sep="\t", header=None)
    me.columns = MENTION_COLUMNS
    assert ev.shape == (2, 61) and me.shape == (2, 16)
    consult = ev[ev.EventCode == "042"].iloc[0]
    assert (consult.EventBaseCode, consult.EventRootCode, consult.QuadClass, consult.GoldsteinScale) == ("042", "04", 1, 1.9)
    assert (consult.SQLDATE, consult.MonthYear, consult.Year, consult.FractionDate) == (20240827, 202408, 2024, 2024.7315)
    assert (consult.Actor1Code, consult.Actor1CountryCode, consult.Actor2Code, consult.Actor2Name) == (
        "AZEGOV", "AZE", "TURGOV", "HAKAN FIDAN")
    assert (consult.ActionGeo_Type, consult.ActionGeo_FullName, consult.ActionGeo_CountryCode,
            int(consult.ActionGeo_FeatureID)) == (4, "Ankara, Turkey", "TU", 323786)
    assert (consult.NumMentions, consult.NumSources, consult.NumArticles, consult.IsRootEvent) == (1, 1, 1, 1)
    assert (consult.DATEADDED, consult.SOURCEURL) == (20240829121500, "https://wire.example/a1")
    # CONCEDE is PLOVER verbal cooperation; CAMEO 08 (yield) is material cooperation in GDELT.
    concede = ev[ev.EventCode == "080"].iloc[0]
    assert (concede.EventRootCode, concede.QuadClass, concede.GoldsteinScale) == ("08", 2, 5.0)
    m = me[me.GLOBALEVENTID == consult.GLOBALEVENTID].iloc[0]
    assert (m.MentionType, m.MentionSourceName, m.MentionIdentifier, m.SentenceID, m.ActionCharOffset) == (
        1, "Wire", "https://wire.example/a1", 1, 9)
    assert (m.Confidence, m.MentionDocLen, m.MentionTimeDate, m.EventTimeDate) == (90, 57, 20240828000000, 20240829121500)


def test_gdelt_ids_are_stable_across_exports(store, tmp_path):
    first, _, _ = write_gdelt(store.events(), tmp_path / "one", now=NOW)
    second, _, _ = write_gdelt(store.events(), tmp_path / "two", now=NOW + dt.timedelta(minutes=15))
    ids = [[line.split("\t")[0] for line in p.read_text().splitlines()] for p in (first, second)]
    assert ids[0] == ids[1] and len(set(ids[0])) == 2
    assert all(int(i) > 0 for i in ids[0])
