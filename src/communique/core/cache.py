"""The per-user cache folder: where derived files built once (the place gazetteer's index) are kept.

Decided here: the folder (``$COMMUNIQUE_CACHE``, else ``$XDG_CACHE_HOME/communique``, else
``~/.cache/communique``); that a cache file's name carries a digest of everything it was built
from (``digest``), so that a change to any of its sources picks a new file rather than reading a
stale one; and that a file is published whole (``publish``: written under a temporary name in
the same folder, then renamed into place), so that readers never see a half-written file and two
processes that build the same file at once each publish a complete one, the last rename winning.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

ENV_VAR = "COMMUNIQUE_CACHE"


def cache_dir() -> Path:
    """Return the cache folder (not created): ``$COMMUNIQUE_CACHE``, ``$XDG_CACHE_HOME/communique`` or
    ``~/.cache/communique``."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "communique"


def digest(parts: Iterable[str | bytes], length: int = 16) -> str:
    """Return a short hex digest of ``parts`` (each part framed by its length, so no two lists collide)."""
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()[:length]


def publish(path: Path, write: Callable[[Path], None]) -> Path:
    """Return ``path`` after ``write(tmp)`` built the file under a temporary name beside it and
    it was renamed into place (atomic on one file system); the temporary file is removed on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.unlink()  # ``write`` creates the file itself (SQLite wants to)
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
