"""Compact sentence vectors (core.vector): packed to bytes and to text, compared by cosine."""

from __future__ import annotations

import numpy as np

from communique.core import vector


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(vector.DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def test_vector_packed_cosine_is_within_a_hundredth_of_the_exact_one():
    a, b = _unit(1), _unit(2)
    near = (a + 0.3 * b) / np.linalg.norm(a + 0.3 * b)
    for x, y in ((a, b), (a, near), (a, a)):
        exact = float(np.dot(x, y))
        packed = vector.cosine(vector.unpack(vector.pack(x)), vector.unpack(vector.pack(y)))
        assert abs(packed - exact) < 0.01
    assert len(vector.pack(a)) == vector.DIM


def test_vector_text_round_trip_keeps_the_direction_and_bad_values_read_as_none():
    a = _unit(3)
    text = vector.to_text(5.0 * a)  # a sum of mentions' vectors: its direction is kept
    assert isinstance(text, str) and len(text) < 600
    assert vector.cosine(vector.from_text(text), a) > 0.999
    assert vector.from_text(None) is None and vector.from_text("not base64!") is None
    assert vector.from_text("AAAA") is None  # the wrong length
    assert vector.unpack(None) is None and vector.to_text(None) is None
    assert vector.cosine(a, None) is None and vector.unit(np.zeros(vector.DIM)) is None
