"""The stage contract and the Pipeline that runs stages in configured order.

A stage is any object with:

- ``name``: str
- ``requires``: the article fields it reads (``"sentences"``, ``"events.location"``, ...)
- ``assigns``: the article fields it sets
- ``__call__(article) -> article``
- optionally ``pipe(articles) -> iterable of articles`` for batching
- optionally ``bind(knowledge) -> stage``: a copy that reads a frozen ``Knowledge`` snapshot

Every declared name must be a real field path of ``Article`` (checked against the dataclasses,
so a typo or a field that does not exist is an error, E207). Articles always carry the input
fields (``text``, ``date``, ``id``, ...); any other required field must be assigned by an
earlier stage (a required ``events.date`` is met by an earlier ``events``), or the pipeline
refuses to build (E203).

Stages that need something from another stage (the NLP stage's candidate filter and entity
ruler) get it through their constructor: ``build_stage`` passes the objects that
``runtime.wiring`` builds from ``[wiring]`` in the settings, never an import between stages.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import types
import typing
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

from communique.core.article import Article, StageError
from communique.core.config import Settings, load_settings
from communique.core.errors import PipelineError, SentenceError
from communique.core.knowledge import Knowledge

BASE_FIELDS = ("text", "date", "id", "title", "url", "source", "language", "origin")


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: list[str]
    assigns: list[str]

    def __call__(self, article: Article) -> Article: ...


@lru_cache(maxsize=1)
def article_fields() -> frozenset[str]:
    """Return every field path of Article: "events", "events.location", "events.location.name", ..."""
    out: set[str] = set()

    def walk(cls: type, prefix: str, seen: tuple[type, ...]) -> None:
        for f in dataclasses.fields(cls):
            path = f"{prefix}{f.name}"
            out.add(path)
            inner = _dataclass_of(typing.get_type_hints(cls)[f.name])
            if inner is not None and inner not in seen:
                walk(inner, f"{path}.", (*seen, inner))

    walk(Article, "", (Article,))
    return frozenset(out)


def _dataclass_of(hint: Any) -> type | None:
    """Return the dataclass inside a hint such as ``list[Event]`` or ``Location | None``."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return hint
    origin = typing.get_origin(hint)
    if origin in (list, tuple, set, frozenset, typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            found = _dataclass_of(arg)
            if found is not None:
                return found
    return None


def check_order(stages: list[Any]) -> None:
    """Raise PipelineError naming the first stage whose declared fields are unknown or unmet."""
    known = article_fields()
    available = set(BASE_FIELDS)
    for stage in stages:
        for attr in ("name", "requires", "assigns"):
            if not hasattr(stage, attr):
                raise PipelineError(
                    f"Stage {stage!r} has no '{attr}' attribute. Every stage declares name, "
                    "requires and assigns (see communique.runtime.pipeline).", code="E204"
                )
        for name in [*stage.requires, *stage.assigns]:
            if name not in known:
                raise PipelineError(
                    f"Stage '{stage.name}' declares article.{name}, which the Article does not have. "
                    "Declare real field paths such as 'sentences', 'events' or 'events.location'.", code="E207"
                )
        missing = [f for f in stage.requires if not _met(f, available)]
        if missing:
            raise PipelineError(
                f"Stage '{stage.name}' requires article.{missing[0]}, but no earlier stage assigns it. "
                f"Available at that point: {', '.join(sorted(available))}. "
                "Put a stage that assigns it earlier in [pipeline] stages.", code="E203"
            )
        available.update(stage.assigns)


def _met(name: str, available: set[str]) -> bool:
    parts = name.split(".")
    return any(".".join(parts[:k]) in available for k in range(1, len(parts) + 1))


def load_object(target: str, what: str) -> Any:
    """Return the object named ``module:attribute`` (E202 naming ``what`` when it cannot be imported)."""
    module_name, _, attr = target.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError, ValueError) as e:
        raise PipelineError(f"{what} points at '{target}', which cannot be imported: {e}", code="E202") from e


