"""The coded event record: typed ``Event``, ``Participant``, ``Location``, ``Evidence``, ``Span``.

Stages build and read these typed objects; ``to_dict()`` is the public JSON contract (README,
"Output: the event record") and ``from_dict()`` reads it back, so the field names and their
order never depend on how a stage happens to build a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from communique.core.ids import content_hash


@dataclass
class Span:
    """A stretch of the article text: ``text`` at character offsets ``[start, end)``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Span | None:
        if not d or "start" not in d:
            return None
        return cls(str(d.get("text", "")), int(d["start"]), int(d["end"]))


@dataclass
class Participant:
    """An actor or recipient as the event contract shows it (who, not how it was found)."""

    text: str
    name: str
    country: str | None = None
    sector: str | None = None
    kind: str = "group"
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "sector": self.sector,
                "kind": self.kind, "id": self.id}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Participant:
        return cls(d.get("text", ""), d.get("name", ""), d.get("country"), d.get("sector"),
                   d.get("kind", "group"), d.get("id", ""))

    @property
    def code(self) -> str | None:
        """Return the participant's country code, else its IGO or actor id (for dyads)."""
        return self.country or self.id or None


@dataclass
class Location:
    """Where an event happened: a GeoNames place (the contract's ``location`` object)."""

    text: str
    name: str
    geonameid: int | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "geonameid": self.geonameid, "country": self.country,
                "lat": self.lat, "lon": self.lon}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Location | None:
        if not d:
            return None
        return cls(d.get("text", ""), d.get("name", ""), d.get("geonameid"), d.get("country"), d.get("lat"),
                   d.get("lon"))


@dataclass
class Evidence:
    """The sentence an event was coded from (offsets into the article) and its trigger."""

    sentence: str
    start: int
    end: int
    trigger: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end,
                "trigger": self.trigger.to_dict() if self.trigger else {}}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Evidence | None:
        if not d:
            return None
        return cls(d.get("sentence", ""), int(d.get("start", 0)), int(d.get("end", 0)),
                   Span.from_dict(d.get("trigger")))


@dataclass
class Event:
    """One coded event. Field names and order are the public output contract (see README)."""

    article_id: str
    sentence_index: int
    type: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    quad_class: str = ""
    score: float = 0.0
    cameo: str | None = None
    actors: list[Participant] = field(default_factory=list)
    recipients: list[Participant] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    date_granularity: str | None = None
    location: Location | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    confidence: float = 0.0
    evidence: Evidence | None = None
    # A reciprocal event ("X met Y", "talks between X and Y"): the parties act together, and
    # actor -> recipient is only the text's order (subject or first-named party first). PLOVER's
    # undirected form puts actors and recipients together as the actor.
    symmetric: bool = False
    event_id: str = ""

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = self.compute_id()

    @property
    def trigger(self) -> Span | None:
        """Return the trigger span of the evidence, or None."""
        return self.evidence.trigger if self.evidence else None

    def compute_id(self) -> str:
        """Return the content-hash id: same article, sentence, type and trigger -> same id."""
        trig = self.trigger
        return content_hash(
            self.article_id,
            str(self.sentence_index),
            self.type,
            str(trig.start) if trig else "",
            str(trig.end) if trig else "",
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the event as the JSON contract's object, ``event_id`` first."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "quad_class": self.quad_class,
            "score": self.score,
            "cameo": self.cameo,
            "actors": [p.to_dict() for p in self.actors],
            "recipients": [p.to_dict() for p in self.recipients],
            "date": self.date,
            "date_text": self.date_text,
            "date_granularity": self.date_granularity,
            "location": self.location.to_dict() if self.location else None,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "future": self.future,
            "historical": self.historical,
            "confidence": self.confidence,
            "evidence": self.evidence.to_dict() if self.evidence else {},
            "symmetric": self.symmetric,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        """Return the Event of a contract object (unknown keys are ignored)."""
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["actors"] = [Participant.from_dict(p) for p in d.get("actors") or []]
        kw["recipients"] = [Participant.from_dict(p) for p in d.get("recipients") or []]
        kw["location"] = Location.from_dict(d.get("location"))
        kw["evidence"] = Evidence.from_dict(d.get("evidence"))
        kw["context"] = list(d.get("context") or [])
        return cls(**kw)
