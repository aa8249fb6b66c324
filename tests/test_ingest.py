"""The ingest job: the registry of persons carried across batches and runs through the store."""

from pathlib import Path

import pytest

from communique.core.article import Article
from communique.core.config import load_settings
from communique.io.sources import read_inputs
from communique.io.store import Store
from communique.runtime.pipeline import Pipeline
from communique.services.ingest import date_windows, ingest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.from_settings(load_settings())


def _person(article: Article, name: str):
    return next(a for a in article.actors if a.kind == "person" and a.text == name)


@pytest.mark.model
def test_ingest_registry_learned_in_one_run_serves_the_next(tmp_path, pipeline):
    db = tmp_path / "r.duckdb"
    first = Article(text="Kenyan Foreign Minister Amara Odhiambo met officials in Kampala on Monday.",
                    date="2024-03-04")
    with Store(db) as store:
        report = ingest([first], store, pipeline)
        assert report.articles_added == 1
        entry = store.load_registry().lookup("Amara Odhiambo", "2024-03-04")
        assert (entry.country, entry.sector, entry.article_id) == ("KEN", "GOV", first.id)
    later = Article(text="Amara Odhiambo criticised the decision in a statement on Friday.", date="2024-06-07")
    with Store(db) as store:
        ingest([later], store, pipeline)
        events = list(store.events(include_negated=True))
    # the stage holds no registry of its own: the run read the store's snapshot
    assert pipeline.get("actors").registry is None
    assert later.id in {e.article_id for e in events}
    with Store(db) as store:
        from communique.core.knowledge import Knowledge

        knowledge = Knowledge(store.load_registry())
    again = pipeline(Article(text=later.text, date=later.date, id="fresh"), knowledge=knowledge)
    person = _person(again, "Amara Odhiambo")
    assert (person.country, person.sector) == ("KEN", "GOV")


# Dated reports that teach persons (titles, an apposition, an enumeration) and use them later.
TEACHING = [
    ("2024-03-04", "Kenyan Foreign Minister Amara Odhiambo met officials in Kampala on Monday."),
    ("2024-03-09", "Odhiambo said the talks had been useful."),
    ("2024-04-02", "Tomas Varga, the Hungarian defence minister, visited Bucharest on Tuesday."),
    ("2024-05-20", "The foreign ministers of Chile and Peru, Ana Solis and Jorge Paredes, met in Lima."),
    ("2024-06-01", "Hungarian Prime Minister Tomas Varga opened the summit."),
]


def _learned(db: Path, pipeline: Pipeline, batch_size: int, seed: Path | None):
    paths = [str(EXAMPLES)] + ([str(seed)] if seed else [])
    articles = [a for a in read_inputs(paths) if isinstance(a, Article)]
    articles += [Article(text=text, date=date) for date, text in TEACHING]
    with Store(db) as store:
        report = ingest(articles, store, pipeline, batch_size=batch_size)
        rows = store.con.execute(
            "SELECT name, country, sector, role, CAST(date AS VARCHAR), article_id, basis FROM actor_facts "
            "ORDER BY ALL").fetchall()
        registry = store.load_registry()
    return report, rows, registry


@pytest.mark.model
def test_ingest_registry_learning_is_the_same_in_one_batch_or_one_article_per_batch(tmp_path, pipeline):
    from tests.conftest import SEED

    seed = SEED if SEED.exists() else None
    one_batch, facts_a, reg_a = _learned(tmp_path / "a.duckdb", pipeline, 64, seed)
    per_article, facts_b, reg_b = _learned(tmp_path / "b.duckdb", pipeline, 1, seed)
    assert one_batch.articles_added == per_article.articles_added == 27 + len(TEACHING) + bool(seed)
    assert facts_a == facts_b
    assert reg_a.entries == reg_b.entries
    taught = {(name, country, role) for name, country, _, role, *_ in facts_a}
    assert {("Amara Odhiambo", "KEN", "foreign minister"), ("Tomas Varga", "HUN", "defence minister"),
            ("Tomas Varga", "HUN", "prime minister")} <= taught
    assert [e.role for e in reg_a.entries["Tomas Varga"]] == ["defence minister", "prime minister"]
    if seed:
        assert {("Jeyhun Bayramov", "AZE"), ("Hakan Fidan", "TUR")} <= {(n, c) for n, c, _ in taught}


def test_ingest_date_windows_sort_within_a_window_and_pass_rejections_on():
    from communique.core.errors import InputError

    arts = [Article(text=str(i), date=d) for i, d in enumerate(["2024-03-01", "2024-01-01", "2024-02-01",
                                                                  "2023-01-01"])]
    bad = InputError("x.jsonl:3", "malformed JSON", code="E106")
    seen = []
    out = list(date_windows([arts[0], arts[1], bad, arts[2], arts[3]], 3, seen.append))
    # window 1: the first three articles, oldest first; window 2: the last one
    assert [a.date for a in out] == ["2024-01-01", "2024-02-01", "2024-03-01", "2023-01-01"]
    assert seen == [bad]


def test_ingest_date_windows_keep_ties_in_input_order_and_let_go_of_what_they_yielded():
    import gc
    import weakref

    arts = [Article(text=str(i), date=d) for i, d in enumerate(["2024-02-01", "2024-01-01", "2024-02-01",
                                                                  "2024-01-01"])]
    refs = [weakref.ref(a) for a in arts]

    def read():  # a reader keeps no article it has handed over
        while arts:
            yield arts.pop(0)

    stream = date_windows(read(), 4, lambda e: None)
    first = next(stream)
    assert first.text == "1"
    del first
    gc.collect()
    # an article coded in place must not stay alive in the window while the rest of it is coded
    assert refs[1]() is None and all(r() is not None for r in (refs[0], refs[2], refs[3]))
    assert [a.text for a in stream] == ["3", "0", "2"]
