"""Actor stage (placeholder until the actors work lands): finds no actors."""

from __future__ import annotations

from ..article import Article
from ..config import Settings


class ActorStage:
    name = "actors"
    requires = ["sentences", "entities"]
    assigns = ["actors"]

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        return article
