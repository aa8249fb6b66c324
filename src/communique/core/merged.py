"""The real-world event record: one ``MergedEvent`` holds the mentions that report it.

A coded sentence is a *mention* (an ``Event`` record, one per sentence and trigger). Mentions of
the same act, in one article or across articles, are merged into one *event*. The event keeps
every field of the mention record, taken from its most informative mention (``event``, whose
``event_id`` is the event's own id), and adds its mentions and three counts. ``to_dict()`` is the
contract of ``communique events`` (DESIGN.md, "Events and mentions").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from communique.core.event import Event, Evidence


@dataclass
class MentionRef:
    """One mention of an event as the event record lists it: where it was said, and its evidence."""

    mention_id: str
    article_id: str
    sentence_index: int
    source: str | None = None
    url: str | None = None
    article_date: str | None = None
    confidence: float = 0.0
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"mention_id": self.mention_id, "article_id": self.article_id,
                "sentence_index": self.sentence_index, "source": self.source, "url": self.url,
                "article_date": self.article_date, "confidence": self.confidence,
                "evidence": self.evidence.to_dict() if self.evidence else {}}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MentionRef:
        return cls(str(d["mention_id"]), str(d.get("article_id", "")), int(d.get("sentence_index", 0)),
                   d.get("source"), d.get("url"), d.get("article_date"), float(d.get("confidence") or 0.0),
                   Evidence.from_dict(d.get("evidence")))

    @classmethod
    def of(cls, mention: Event, source: str | None = None, url: str | None = None,
           article_date: str | None = None) -> MentionRef:
        """Return the reference to a mention record, with its article's source, url and date."""
        return cls(mention.event_id, mention.article_id, mention.sentence_index, source, url, article_date,
                   mention.confidence, mention.evidence)


def source_key(article_id: str, source: str | None) -> str:
    """Return what ``num_sources`` counts: the source, or the article itself when it names none."""
    return source if source else f"article:{article_id}"


@dataclass
class MergedEvent:
    """A real-world event: the fields of its most informative mention, its mentions and counts."""

    event: Event
    mentions: list[MentionRef] = field(default_factory=list)
    num_mentions: int = 0
    num_articles: int = 0
    num_sources: int = 0

    @property
    def event_id(self) -> str:
        return self.event.event_id

    def __getattr__(self, name: str) -> Any:
        # The event's fields read as the event record's (``merged.type``, ``merged.actors``), so
        # code written for mention records (writers, tables) reads events as they are.
        if name.startswith("__") or name == "event":
            raise AttributeError(name)
        return getattr(self.event, name)

    @classmethod
    def of(cls, event: Event, mentions: list[MentionRef]) -> MergedEvent:
        """Return the event with its counts computed from ``mentions`` (all of them)."""
        return cls(event, mentions, len(mentions), len({m.article_id for m in mentions}),
                   len({source_key(m.article_id, m.source) for m in mentions}))

    def to_dict(self) -> dict[str, Any]:
        """Return the event as the contract's object: the event record, then mentions and counts."""
        d = self.event.to_dict()
        d["mentions"] = [m.to_dict() for m in self.mentions]
        d["num_mentions"] = self.num_mentions
        d["num_articles"] = self.num_articles
        d["num_sources"] = self.num_sources
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MergedEvent:
        """Return the MergedEvent of a contract object."""
        mentions = [MentionRef.from_dict(m) for m in d.get("mentions") or []]
        return cls(Event.from_dict(d), mentions, int(d.get("num_mentions", len(mentions))),
                   int(d.get("num_articles", 0)), int(d.get("num_sources", 0)))


@dataclass
class StoredMention:
    """A mention as ``communique mentions`` prints it: the mention record and the event it belongs to."""

    mention: Event
    event_id: str

    @property
    def mention_id(self) -> str:
        return self.mention.event_id

    def to_dict(self) -> dict[str, Any]:
        """Return the mention record with ``mention_id`` first and ``event_id`` naming its event."""
        d = self.mention.to_dict()
        return {"mention_id": self.mention_id, **d, "event_id": self.event_id}
