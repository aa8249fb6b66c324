"""Metrics computed from gold and predicted labels: P/R/F1, confusion matrices, calibration.

Everything here is pure Python over plain values, so that tests can check it on tiny
hand-written inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

# The label that stands for "no event" / "no entity" in a classification: it is never a class
# of its own in the per-class table, so that P/R/F1 measure what was coded.
NONE = "NONE"


@dataclass
class PRF:
    """Counts of one class (or of a micro-average) and the scores derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.support,
        }


@dataclass
class Classification:
    """Per-class P/R/F1, macro and micro averages and the confusion matrix of single-label items.

    ``none`` is the label meaning "nothing coded": a gold ``none`` predicted as X is a false
    positive of X, a gold X predicted as ``none`` a false negative of X; ``none`` itself has no
    row in the per-class table but keeps its row and column in the confusion matrix.
    """

    per_class: dict[str, PRF] = field(default_factory=dict)
    confusion: Counter = field(default_factory=Counter)  # (gold, pred) -> count
    labels: list[str] = field(default_factory=list)
    none: str | None = NONE
    n: int = 0

    @property
    def micro(self) -> PRF:
        total = PRF()
        for prf in self.per_class.values():
            total.add(prf)
        return total

    def macro(self) -> dict[str, float]:
        """Return unweighted means of P, R and F1 over classes that occur in gold or predictions."""
        scores = [p for p in self.per_class.values() if p.tp + p.fp + p.fn]
        if not scores:
            return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
        k = len(scores)
        return {
            "precision": sum(p.precision for p in scores) / k,
            "recall": sum(p.recall for p in scores) / k,
            "f1": sum(p.f1 for p in scores) / k,
        }

    @property
    def accuracy(self) -> float:
        right = sum(c for (g, p), c in self.confusion.items() if g == p)
        return right / self.n if self.n else 0.0

    def matrix(self) -> tuple[list[str], list[list[int]]]:
        """Return (labels, rows): rows[i][j] counts gold labels[i] predicted as labels[j]."""
        labels = list(self.labels)
        return labels, [[self.confusion[(g, p)] for p in labels] for g in labels]


def classify(gold: Sequence[Hashable], pred: Sequence[Hashable], none: str | None = NONE,
             labels: Iterable[str] | None = None) -> Classification:
    """Return the Classification of paired single labels ``gold[i]`` vs ``pred[i]``."""
    if len(gold) != len(pred):
        raise ValueError(f"gold and pred differ in length ({len(gold)} vs {len(pred)})")
    result = Classification(none=none, n=len(gold))
    seen = set(labels or ())
    for g, p in zip(gold, pred, strict=True):
        g, p = str(g), str(p)
        result.confusion[(g, p)] += 1
        seen.update((g, p))
        for label in (g, p):
            if label != none and label not in result.per_class:
                result.per_class[label] = PRF()
        if g == p:
            if g != none:
                result.per_class[g].tp += 1
        else:
            if p != none:
                result.per_class[p].fp += 1
            if g != none:
                result.per_class[g].fn += 1
    for label in seen:
        if label != none:
            result.per_class.setdefault(label, PRF())
    ordered = sorted(x for x in seen if x != none)
    result.labels = ordered + ([none] if none is not None and none in seen else [])
    result.per_class = {k: result.per_class[k] for k in ordered}
    return result


def set_prf(gold: Iterable[Hashable], pred: Iterable[Hashable]) -> PRF:
    """Return TP/FP/FN of two sets of hashable items (e.g. (item, country) pairs)."""
    g, p = set(gold), set(pred)
    return PRF(tp=len(g & p), fp=len(p - g), fn=len(g - p))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Return True when half-open character spans ``a`` and ``b`` share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def span_prf(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]], exact: bool = False) -> PRF:
    """Return TP/FP/FN of predicted spans against gold spans, by overlap (or exact match).

    A gold span is found (TP) when some prediction matches it; a prediction is a false positive
    when it matches no gold span. With overlap, one prediction may find several gold spans.
    """

    def match(x: tuple[int, int], y: tuple[int, int]) -> bool:
        return tuple(x) == tuple(y) if exact else overlaps(x, y)

    tp = sum(1 for g in gold if any(match(g, p) for p in pred))
    fp = sum(1 for p in pred if not any(match(g, p) for g in gold))
    return PRF(tp=tp, fp=fp, fn=len(gold) - tp)


@dataclass
class ReliabilityBin:
    low: float
    high: float
    count: int = 0
    correct: int = 0
    confidence_sum: float = 0.0

    @property
    def mean_confidence(self) -> float:
        return self.confidence_sum / self.count if self.count else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.count if self.count else 0.0


def reliability(pairs: Iterable[tuple[float, bool]], bins: int = 10) -> list[ReliabilityBin]:
    """Return equal-width confidence bins over [0, 1] with observed precision per bin.

    ``pairs`` holds (confidence, correct) for every predicted event; confidence 1.0 falls in the
    last bin.
    """
    out = [ReliabilityBin(i / bins, (i + 1) / bins) for i in range(bins)]
    for conf, correct in pairs:
        conf = min(max(float(conf), 0.0), 1.0)
        b = out[min(int(conf * bins), bins - 1)]
        b.count += 1
        b.correct += int(bool(correct))
        b.confidence_sum += conf
    return out


def expected_calibration_error(table: Sequence[ReliabilityBin]) -> float:
    """Return the count-weighted mean gap between confidence and precision over the bins."""
    n = sum(b.count for b in table)
    if not n:
        return 0.0
    return sum(b.count * abs(b.mean_confidence - b.precision) for b in table) / n
