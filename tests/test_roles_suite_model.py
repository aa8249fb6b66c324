"""The construction suite of who acts and who receives (tests/data/roles_suite.tsv), through the real
pipeline (spaCy parse, actors, places, events), scored like plover_gsr's event-level measures.

The suite is the project's own: clean wire-style sentences written for it, a few per construction
(passives, "with"/"against"/"between", appositions, coordination, reported speech, nominal acts,
demonyms, capitals, institutions, named leaders, pronouns, participles, crowds in a place, ...).
Each row names the PLOVER type it reports and the ISO3 country of its source and target. The
figures are pinned below: a change that loses a construction lowers them and fails here; one that
wins more raises them (re-pin by hand, never lower without saying why).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.services.eval.common import iso3

from .coded_sentences import read_suite, score_suite

pytestmark = pytest.mark.model

SUITE = Path(__file__).parent / "data" / "roles_suite.tsv"
DATE = "2011-06-15"
# Shares of the 241 rows (pinned at h-i11g: 0.954 / 0.929 / 0.838; main f35072a's code on the same rows:
# 0.938 / 0.880 / 0.776; the 219 rows of the round before were pinned at 0.93 / 0.90 / 0.81).
FLOORS = {"source": 0.95, "target": 0.92, "triple": 0.83}


def _rows() -> list[list[str]]:
    return read_suite(SUITE)


@pytest.fixture(scope="module")
def scored():
    from communique.runtime.pipeline import Pipeline

    return score_suite(Pipeline.from_settings(stages=["nlp", "actors", "places", "events"]), _rows(), DATE)


def test_roles_suite_rows_name_known_countries():
    for construction, _type, source, target, text in _rows():
        assert iso3(source) == source and iso3(target) == target, (construction, text)


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_roles_suite_figure(scored, measure):
    share = sum(r[measure] for r in scored) / len(scored)
    missed = [f"{r['construction']}: {r['text']}" for r in scored if not r[measure]]
    assert share >= FLOORS[measure], f"{measure} {share:.3f} < {FLOORS[measure]}; missed:\n" + "\n".join(missed)


def test_roles_suite_covers_every_construction_with_several_rows():
    counts: dict[str, int] = {}
    for r in _rows():
        counts[r[0]] = counts.get(r[0], 0) + 1
    assert len(counts) >= 20 and min(counts.values()) >= 3, counts
