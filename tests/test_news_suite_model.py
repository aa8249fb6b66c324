"""The fresh news-report suite (tests/data/news_suite.tsv, issue 11, h-fresh12) through the real pipeline (spaCy
parse, actors, places, events), scored per tune / check half like tests/test_roles_suite_model.py.

The suite was written before any of its output was read, to measure how the coded triple
generalises beyond the tuned construction suite. Its rows fall in halves by the project's fixed
hash split of the sentence text (services/eval/split.half_of): only the tune half's failures are
read while working (``_report(scored, "tune")``); the check half is read as figures only, and its
failures are never listed by these tests.

Measures of one row: ``type``, an event of the row's type was coded; ``source`` / ``target``, the
aligned event (of the row's type, else the most confident) has the source country among its actors
/ the target country among its recipients; ``triple``, one event has the type and both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.services.eval.common import iso3
from communique.services.eval.split import CHECK, HALVES, TUNE, half_of

from .coded_sentences import read_suite, score_suite

pytestmark = pytest.mark.model

SUITE = Path(__file__).parent / "data" / "news_suite.tsv"
DATE = "2021-06-15"
MEASURES = ("type", "source", "target", "triple")
# Floors per half, a little under the figures at h-fresh12's last commit (tune 76 rows: type 0.855,
# source 0.882, target 0.632, triple 0.618; check 84 rows: 0.810 / 0.774 / 0.643 / 0.571). Before any fix
# (main 33424ff): tune 0.803 / 0.803 / 0.566 / 0.526, check 0.810 / 0.762 / 0.643 / 0.560.
FLOORS = {
    TUNE: {"type": 0.84, "source": 0.87, "target": 0.62, "triple": 0.60},
    CHECK: {"type": 0.80, "source": 0.76, "target": 0.63, "triple": 0.56},
}


def _rows() -> list[list[str]]:
    return read_suite(SUITE)


def figures(scored: list[dict]) -> dict[str, dict[str, float]]:
    """Return half ("whole", "tune", "check") -> measure -> share of its rows."""
    out = {}
    for half in ("whole", *HALVES):
        rows = [r for r in scored if half == "whole" or r["half"] == half]
        out[half] = {m: round(sum(r[m] for r in rows) / len(rows), 3) for m in MEASURES} | {"n": len(rows)}
    return out


@pytest.fixture(scope="module")
def scored():
    from communique.runtime.pipeline import Pipeline

    return score_suite(Pipeline.from_settings(stages=["nlp", "actors", "places", "events"]), _rows(), DATE)


def test_news_suite_rows_name_known_countries_and_types():
    from communique.stages.events.ontology import TYPES

    for construction, type_, source, target, text in _rows():
        assert type_ in TYPES, (construction, text)
        assert iso3(source) == source and iso3(target) == target, (construction, text)


def test_news_suite_has_both_halves_and_every_type():
    from communique.stages.events.ontology import TYPES

    rows = _rows()
    halves = {h: sum(half_of(r[4]) == h for r in rows) for h in HALVES}
    assert min(halves.values()) >= 70, halves
    counts = {t: sum(r[1] == t for r in rows) for t in TYPES}
    assert min(counts.values()) >= 10, counts


@pytest.mark.parametrize("half", HALVES)
@pytest.mark.parametrize("measure", MEASURES)
def test_news_suite_figure(scored, half, measure):
    share = figures(scored)[half][measure]
    # Only the tune half's misses are shown; the check half is read as a figure alone.
    missed = [f"{r['construction']} {r['type_']}: {r['text']}" for r in scored
              if half == TUNE and r["half"] == TUNE and not r[measure]]
    assert share >= FLOORS[half][measure], f"{half} {measure} {share:.3f} < {FLOORS[half][measure]}\n" + "\n".join(missed)
