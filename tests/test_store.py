import duckdb
import pytest

from communique.core.article import Article, Event, Evidence, Participant, Place, Span
from communique.core.errors import StoreError
from communique.io.export import write_events
from communique.io.store import Store
from communique.io.store.migrations import MIGRATIONS

AZE = Participant("Azerbaijan", "Azerbaijan", "AZE", "GOV", "country", "AZE")
TUR = Participant("Turkey", "Turkey", "TUR", "GOV", "country", "TUR")
ARM = Participant("Armenia", "Armenia", "ARM", "GOV", "country", "ARM")


def _article(text: str, date: str, events: list[tuple]) -> Article:
    a = Article(text=text, date=date)
    for i, (etype, actors, recipients, negated) in enumerate(events):
        a.events.append(Event(
            article_id=a.id, sentence_index=i, type=etype, quad_class="verbal_cooperation", score=4.0,
            actors=actors, recipients=recipients, date=date, negated=negated,
            evidence=Evidence(text, 0, len(text), Span("met", i, i + 3)),
        ))
    a.places = [Place("Ankara", 0, 6, "Ankara", 323786, "TUR", 39.9, 32.9, "PPLC", 0.9, 0)]
    return a


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "t.duckdb") as s:
        s.add_articles([
            _article("a1", "2024-08-27", [("CONSULT", [AZE, TUR], [], False), ("ACCUSE", [AZE], [ARM], False)]),
            _article("a2", "2024-09-03", [("SUPPORT", [TUR], [AZE], False), ("CONSULT", [AZE], [TUR], True)]),
        ])
        yield s


def test_store_records_schema_version(tmp_path):
    with Store(tmp_path / "v.duckdb") as s:
        assert s.schema_version() == MIGRATIONS[-1][0]
    with Store(tmp_path / "v.duckdb") as s:  # reopening applies nothing twice
        assert s.con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_store_add_is_idempotent(store):
    assert (store.count("articles"), store.count("events"), store.count("participants")) == (2, 4, 8)
    again = _article("a1", "2024-08-27", [("CONSULT", [AZE, TUR], [], False)])
    assert store.add_articles([again]) == (0, 0)
    assert store.count("events") == 4


def test_store_failed_batch_leaves_nothing(store, tmp_path):
    bad = _article("a3", "2024-10-01", [("CONSULT", [AZE], [TUR], False)])
    bad.events[0].score = "not a number"  # the insert fails inside the transaction
    with pytest.raises(StoreError) as caught:
        store.add_articles([_article("a4", "2024-10-02", []), bad])
    assert caught.value.code == "E403" and isinstance(caught.value.__cause__, duckdb.Error)
    assert str(caught.value).startswith(f"E403 cannot store a batch of 2 articles in '{store.path}' (the first is ")
    assert str(caught.value).endswith("The batch was rolled back.")
    assert store.count("articles") == 2
    assert store.known_article_ids([bad.id]) == set()


@pytest.mark.parametrize(
    "filters, types",
    [
        ({}, ["CONSULT", "ACCUSE", "SUPPORT"]),
        ({"actor": "ARM"}, ["ACCUSE"]),
        ({"dyad": ("AZE", "TUR")}, ["CONSULT", "SUPPORT"]),
        ({"dyad": ("TUR", "AZE")}, ["CONSULT", "SUPPORT"]),
        ({"type": "accuse"}, ["ACCUSE"]),
        ({"since": "2024-09-01"}, ["SUPPORT"]),
        ({"until": "2024-08-31"}, ["CONSULT", "ACCUSE"]),
        ({"include_negated": True, "since": "2024-09-01"}, ["SUPPORT", "CONSULT"]),
    ],
)
def test_store_event_filters(store, filters, types):
    assert sorted(e.type for e in store.events(**filters)) == sorted(types)


def test_store_dyad_series_by_month(store):
    series = store.dyad_series("AZE", "TUR", by="month")
    assert [(p["period"], p["events"], p["by_type"]) for p in series] == [
        ("2024-08-01", 1, {"CONSULT": 1}), ("2024-09-01", 1, {"SUPPORT": 1})]
    with pytest.raises(StoreError, match="unknown period 'fortnight'"):
        store.dyad_series("AZE", "TUR", by="fortnight")


def test_store_summary_counts_and_dyads(store):
    s = store.summary()
    assert s["articles"] == 2 and s["events"] == 4
    assert s["events_by_type"] == {"ACCUSE": 1, "CONSULT": 1, "SUPPORT": 1}
    assert {"dyad": "AZE-ARM", "events": 1} in s["top_dyads"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "plover"])
def test_store_export_round_trip(store, tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    n = write_events(store.events(), fmt, path)
    assert n == 3
    if fmt == "parquet":
        rows = duckdb.sql(f"SELECT type FROM '{path}' ORDER BY type").fetchall()
        assert [r[0] for r in rows] == ["ACCUSE", "CONSULT", "SUPPORT"]
    else:
        assert "ACCUSE" in path.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_store_rejected_inputs_count_repeats(store):
    store.add_rejected("x.jsonl:2", "malformed JSON", code="E106")
    store.add_rejected("x.jsonl:2", "malformed JSON", code="E106")
    assert store.con.execute("SELECT times, code FROM rejected").fetchone() == (2, "E106")


def test_store_migrates_an_older_file_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    version, name, sql = MIGRATIONS[0]
    con.execute(sql)
    con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    con.execute("INSERT INTO places (article_id, start_offset, end_offset, text) VALUES ('a', 0, 6, 'Ankara')")
    con.close()
    with Store(path) as s:
        assert s.schema_version() == MIGRATIONS[-1][0]
        assert s.con.execute("SELECT text, usage FROM places").fetchall() == [("Ankara", "literal")]


def test_store_keeps_place_usage(store):
    rows = store.con.execute("SELECT DISTINCT text, usage FROM places").fetchall()
    assert rows == [("Ankara", "literal")]


def _cache_bytes(s: Store) -> int:
    return sum(n for tag, n in s.con.execute("SELECT tag, memory_usage_bytes FROM duckdb_memory()").fetchall()
               if tag == "BASE_TABLE")


def test_store_release_cache_evicts_the_blocks_read_and_keeps_data_and_limit(tmp_path):
    with Store(tmp_path / "c.duckdb") as s:
        limit = s.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        texts = [f"report {i} " + "the ministers met in Ankara and talked about the war " * 40 for i in range(300)]
        s.add_articles([_article(t, "2024-08-27", [("CONSULT", [AZE], [TUR], False)]) for t in texts])
        s.con.execute("CHECKPOINT")  # the rows now live in the file's blocks, read back through the cache
        assert s.con.execute("SELECT sum(length(text)) FROM articles").fetchone()[0] == sum(map(len, texts))
        assert _cache_bytes(s) > 0
        s.release_cache()
        assert _cache_bytes(s) == 0
        assert s.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == limit
        # the store reads and writes as before, re-reading the blocks it needs
        assert s.con.execute("SELECT sum(length(text)) FROM articles").fetchone()[0] == sum(map(len, texts))
        assert s.add_articles([_article("one more", "2024-08-28", [("CONSULT", [AZE], [TUR], False)])]) == (1, 1)
        assert s.count("articles") == 301
