"""Date stage (placeholder until the when/where work lands): events take the article date."""

from __future__ import annotations

from .article import Article
from .config import Settings


class DateStage:
    name = "dates"
    requires = ["events"]
    assigns = ["events.date"]

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        for event in article.events:
            if event.date is None:
                event.date, event.date_text, event.date_granularity = article.date, None, "article"
        return article
