"""The records the resolver hands from step to step: ``Unit`` (a piece of a sentence) and ``Reading``.

``units`` cuts a sentence into units, ``chunks`` groups them into mentions, ``readings`` reads a
mention into a ``Reading`` (countries, sponsors, sector, title, name, ...), ``mentions`` turns a
reading into Actors, and ``linking`` carries the context between sentences. Both records are
internal to the stage: only Actors leave it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from communique.stages.actors.gazetteer import Entry


@dataclass
class Unit:
    """One piece of a sentence: a gazetteer match, a person name, or a plain word."""

    start: int
    end: int
    text: str
    kind: str  # gazetteer kind, "name" or "word"
    entry: Entry | None = None
    entries: list[Entry] = field(default_factory=list)
    dep: str = ""
    pos: str = ""
    located: bool = False  # a city after a locative preposition ("in Ankara")
    org_name: str = ""  # a named body whose head is a sector noun ("Gotthard Bank")

    @property
    def actorish(self) -> bool:
        return self.kind not in ("word",)


@dataclass
class Reading:
    """What a chunk says about who is acting (before in-document linking)."""

    start: int
    end: int
    text: str
    countries: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    sector: str | None = None
    sector_basis: str = ""  # what decided the sector: an ``Actor.basis`` ("sector", "metonym", ...)
    title: str | None = None
    name: str | None = None
    name_span: tuple[int, int] | None = None
    igo: Entry | None = None
    group: Entry | None = None
    collective: Entry | None = None
    of_collective: Entry | None = None
    head_kind: str = ""  # kind of the head unit
    org_name: str = ""  # name of a named body ("Gotthard Bank")
    plural: bool = False
    modifier_only: bool = False  # demonym(s) modifying a non-actor noun ("Israeli air raids")
    units: list[Unit] = field(default_factory=list)
    coordinated: list[Unit] = field(default_factory=list)  # country-like units joined by and / -
