"""The events stage's memory of sentence probabilities, and a head whose rows do not depend on each other."""

from __future__ import annotations

import numpy as np

from communique.stages.events.classifier import default_classifier
from communique.stages.events.memo import ProbabilityMemo


def test_events_memo_predicts_each_new_text_once_and_forgets_the_oldest():
    asked: list[list[str]] = []

    def predict(texts: list[str]) -> list[dict[str, float]]:
        asked.append(list(texts))
        return [{"NONE": 1.0 / len(t)} for t in texts]

    memo = ProbabilityMemo(size=2)
    first = memo(["ab", "abc", "ab"], predict)
    assert first == [{"NONE": 0.5}, {"NONE": 1 / 3}, {"NONE": 0.5}] and asked == [["ab", "abc"]]
    first[0]["NONE"] = 9.0  # each answer is a copy: changing one changes nothing remembered
    assert memo(["abc", "ab"], predict) == [{"NONE": 1 / 3}, {"NONE": 0.5}] and len(asked) == 1
    assert memo.hits == 2
    memo(["abcd"], predict)  # "abc" was used before "ab": it is forgotten first
    assert list(memo.known) == ["ab", "abcd"]
    memo(["abc"], predict)
    assert asked[-1] == ["abc"]
    assert memo([], predict) == [] and len(asked) == 3


def test_events_head_gives_a_row_the_same_probabilities_in_any_batch():
    head = default_classifier()
    rng = np.random.default_rng(7)
    x = rng.standard_normal((130, head.weights.shape[1])).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    whole = head.predict_proba_embeddings(x)
    for n in (1, 2, 64):
        parts = np.concatenate([head.predict_proba_embeddings(x[i:i + n]) for i in range(0, len(x), n)])
        assert np.array_equal(parts, whole), n
    assert head.predict_proba_embeddings(x[:0]).shape == (0, len(head.classes))
