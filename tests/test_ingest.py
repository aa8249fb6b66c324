"""The ingest job: registry of persons carried across runs through the store."""

import pytest

from communique.core.article import Article
from communique.core.config import load_settings
from communique.io.store import Store
from communique.runtime.pipeline import Pipeline
from communique.services.ingest import ingest


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
        assert (entry.country, entry.sector) == ("KEN", "GOV")
    later = Article(text="Amara Odhiambo criticised the decision in a statement on Friday.", date="2024-06-07")
    with Store(db) as store:
        ingest([later], store, pipeline)
    coded = pipeline.get("actors").registry  # the stage now holds the store's registry
    assert coded.lookup("Amara Odhiambo").article_id == first.id
    again = next(pipeline.pipe([Article(text=later.text, date=later.date, id="fresh")]))
    person = _person(again, "Amara Odhiambo")
    assert (person.country, person.sector) == ("KEN", "GOV")
