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

from communique.core.article import Article, Participant
from communique.services.eval.common import aligned_event, iso3

pytestmark = pytest.mark.model

SUITE = Path(__file__).parent / "data" / "roles_suite.tsv"
DATE = "2011-06-15"
# Shares of the 241 rows (pinned at h-i11g: 0.954 / 0.929 / 0.838; main f35072a's code on the same rows:
# 0.938 / 0.880 / 0.776; the 219 rows of the round before were pinned at 0.93 / 0.90 / 0.81).
FLOORS = {"source": 0.95, "target": 0.92, "triple": 0.83}


def _rows() -> list[list[str]]:
    rows = [line.rstrip("\n").split("\t") for line in SUITE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert all(len(r) == 5 for r in rows), [r for r in rows if len(r) != 5]
    return rows


def _countries(parts: list[Participant]) -> set[str]:
    return {c for p in parts if (c := iso3(p.country))}


@pytest.fixture(scope="module")
def scored():
    from communique.runtime.pipeline import Pipeline

    pipeline = Pipeline.from_settings(stages=["nlp", "actors", "places", "events"])
    out = []
    for construction, type_, source, target, text in _rows():
        events = pipeline(Article(text=text, date=DATE)).events
        ev = aligned_event(events, [type_])
        out.append({
            "construction": construction, "text": text,
            "source": ev is not None and source in _countries(ev.actors),
            "target": ev is not None and target in _countries(ev.recipients),
            "triple": any(e.type == type_ and source in _countries(e.actors) and target in _countries(e.recipients)
                          for e in events),
        })
    return out


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
