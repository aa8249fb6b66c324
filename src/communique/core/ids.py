"""Content-hash ids: the same content always gets the same id, so re-inserting is a no-op."""

from __future__ import annotations

import hashlib


def content_hash(*parts: str, length: int = 16) -> str:
    """Return a short stable hex id derived from the given strings."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]
