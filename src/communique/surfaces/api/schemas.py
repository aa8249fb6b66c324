"""The API's response and request schemas: pydantic mirrors of the typed records' JSON contract.

``EventOut`` has exactly the fields of ``core.event.Event.to_dict()`` plus the event-level
additions (mentions and their counts); tests/test_api.py checks that the two stay in step, so
the OpenAPI schema always documents what the records really say.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class SpanOut(_Out):
    text: str = ""
    start: int | None = None
    end: int | None = None


class EvidenceOut(_Out):
    sentence: str = ""
    start: int | None = None
    end: int | None = None
    trigger: SpanOut | None = None


class ParticipantOut(_Out):
    text: str
    name: str
    country: str | None = None
    sector: str | None = None
    kind: str = "group"
    id: str = ""


class LocationOut(_Out):
    text: str
    name: str
    geonameid: int | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class MentionOut(_Out):
    mention_id: str
    article_id: str
    sentence_index: int
    source: str | None = None
    url: str | None = None
    title: str | None = None
    article_date: str | None = None
    confidence: float | None = None
    evidence: EvidenceOut | None = None


class MentionDetailOut(MentionOut):
    excerpt: str = Field("", description="The article text around the evidence sentence.")
    excerpt_start: int = Field(0, description="Offset of the excerpt's first character in the article.")
    participants: list[str] = Field([], description="How this mention names its actors and recipients.")


class EventOut(_Out):
    event_id: str
    article_id: str
    sentence_index: int
    type: str
    mode: str | None = None
    context: list[str] = []
    quad_class: str = ""
    score: float = 0.0
    cameo: str | None = None
    actors: list[ParticipantOut] = []
    recipients: list[ParticipantOut] = []
    symmetric: bool = False
    date: str | None = None
    date_text: str | None = None
    date_granularity: str | None = None
    location: LocationOut | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    confidence: float = 0.0
    evidence: EvidenceOut | None = None
    mentions: list[MentionOut] = []
    num_mentions: int = 1
    num_articles: int = 1
    num_sources: int = 1


class EventDetailOut(EventOut):
    mentions: list[MentionDetailOut] = []
    redirected_from: str | None = Field(None, description="The id asked for, when it was merged into this event.")


class EventPage(BaseModel):
    events: list[EventOut]
    next: str | None = Field(None, description="Opaque cursor of the next page; null on the last page.")


class Health(BaseModel):
    status: str
    articles: int
    events: int
    mentions: int


class SeriesPoint(BaseModel):
    period: str
    start: str
    events: int
    counts: dict[str, int]
    quad: dict[str, int]
    mean_score: float


class Series(BaseModel):
    series: list[SeriesPoint]


class ActorOut(BaseModel):
    id: str
    name: str
    country: str | None = None
    sector: str | None = None
    events: int


class Actors(BaseModel):
    actors: list[ActorOut]


class Node(BaseModel):
    id: str
    label: str
    events: int


class Edge(BaseModel):
    source: str
    target: str
    weight: int
    quad: dict[str, int]


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


class PlaceOut(BaseModel):
    name: str | None = None
    country: str | None = None
    geonameid: int | None = None
    lat: float
    lon: float
    events: int


class Places(BaseModel):
    places: list[PlaceOut]


class ArticleIn(BaseModel):
    """One input article (the data contract); POST /api/articles takes one or a list."""

    text: str
    date: str | None = Field(None, description="YYYY-MM-DD; required.")
    id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None


class ArticlesAdded(BaseModel):
    articles_added: int
    events: list[EventOut]
    rejected: list[str]


class ErrorItem(BaseModel):
    where: str
    code: str | None = None
    message: str


class ErrorDetail(BaseModel):
    code: str
    status: int
    message: str
    errors: list[ErrorItem] = []


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in ((404, "Not found (E702)"), (422, "Invalid parameter or body (E701, E706)"))
}
