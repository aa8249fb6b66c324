"""The engines: where a pipeline's batches run. ``local`` (this machine, a process per core) and ``ray``.

Both run the same stage list from the settings and give the same events for the same input; they
differ only in where the batches run: both give batch ``i`` the knowledge of batches
``0 .. i - lag - 1`` (``runtime.runner.KnowledgeFold``). ``make_engine`` picks one by name.
"""

from __future__ import annotations

from typing import Any

from communique.core.config import Settings
from communique.core.errors import UsageError
from communique.core.knowledge import Knowledge

ENGINES = ("local", "ray")


def make_engine(name: str, settings: Settings, *, workers: int | None = None, address: str | None = None,
                knowledge: Knowledge | None = None, learn: bool = True, streaming: bool = False,
                code_while_starting: bool | None = None, keep_parse: bool = True) -> Any:
    """Return the engine ``name`` for ``settings`` (E005 for an unknown name or options that do not fit it).

    Local engine: ``code_while_starting`` codes batches in this process while the workers start
    (None: only when a core is left over, see ``engines.local``); ``streaming``, an input read as
    it arrives (stdin), always does, so each of its first articles is printed before the next is read;
    ``keep_parse=False`` (either engine) hands articles back without their parse (``Article.drop_parse``:
    ingest, printed events)."""
    if name == "local":
        if address is not None:
            raise UsageError("--address only makes sense with --engine ray.", code="E005")
        from communique.runtime.engines.local import LocalEngine

        return LocalEngine(settings, workers=workers, knowledge=knowledge, learn=learn,
                           code_while_starting=True if streaming else code_while_starting, keep_parse=keep_parse)
    if name == "ray":
        if workers is not None:
            raise UsageError("--workers is for the local engine; a Ray cluster sizes itself "
                             "(ray start --num-cpus N on each node).", code="E005")
        from communique.runtime.engines.ray_engine import RayEngine

        return RayEngine(settings, address=address, knowledge=knowledge, learn=learn, keep_parse=keep_parse)
    raise UsageError(f"--engine: unknown engine '{name}': use {' or '.join(ENGINES)}", code="E005")
