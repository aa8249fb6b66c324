"""The place and location stages: toponyms resolved to GeoNames, and each event's location.

``PlaceStage`` fills ``article.places`` (the cascade is in ``where.resolve``);
``LocationStage`` sets each event's ``location`` from the literal places of its sentence (the
cascade is in ``where.location``). This module holds their contracts only.
"""

from __future__ import annotations

from communique.core.article import Article
from communique.core.config import Settings
from communique.core.errors import at_sentence
from communique.stages.where.gazetteer import Gazetteer
from communique.stages.where.location import locate
from communique.stages.where.packaged import load_gazetteer
from communique.stages.where.resolve import resolve_article


class PlaceStage:
    """Finds and resolves the place mentions of each article into ``article.places``."""

    name = "places"
    # The text, its sentences (parsed or not) and NER entities, and the actors (their
    # countries are context; an actor read as a state acting marks a metonym).
    requires = ["text", "sentences", "entities", "actors"]
    assigns = ["places"]

    def __init__(self, settings: Settings | None = None, *, gazetteer: Gazetteer | None = None):
        self.settings = settings
        self._gaz = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = load_gazetteer()
        return self._gaz

    def __call__(self, article: Article) -> Article:
        article.places = resolve_article(article, self.gazetteer)
        return article


class LocationStage:
    """Sets each event's ``location`` from the places of its sentence."""

    name = "locations"
    # The event's sentence and trigger, its participants' countries, the article's places and
    # the actors' spans (a place inside an actor's mention is not where the event was), and the
    # text (the words before a place in an unparsed sentence).
    requires = [
        "text",
        "sentences",
        "actors",
        "places",
        "events.sentence_index",
        "events.evidence",
        "events.actors",
        "events.recipients",
    ]
    assigns = ["events.location"]

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        for event in article.events:
            with at_sentence(event.sentence_index):
                place = locate(event, article)
            event.location = place.location() if place is not None else None
        return article
