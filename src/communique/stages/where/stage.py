"""Place and location stages: toponyms resolved to GeoNames, and each event's location.

``PlaceStage`` fills ``article.places`` (see ``where.resolve`` for the cascade).
``LocationStage`` picks each event's location among the sentence's *literal* places only: a
demonym ("Russian officials"), a place name standing for its government ("Ankara said") or a
name inside an organisation's ("the Washington Post") is a mention, never where an event was.
1. a place attached to the event's trigger or clause by a locative preposition
   ("met in Ankara", "clashes near Donetsk"), nearest to the trigger in the parse tree
   (in characters when the sentence was not parsed);
2. otherwise another place in the same sentence, nearest to the trigger, leaving out places
   that are part of an actor's mention and countries of the event's own participants
   ("talks between Azerbaijan and Turkey" do not happen "in Turkey");
3. otherwise none: the actor's country is never filled in as a location.
"""

from __future__ import annotations

import re

from communique.core.article import Article, Event, Place, Sentence, Token
from communique.core.config import Settings
from communique.core.parse import tree_distance
from communique.stages.where.gazetteer import Gazetteer, load_gazetteer
from communique.stages.where.resolve import resolve_article

LOCATIVE_PREPS = frozenset(
    "in at near outside inside across throughout around within into on off along over".split()
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|throughout|around|within|into|off)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


class PlaceStage:
    """Finds and resolves the place mentions of each article into ``article.places``."""

    name = "places"
    requires = ["sentences", "entities", "actors"]
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
    requires = ["events", "places"]
    assigns = ["events.location"]

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        for event in article.events:
            place = locate(event, article)
            event.location = place.location() if place is not None else None
        return article


def locate(event: Event, article: Article) -> Place | None:
    """Return the place where ``event`` happened, or None (see the module cascade)."""
    sent = article.sentence_of(event)
    if sent is None:
        return None
    places = [p for p in article.places if sent.start <= p.start < sent.end and p.usage == "literal"]
    if not places:
        return None
    trig = event.trigger
    ts, te = (trig.start, trig.end) if trig else (sent.start, sent.start)
    tokens = sent.tokens
    trig_tok = next((t for t in tokens if t.start < te and ts < t.end), None) if tokens else None

    def distance(p: Place) -> tuple[int, int]:
        chars = max(0, p.start - te, ts - p.end)
        if trig_tok is None:
            return (0, chars)
        root = _root_of(tokens, p)
        return (tree_distance(tokens, root, trig_tok) if root is not None else 99, chars)

    attached = [p for p in places if _locative(p, sent, article.text)]
    if attached:
        return min(attached, key=distance)
    own = {c for c in _participant_countries(event)}
    rest = [p for p in places if not _in_actor(p, article) and not (p.feature == "PCLI" and p.country in own)]
    return min(rest, key=distance) if rest else None


def _participant_countries(event: Event) -> list[str]:
    return [a.country for a in [*event.actors, *event.recipients] if a.country]


def _in_actor(p: Place, article: Article) -> bool:
    return any(a.start < p.end and p.start < a.end for a in article.actors)


def _root_of(tokens: list[Token], p: Place) -> Token | None:
    span = [t for t in tokens if t.start < p.end and p.start < t.end]
    if not span:
        return None
    ids = {t.i for t in span}
    for t in span:
        if t.head not in ids or t.head == t.i:
            return t
    return span[-1]


def _locative(p: Place, sent: Sentence, text: str) -> bool:
    """Return True when a locative preposition governs the place ("in Ankara")."""
    if sent.tokens:
        root = _root_of(sent.tokens, p)
        if root is None:
            return False
        head = sent.tokens[root.head] if 0 <= root.head < len(sent.tokens) else None
        # "in Ankara" (pobj of "in"), also "in the Turkish capital Ankara" (appos of pobj).
        for _ in range(2):
            if head is None:
                return False
            if head.dep == "prep" or head.pos == "ADP":
                return head.text.lower() in LOCATIVE_PREPS
            if root.dep not in ("appos", "compound", "conj", "pobj"):
                return False
            root, head = head, sent.tokens[head.head] if 0 <= head.head < len(sent.tokens) else None
        return False
    return bool(_LOCATIVE_BEFORE.search(text[max(sent.start, p.start - 20) : p.start]))


