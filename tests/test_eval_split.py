"""Tune and check halves (communique/services/eval/split.py) and how reports and the gate carry them."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from communique.core.errors import EvalError, UsageError
from communique.services.eval import (
    DATASETS,
    DataMissing,
    cameo,
    case2021,
    conll,
    data_dir,
    gate,
    geo,
    india,
    plover,
    split,
)
from communique.services.eval import module as dataset_module
from communique.services.eval.common import scored
from communique.services.eval.report import GAP, Report, half_gaps, render


@pytest.mark.parametrize(
    ("key", "half"),
    [
        # Pinned: a change of the hash, the normalisation or the bit that picks the half moves
        # items between halves, and every floor pinned per half with them.
        ("The talks ended.", "check"),
        ("Police arrested ten men.", "tune"),
        ("Jeyhun Bayramov met Hakan Fidan in Ankara.", "check"),
        ("17", "check"),
        ("a", "tune"),
    ],
)
def test_eval_split_half_is_pinned(key, half):
    assert split.half_of(key) == half


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The talks ended.", "  the TALKS\tended. "),
        ("Police arrested\nten men.", "police arrested ten men."),
        ("ﬁve officials", "five officials"),  # NFKC folds the ligature
    ],
)
def test_eval_split_normalised_copies_share_a_half(a, b):
    assert split.normalise(a) == split.normalise(b)
    assert split.half_of(a) == split.half_of(b)


def test_eval_split_is_about_half_and_half():
    parts = split.partition([f"sentence {i}" for i in range(10_000)], str)
    assert set(parts) == {"tune", "check"}
    assert 0.48 < len(parts["tune"]) / 10_000 < 0.52


def test_eval_split_is_the_same_in_another_process():
    # Python's own str hash changes per process; the split must not.
    keys = [f"key {i}" for i in range(200)]
    code = ("from communique.services.eval import split; "
            f"print(''.join(split.half_of(k)[0] for k in {keys!r}))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "".join(split.half_of(k)[0] for k in keys)


def test_eval_split_select_and_partition_agree():
    items = [f"item {i}" for i in range(50)]
    parts = split.partition(items, str)
    assert sorted(parts["tune"] + parts["check"]) == list(range(50))
    assert split.select(items, str, "tune") == [items[i] for i in parts["tune"]]
    assert split.select(items, str, "check") == [items[i] for i in parts["check"]]
    assert split.select(items, str, None) == items
    # An item's half does not depend on the other items or on their order.
    assert split.select(items[::-1], str, "tune") == [items[i] for i in parts["tune"]][::-1]


def test_eval_split_unknown_half_is_a_usage_error():
    assert split.check_half(None) is None and split.check_half("check") == "check"
    with pytest.raises(UsageError, match="unknown half 'both'"):
        split.check_half("both")


def test_eval_split_key_of_every_dataset_is_documented():
    assert set(DATASETS) <= set(split.KEYS)
    for name in DATASETS:
        assert callable(dataset_module(name).split_key), name


@pytest.mark.parametrize(
    ("name", "item", "key"),
    [
        ("plover_gsr", plover.GsrRecord("P-1", "Troops shelled the town.", "2000-01-01", "ASSAULT", None),
         "Troops shelled the town."),
        ("conflibert_cameo", cameo.CameoItem("A met B.", 1, None, 7), "A met B."),
        ("case2021_task2", case2021.Snippet("9", "Police detained ten men", "ARREST"), "Police detained ten men"),
        ("conll2003", conll.ConllSentence("Ann Lee visited York"), "Ann Lee visited York"),
        ("india_police_events", india.IpeDoc(1234, "2002-03-01"), "1234"),
        ("geowebnews", geo.GeoDoc("77", "Rain in Zorba."), "77"),
        ("lgl_dev", geo.GeoDoc("4401", "Rain in Zorba."), "4401"),
    ],
)
def test_eval_split_key_is_the_documented_field(name, item, key):
    assert dataset_module(name).split_key(item) == key
    # Document data sets split by document id, the others by their text.
    assert split.KEYS[name].startswith("document id") == (name in ("india_police_events", "geowebnews", "lgl_dev"))


def _data():
    try:
        return data_dir()
    except DataMissing as e:
        pytest.skip(f"measurement data absent: {e}")


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_eval_split_real_dev_sets_fall_about_half_and_half(name):
    root = _data()
    mod = dataset_module(name)
    try:
        items = mod.load(root)
    except DataMissing as e:
        pytest.skip(f"{name} absent: {e}")
    parts = split.partition(items, mod.split_key)
    share = len(parts["tune"]) / len(items)
    assert 0.4 < share < 0.6, (name, len(parts["tune"]), len(parts["check"]))


# Reports and the gate, on hand-made scores.

def _score(items, outputs, mistakes=False):
    """A toy dataset: items are (key, right) pairs; accuracy is the share right."""
    r = Report("toy", items=len(items))
    r.headline = {"accuracy": sum(ok for _, ok in items) / len(items) if items else 0.0,
                  "filter_dropped": 0.0}
    return r


def test_eval_scored_adds_both_halves_and_flags_gaps():
    items = [(f"s{i}", i % 3 == 0) for i in range(60)]
    report = scored(_score, items, [None] * 60, lambda it: it[0], limit=None, seconds=1.0, half=None, errors=False)
    parts = split.partition(items, lambda it: it[0])
    for h in ("tune", "check"):
        assert report.half_items[h] == len(parts[h])
        assert report.halves[h]["accuracy"] == pytest.approx(
            sum(items[i][1] for i in parts[h]) / len(parts[h]))
    gap = report.halves["tune"]["accuracy"] - report.halves["check"]["accuracy"]
    assert (("accuracy" in report.gaps) == (abs(gap) > GAP))
    assert set(report.figures()) == {"accuracy", "accuracy@tune", "accuracy@check", "filter_dropped",
                                     "filter_dropped@tune", "filter_dropped@check"}
    assert list(report.figures())[:3] == ["accuracy", "accuracy@tune", "accuracy@check"]


def test_eval_scored_one_half_only():
    items = [(f"s{i}", True) for i in range(10)]
    report = scored(_score, items, [None] * 10, lambda it: it[0], limit=None, seconds=0.0, half="check",
                    errors=False)
    assert report.half == "check" and report.halves == {} and report.half_items == {"check": 10}
    assert report.figures() == {"accuracy@check": 1.0, "filter_dropped@check": 0.0}


def test_eval_half_gaps_only_over_the_threshold():
    halves = {"tune": {"a": 0.70, "b": 0.50, "c": 0.9}, "check": {"a": 0.66, "b": 0.48, "c": 0.9}}
    assert half_gaps(halves) == {"a": 0.04}


def test_eval_render_shows_halves_side_by_side():
    from rich.console import Console

    report = Report("toy", items=20, headline={"f1": 0.6}, halves={"tune": {"f1": 0.7}, "check": {"f1": 0.5}},
                    half_items={"tune": 11, "check": 9}, gaps={"f1": 0.2})
    buf = io.StringIO()
    render(report, Console(file=buf, width=200))
    text = buf.getvalue()
    assert "whole (20)" in text and "tune (11)" in text and "check (9)" in text
    assert "+0.200 !" in text and "halves differ by more than 0.03: f1 +0.200" in text


def _halved(whole, tune, check, **extra):
    return Report("toy", headline={"f1": whole, **extra},
                  halves={"tune": {"f1": tune, **extra}, "check": {"f1": check, **extra}})


def test_eval_gate_checks_each_half():
    entry = gate.Entry(floors={"f1": 0.5, "f1@tune": 0.5, "f1@check": 0.55})
    assert gate.check(_halved(0.6, 0.6, 0.6), entry) == []
    assert gate.check(_halved(0.6, 0.65, 0.54), entry) == ["toy.f1@check: 0.540 is below its floor 0.550"]


def test_eval_gate_pins_each_half_and_ceilings_for_lower_is_better():
    entry = gate.Entry()
    changes = gate.update(entry, _halved(0.6, 0.7, 0.5, filter_dropped=0.1), margin=0.02)
    assert entry.floors == {"f1": 0.58, "f1@tune": 0.68, "f1@check": 0.48}
    assert entry.ceilings == {"filter_dropped": 0.12, "filter_dropped@tune": 0.12, "filter_dropped@check": 0.12}
    assert "toy.f1@check: floor - -> 0.480 (measured 0.500)" in changes
    assert entry.measured["f1@tune"] == 0.7
    # Floors never fall without allow_lower, half by half.
    gate.update(entry, _halved(0.7, 0.6, 0.6, filter_dropped=0.1), margin=0.02)
    assert entry.floors == {"f1": 0.68, "f1@tune": 0.68, "f1@check": 0.58}


def test_eval_gate_baseline_missing_or_malformed_is_e503(tmp_path):
    with pytest.raises(EvalError, match="E503 .*absent.json: no such baseline file"):
        gate.load_baseline(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(EvalError, match="E503 .*bad.json: not a quality-gate baseline"):
        gate.load_baseline(bad)


def test_eval_gate_main_reports_a_missing_baseline(tmp_path, capsys):
    assert gate.main(["--baseline", str(tmp_path / "nope.json")]) == 2
    assert "E503" in capsys.readouterr().err


def test_eval_gate_finds_its_baseline_in_the_package():
    assert gate.BASELINE.parent == __import__("pathlib").Path(gate.__file__).parent
    assert gate.BASELINE.is_file() and "tests" not in gate.BASELINE.parts
    pinned = gate.load_baseline()
    for name, entry in pinned.datasets.items():
        assert name in DATASETS
        for metric in (*entry.floors, *entry.ceilings):
            base, _, half = metric.partition("@")
            assert half in ("", "tune", "check"), metric
        # Every metric is pinned over the whole subset and over each half.
        for metric in [m for m in (*entry.floors, *entry.ceilings) if "@" not in m]:
            pins = {**entry.floors, **entry.ceilings}
            assert f"{metric}@tune" in pins and f"{metric}@check" in pins, (name, metric)


def _score_with_mistakes(items, outputs, mistakes=False):
    r = _score(items, outputs)
    if mistakes:
        from communique.services.eval.report import Table

        r.mistakes = Table(f"mistakes ({sum(not ok for _, ok in items)}): wrong items", ["key"],
                           [[k] for k, ok in items if not ok])
    return r


def test_eval_scored_lists_mistakes_with_their_half():
    items = [(f"s{i}", i % 2 == 0) for i in range(20)]
    report = scored(_score_with_mistakes, items, [None] * 20, lambda it: it[0], limit=None, seconds=0.0,
                    half=None, errors=True)
    assert report.mistakes.columns == ["half", "key"]
    assert report.mistakes.title == "mistakes (10, tune half first): wrong items"
    assert sorted(k for _, k in report.mistakes.rows) == sorted(k for k, ok in items if not ok)
    assert all(split.half_of(k) == h for h, k in report.mistakes.rows)
    assert [h for h, _ in report.mistakes.rows] == sorted((h for h, _ in report.mistakes.rows), key=["tune", "check"].index)
