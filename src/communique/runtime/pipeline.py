"""The stage contract and the Pipeline that runs stages in configured order.

A stage is any object with:

- ``name``: str
- ``requires``: list of article fields it reads (e.g. ``"sentences"``)
- ``assigns``: list of article fields it sets
- ``__call__(article) -> article``
- optionally ``pipe(articles) -> iterable of articles`` for batching

Articles always carry ``text``, ``date`` and ``id``; any other required field must be
assigned by an earlier stage, or the pipeline refuses to build.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from communique.core.article import Article, StageError
from communique.core.config import Settings, load_settings
from communique.core.errors import PipelineError

BASE_FIELDS = ("text", "date", "id", "title", "url", "source", "language")


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: list[str]
    assigns: list[str]

    def __call__(self, article: Article) -> Article: ...


def check_order(stages: list[Any]) -> None:
    """Raise PipelineError naming the first stage whose requirement no earlier stage assigns."""
    available = set(BASE_FIELDS)
    for stage in stages:
        for attr in ("name", "requires", "assigns"):
            if not hasattr(stage, attr):
                raise PipelineError(
                    f"Stage {stage!r} has no '{attr}' attribute. Every stage declares name, "
                    "requires and assigns (see communique.runtime.pipeline).", code="E204"
                )
        missing = [f for f in stage.requires if f not in available]
        if missing:
            raise PipelineError(
                f"Stage '{stage.name}' requires article.{missing[0]}, but no earlier stage assigns it. "
                f"Available at that point: {', '.join(sorted(available))}. "
                "Put a stage that assigns it earlier in [pipeline] stages.", code="E203"
            )
        available.update(stage.assigns)


def build_stage(name: str, settings: Settings) -> Any:
    """Import and construct the stage registered under ``name`` in [stages]."""
    target = settings["stages"].get(name)
    if target is None:
        raise PipelineError(
            f"Unknown stage '{name}' in [pipeline] stages. Registered stages: "
            f"{', '.join(sorted(settings['stages']))}.", code="E201"
        )
    module_name, _, attr = target.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as e:
        raise PipelineError(f"Stage '{name}' points at '{target}', which cannot be imported: {e}", code="E202") from e
    return factory(settings)


class Pipeline:
    """Runs an ordered list of stages over articles, isolating per-article failures."""

    def __init__(self, stages: list[Any], batch_size: int = 64):
        check_order(stages)
        self.stages = stages
        self.batch_size = batch_size

    @classmethod
    def from_settings(cls, settings: Settings | None = None, stages: list[str] | None = None) -> Pipeline:
        """Build the pipeline named in ``settings`` (or the packaged defaults)."""
        settings = settings or load_settings()
        names = stages if stages is not None else settings["pipeline"]["stages"]
        return cls([build_stage(n, settings) for n in names], settings["pipeline"]["batch_size"])

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def get(self, name: str) -> Any:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(name)

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Article]:
        """Yield articles after every stage ran, in input order, one batch at a time."""
        size = batch_size or self.batch_size
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> list[Article]:
        for stage in self.stages:
            live = [a for a in batch if not a.failed]
            if not live:
                break
            if hasattr(stage, "pipe"):
                try:
                    out = list(stage.pipe(live))
                    _check_returned(stage, out, len(live))
                    for a in out:
                        a.done.extend(stage.assigns)
                    continue
                except PipelineError:
                    raise
                except Exception:
                    # One bad article broke the batch call: redo one by one to isolate it.
                    pass
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
    except Exception as e:  # noqa: BLE001 - recorded on the article, the batch goes on
        article.errors.append(StageError(stage.name, f"{type(e).__name__}: {e}"))
        return
    if out is not article:
        _check_returned(stage, [out], 1)
        article.__dict__.update(out.__dict__)
    article.done.extend(stage.assigns)
