"""Place and location stages (placeholders until the when/where work lands)."""

from __future__ import annotations

from ..article import Article
from ..config import Settings


class PlaceStage:
    name = "places"
    requires = ["sentences", "entities", "actors"]
    assigns = ["places"]

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        return article


class LocationStage:
    name = "locations"
    requires = ["events", "places"]
    assigns = ["events.location"]

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        return article
