"""The engines: where a pipeline's batches run. ``local`` (this machine, a process per core) and ``ray``.

Both run the same stage list from the settings and give the same events for the same input; they
differ in where the batches run and in how far the knowledge of earlier batches reaches (see
``runtime.runner``: the local engine folds it with a fixed lag, Ray reads the knowledge the run
started with). ``make_engine`` picks one by name.
"""

from __future__ import annotations

from typing import Any

from communique.core.config import Settings
from communique.core.errors import UsageError
from communique.core.knowledge import Knowledge

ENGINES = ("local", "ray")


def make_engine(name: str, settings: Settings, *, workers: int | None = None, address: str | None = None,
                knowledge: Knowledge | None = None, learn: bool = True, streaming: bool = False) -> Any:
    """Return the engine ``name`` for ``settings`` (E005 for an unknown name or options that do not fit it).

    ``streaming``: the input is read as it arrives (stdin), so the local engine codes the first
    batches itself while its workers start, printing each before it reads the next."""
    if name == "local":
        if address is not None:
            raise UsageError("--address only makes sense with --engine ray.", code="E005")
        from communique.runtime.engines.local import LocalEngine

        return LocalEngine(settings, workers=workers, knowledge=knowledge, learn=learn,
                           code_while_starting=True if streaming else None)
    if name == "ray":
        if workers is not None:
            raise UsageError("--workers is for the local engine; a Ray cluster sizes itself "
                             "(ray start --num-cpus N on each node).", code="E005")
        from communique.runtime.engines.ray_engine import RayEngine

        return RayEngine(settings, address=address, knowledge=knowledge)
    raise UsageError(f"--engine: unknown engine '{name}': use {' or '.join(ENGINES)}", code="E005")
