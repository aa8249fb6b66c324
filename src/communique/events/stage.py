"""Event stage (placeholder until the events work lands): codes no events."""

from __future__ import annotations

from ..article import Article
from ..config import Settings


class EventStage:
    name = "events"
    requires = ["sentences", "actors"]
    assigns = ["events", "contexts"]

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        return article
