"""Compact sentence vectors: the classifier's MiniLM embedding of a sentence, kept for clustering.

The events stage embeds every sentence whose coding the classifier can change; the embedding
(384 float32, L2-normalised) is what says how alike two reports' evidence sentences are in
meaning, beyond their shared words ("froze the assets of three banks" / "added three lenders to
its sanctions list"). It is kept per sentence as 384 signed bytes (``pack``: each component
times 127, rounded; the cosine of two packed vectors differs from the exact one by under 0.01),
and a cluster keeps the sum of its mentions' unit vectors (``unit`` of it is their mean
direction). A stored event keeps that direction as base64 text in its features (``to_text``).
"""

from __future__ import annotations

import base64

import numpy as np

DIM = 384
SCALE = 127.0


def pack(v: np.ndarray) -> bytes:
    """Return a unit vector as DIM signed bytes."""
    return np.clip(np.rint(np.asarray(v, dtype=np.float32) * SCALE), -127, 127).astype(np.int8).tobytes()


def unpack(b: bytes | None) -> np.ndarray | None:
    """Return the float32 unit vector of packed bytes (None for none or a malformed value)."""
    if not b or len(b) != DIM:
        return None
    return unit(np.frombuffer(b, dtype=np.int8).astype(np.float32))


def unit(v: np.ndarray | None) -> np.ndarray | None:
    """Return ``v`` scaled to length 1 (None for None or the zero vector)."""
    if v is None:
        return None
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else None


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    """Return the cosine of two vectors (None when one is missing or zero)."""
    ua, ub = unit(a), unit(b)
    if ua is None or ub is None:
        return None
    return float(np.dot(ua, ub))


def to_text(v: np.ndarray | None) -> str | None:
    """Return a vector's direction as base64 text of its packed bytes (JSON-ready), or None."""
    u = unit(v)
    return base64.b64encode(pack(u)).decode("ascii") if u is not None else None


def from_text(s: str | None) -> np.ndarray | None:
    """Return the unit vector of ``to_text``'s text (None for none or a malformed value)."""
    if not s:
        return None
    try:
        return unpack(base64.b64decode(s, validate=True))
    except (ValueError, TypeError):
        return None