def build_stage(name: str, settings: Settings, wiring: dict[str, Any] | None = None) -> Any:
    """Import and construct the stage registered under ``name`` in [stages].

    The factory gets the settings, and, as keyword arguments, the ``wiring`` objects its
    signature asks for by name (see ``runtime.wiring``).
    """
    target = settings["stages"].get(name)
    if target is None:
        raise PipelineError(
            f"Unknown stage '{name}' in [pipeline] stages. Registered stages: "
            f"{', '.join(sorted(settings['stages']))}.", code="E201"
        )
    factory = load_object(target, f"Stage '{name}'")
    if wiring is None:
        from communique.runtime.wiring import build_wiring

        wiring = build_wiring(settings)
    try:
        params = inspect.signature(factory).parameters
    except (TypeError, ValueError):
        params = {}
    kwargs = {k: v for k, v in wiring.items() if k in params}
    return factory(settings, **kwargs)


class Pipeline:
    """Runs an ordered list of stages over articles, isolating per-article failures."""

    def __init__(self, stages: list[Any], batch_size: int = 64):
        check_order(stages)
        self.stages = stages
        self.batch_size = batch_size

    @classmethod
    def from_settings(cls, settings: Settings | None = None, stages: list[str] | None = None) -> Pipeline:
        """Build the pipeline named in ``settings`` (or the packaged defaults)."""
        from communique.runtime.wiring import build_wiring

        settings = settings or load_settings()
        names = stages if stages is not None else settings["pipeline"]["stages"]
        wiring = build_wiring(settings)
        return cls([build_stage(n, settings, wiring) for n in names], settings["pipeline"]["batch_size"])

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def get(self, name: str) -> Any:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(name)

    def __call__(self, article: Article, knowledge: Knowledge | None = None) -> Article:
        return next(iter(self.pipe([article], knowledge=knowledge)))

    def bound(self, knowledge: Knowledge | None) -> list[Any]:
        """Return the stages, each bound to ``knowledge`` where it reads one."""
        return self.stages if knowledge is None else bind_stages(self.stages, knowledge)

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None,
             knowledge: Knowledge | None = None) -> Iterator[Article]:
        """Yield articles after every stage ran, in input order, one batch at a time.

        Every batch reads the same ``knowledge`` snapshot: to let later batches learn from
        earlier ones, run through ``runtime.runner.Runner``.
        """
        size = batch_size or self.batch_size
        stages = self.bound(knowledge)
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= size:
                yield from run_batch(stages, batch)
                batch = []
        if batch:
            yield from run_batch(stages, batch)


def bind_stages(stages: list[Any], knowledge: Knowledge) -> list[Any]:
    """Return ``stages``, each that reads knowledge (``bind``) bound to ``knowledge``, the others as they are."""
    return [s.bind(knowledge) if hasattr(s, "bind") else s for s in stages]


def run_batch(stages: list[Any], batch: list[Article]) -> list[Article]:
    """Run ``stages`` over one batch; an article a stage fails on records the error and stops there."""
    for stage in stages:
        live = [a for a in batch if not a.failed]
        if not live:
            break
        if hasattr(stage, "pipe"):
            try:
                out = list(stage.pipe(live))
                _check_returned(stage, out, len(live))
                continue
            except PipelineError:
                raise
            except Exception:  # noqa: BLE001 - one bad article broke the batch call
                pass  # redo one by one to isolate it
        for article in live:
            _run_one(stage, article)
    return batch


def _check_returned(stage: Any, out: list[Any], expected: int) -> None:
    if len(out) != expected:
        raise PipelineError(
            f"Stage '{stage.name}'.pipe returned {len(out)} articles for {expected} given. "
            "A stage's pipe must yield every article it receives, in order."
        )
    for a in out:
        if not isinstance(a, Article):
            raise PipelineError(
                f"Stage '{stage.name}' returned {type(a).__name__} instead of an Article. "
                "Maybe you forgot to return the processed article?"
            )


def _run_one(stage: Any, article: Article) -> None:
    try:
        out = stage(article)
    except SentenceError as e:
        article.errors.append(StageError(stage.name, f"{type(e.cause).__name__}: {e.cause}", e.sentence_index))
        return
    except Exception as e:  # noqa: BLE001 - recorded on the article, the batch goes on
        article.errors.append(StageError(stage.name, f"{type(e).__name__}: {e}"))
        return
    if out is not article:
        _check_returned(stage, [out], 1)
        article.__dict__.update(out.__dict__)
