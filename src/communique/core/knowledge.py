"""What a pipeline run knows beyond the article in hand: a frozen snapshot, shipped with every batch.

Today that is the registry of persons learned from earlier reports. Stages that use it offer
``bind(knowledge) -> stage`` (a copy that reads this snapshot); they never change it. The runner
(``runtime.runner``) folds what each batch taught into the next snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from communique.core.article import Article
from communique.core.registry import ActorRegistry


@dataclass(frozen=True)
class Knowledge:
    """An immutable bundle of what earlier batches taught (picklable, so workers can hold it)."""

    registry: ActorRegistry = field(default_factory=ActorRegistry)

    def merged(self, articles: Iterable[Article]) -> Knowledge:
        """Return the knowledge after ``articles``: their ``learned`` facts folded in (failed ones skipped)."""
        facts = [f for a in articles if not a.failed for f in a.learned]
        if not facts:
            return self
        return Knowledge(self.registry.merged(facts))
