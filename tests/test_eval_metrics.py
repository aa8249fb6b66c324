"""Metrics of the evaluation harness, on tiny hand-made inputs."""

from __future__ import annotations

import pytest

from communique.services.eval.metrics import (
    NONE,
    PRF,
    classify,
    expected_calibration_error,
    reliability,
    set_prf,
    span_prf,
)


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "p", "r", "f1"),
    [
        (0, 0, 0, 0.0, 0.0, 0.0),
        (1, 1, 0, 0.5, 1.0, 2 / 3),
        (3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35),
    ],
)
def test_metrics_prf_scores(tp, fp, fn, p, r, f1):
    prf = PRF(tp, fp, fn)
    assert prf.precision == pytest.approx(p)
    assert prf.recall == pytest.approx(r)
    assert prf.f1 == pytest.approx(f1)


def test_metrics_classify_counts_none_as_miss_and_false_alarm():
    gold = ["AGREE", "AGREE", "ASSAULT", NONE, "PROTEST"]
    pred = ["AGREE", NONE, "AGREE", "ASSAULT", "PROTEST"]
    c = classify(gold, pred)
    assert list(c.per_class) == ["AGREE", "ASSAULT", "PROTEST"]
    assert (c.per_class["AGREE"].tp, c.per_class["AGREE"].fp, c.per_class["AGREE"].fn) == (1, 1, 1)
    assert (c.per_class["ASSAULT"].tp, c.per_class["ASSAULT"].fp, c.per_class["ASSAULT"].fn) == (0, 1, 1)
    assert c.micro.tp == 2 and c.micro.fp == 2 and c.micro.fn == 2
    assert c.accuracy == pytest.approx(2 / 5)
    assert c.macro()["f1"] == pytest.approx((0.5 + 0.0 + 1.0) / 3)
    labels, matrix = c.matrix()
    assert labels == ["AGREE", "ASSAULT", "PROTEST", NONE]
    assert matrix[labels.index(NONE)][labels.index("ASSAULT")] == 1


def test_metrics_classify_without_none_scores_every_class():
    c = classify([0, 1, 1], [0, 1, 0], none=None)
    assert set(c.per_class) == {"0", "1"}
    assert c.per_class["0"].fp == 1 and c.per_class["1"].fn == 1


def test_metrics_classify_rejects_unequal_lengths():
    with pytest.raises(ValueError, match="differ in length"):
        classify(["A"], [])


@pytest.mark.parametrize(
    ("gold", "pred", "exact", "counts"),
    [
        ([(0, 5)], [(3, 8)], False, (1, 0, 0)),
        ([(0, 5)], [(3, 8)], True, (0, 1, 1)),
        ([(0, 5), (10, 12)], [(5, 9)], False, (0, 1, 2)),
        ([], [(1, 2)], False, (0, 1, 0)),
    ],
)
def test_metrics_span_prf_overlap_and_exact(gold, pred, exact, counts):
    prf = span_prf(gold, pred, exact=exact)
    assert (prf.tp, prf.fp, prf.fn) == counts


def test_metrics_set_prf_counts_pairs():
    prf = set_prf({("a", "USA"), ("a", "ISR")}, {("a", "USA"), ("a", "FRA")})
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 1)


def test_metrics_reliability_bins_and_ece():
    table = reliability([(0.05, False), (0.95, True), (1.0, True), (0.91, False)], bins=10)
    assert table[0].count == 1 and table[0].precision == 0.0
    last = table[-1]
    assert last.count == 3 and last.correct == 2
    assert last.mean_confidence == pytest.approx((0.95 + 1.0 + 0.91) / 3)
    ece = expected_calibration_error(table)
    assert ece == pytest.approx((1 * 0.05 + 3 * abs(last.mean_confidence - 2 / 3)) / 4)
