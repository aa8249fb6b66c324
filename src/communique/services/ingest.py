"""The main job: read inputs, code them, store them, and report what was rejected."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from communique.core.article import Article
from communique.core.errors import InputError
from communique.io.store import Store
from communique.runtime.pipeline import Pipeline


@dataclass
class Rejection:
    origin: str
    reason: str
    stage: str | None = None

    def __str__(self) -> str:
        if self.stage:
            return f"{self.origin}: stage '{self.stage}' failed: {self.reason}"
        return f"{self.origin}: {self.reason}"


@dataclass
class IngestReport:
    articles_read: int = 0
    articles_added: int = 0
    articles_known: int = 0
    events_added: int = 0
    rejected: list[Rejection] = field(default_factory=list)


def split_items(items: Iterable[Article | InputError]) -> tuple[list[Article], list[Rejection]]:
    """Separate readable articles from rejected inputs."""
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for item in items:
        if isinstance(item, InputError):
            rejected.append(Rejection(item.origin, item.reason))
        else:
            articles.append(item)
    return articles, rejected


def stage_failures(article: Article) -> list[Rejection]:
    """Return one Rejection per stage error recorded on ``article``."""
    origin = f"{article.origin or '<input>'} (article {article.id})"
    return [Rejection(origin, err.reason, err.stage) for err in article.errors]


def attach_registry(pipeline: Pipeline, store: Store):
    """Give the pipeline's actor stage the store's registry of persons; return it (or None)."""
    try:
        stage = pipeline.get("actors")
    except KeyError:
        return None
    if not hasattr(stage, "registry"):
        return None
    stage.registry = store.load_registry()
    return stage.registry


def ingest(
    articles: list[Article],
    store: Store,
    pipeline: Pipeline,
    batch_size: int = 64,
    on_batch: Callable[[int, int, int], None] | None = None,
) -> IngestReport:
    """Code and store ``articles`` batch by batch; each batch is one transaction.

    Articles whose id is already stored are not coded again, so a repeated or resumed
    ingest only does the missing work. ``on_batch(done, added, events)`` reports progress.
    """
    report = IngestReport(articles_read=len(articles))
    # Oldest first, so that the registry learns from earlier reports before later ones use it.
    articles = sorted(articles, key=lambda a: a.date or "")
    registry = attach_registry(pipeline, store)
    done = 0
    for i in range(0, len(articles), batch_size):
        batch = articles[i : i + batch_size]
        known = store.known_article_ids(a.id for a in batch)
        todo = [a for a in batch if a.id not in known]
        report.articles_known += len(batch) - len(todo)
        coded = list(pipeline.pipe(todo, batch_size=batch_size)) if todo else []
        for a in coded:
            for r in stage_failures(a):
                report.rejected.append(r)
                store.add_rejected(r.origin, r.reason, r.stage)
        added, events = store.add_articles(coded, registry)
        report.articles_known += len([a for a in coded if not a.failed]) - added
        report.articles_added += added
        report.events_added += events
        done += len(batch)
        if on_batch:
            on_batch(done, added, events)
    return report
