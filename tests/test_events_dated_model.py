"""A trigger with a day of its own names one act (events/dated.py), and the events stage keeps each
embedded sentence's vector for clustering (core.vector). On the real pipeline; sentences written here."""

from __future__ import annotations

import pytest

from communique import code_text
from communique.core.article import Article

pytestmark = pytest.mark.model

DATE = "2025-03-15"  # a Saturday


def _types(text: str) -> list[tuple[str, str | None, str]]:
    return [(e.type, e.date, e.date_granularity) for e in code_text(text, DATE) if not e.historical]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A noun act with "on" and a day, under another act's clause of time.
        ("The Ryazan refinery stopped two processing units after the drone strike on March 13, industry sources said.",
         ("ASSAULT", "2025-03-13", "day")),
        # A weekday's possessive, the act's victims named.
        ("Hundreds attended the funerals in Kismayo of the victims of Monday's attack on the Asasey hotel.",
         ("ASSAULT", "2025-03-10", "day")),
        # A past participle telling what was done to the noun it qualifies, with its day.
        ("Parents of the pupils abducted from a school in Kaduna state on March 7 appealed for their release.",
         ("ASSAULT", "2025-03-07", "day")),
    ],
)
def test_events_a_trigger_dated_by_its_own_phrase_is_an_event_without_participants(text, expected):
    assert expected in _types(text)


@pytest.mark.parametrize(
    "text",
    [
        # The first case above without its day, or with a month only: the sentence is about the
        # refinery, and a bare "drone strike" is no event the classifier backs.
        "The Ryazan refinery stopped two processing units after the drone strike, industry sources said.",
        "The Ryazan refinery stopped two processing units after the drone strike in March, industry sources said.",
    ],
)
def test_events_an_undated_or_month_dated_act_noun_stays_no_event_without_participants(text):
    assert not any(t == "ASSAULT" for t, _, _ in _types(text))


def test_events_stage_keeps_the_vector_of_each_event_sentence_and_writes_none_out():
    from communique import code_articles
    from communique.core import vector

    text = ("Japan froze the assets of three Russian banks on Monday. "
            "Tokyo added three lenders to its sanctions list on the same day.")
    (article,) = list(code_articles([Article(text=text, date="2025-02-25", id="v1")]))
    assert article.events
    for e in article.events:
        v = vector.unpack(article.sentence_of(e).vector)
        assert v is not None and abs(float((v * v).sum()) - 1.0) < 1e-3
    assert all("vector" not in s for s in article.to_dict()["sentences"])
    kept = article.drop_parse()
    assert {s.index for s in kept.sentences if s.vector} <= {e.sentence_index for e in kept.events}
