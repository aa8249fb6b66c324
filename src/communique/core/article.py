"""The data model that flows through the pipeline: Article and what stages attach to it.

Every class round-trips through plain JSON (``to_dict`` / ``from_dict``) so that
articles can be cached, shipped to Ray workers and built by hand in tests.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from communique.core.event import Event, Evidence, Location, Participant, Span
from communique.core.ids import content_hash
from communique.core.registry import PersonFact

__all__ = ["ACTOR_BASES", "Actor", "Article", "Entity", "Event", "Evidence", "Location", "Participant", "Place", "Sentence",
           "Span", "StageError", "Token", "content_hash"]


@dataclass
class Token:
    """One token of a parsed sentence. ``i`` and ``head`` are sentence-relative indices;
    ``start``/``end`` are character offsets into the article text."""

    i: int
    text: str
    start: int
    end: int
    lemma: str = ""
    pos: str = ""
    tag: str = ""
    dep: str = ""
    head: int = 0
    ent_type: str = ""


@dataclass
class Sentence:
    """A sentence span of the article. ``tokens`` is empty when the sentence was not parsed
    (the candidate filter skipped it)."""

    index: int
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    candidate: bool = True
    # The classifier's embedding of the sentence, packed (``core.vector``), when it was embedded:
    # clustering compares mentions' meaning by it. Not written out (``Article.to_dict``).
    vector: bytes | None = field(default=None, repr=False, compare=False)
    # A Title Case headline's text with its common words in lower case, as the NLP stage parsed it
    # (stages/nlp/titlecase.py; same offsets); None for any other sentence. Written out only when set.
    recased: str | None = None

    @property
    def parsed(self) -> bool:
        return bool(self.tokens)


@dataclass
class Entity:
    """A named-entity span (from spaCy NER or the gazetteer entity ruler)."""

    start: int
    end: int
    text: str
    label: str
    sentence_index: int


# What an Actor's resolution rests on (``Actor.basis``). A closed vocabulary: code that reads an
# actor tests these names, never parses free text.
ACTOR_BASES: dict[str, str] = {
    # what the mention itself says
    "country": "a country name acting as a state (sector GOV): \"Turkey said\"",
    "metonym": "a capital or major city standing for its state: \"Ankara said\"",
    "place": "a capital or city after a locative preposition: its country, no sector (\"met in Ankara\")",
    "demonym-modifier": "a demonym modifying a non-actor noun: its country, no sector (\"Israeli air raids\")",
    "demonym-plural": "a demonym as a plural noun: the people of the country, CVL (\"the Palestinians\")",
    "ethnic": "an ethnic group, not nationals: CVL (\"ethnic Albanians\")",
    "sector": "the head noun's sector (\"Turkish police\")",
    "modifier": "a generic head takes a modifier's sector (\"rebel leaders\" -> REB)",
    "title": "a person named after a title (\"Foreign Minister Hakan Fidan\"), or holders of a plural title",
    "title-only": "an unnamed office holder known by the title (\"the prime minister\")",
    "name": "a person name with nothing to place it",
    "named": "a named body whose head is a sector noun (\"Gotthard Bank\")",
    "group": "a named group or national body from the gazetteer (\"Hezbollah\", \"Kremlin\")",
    "igo": "an international organisation (\"the OSCE\")",
    # what the article around it says
    "apposition": "a person placed by an apposition (\"Hakan Fidan, the Turkish foreign minister,\")",
    "apposition-of": "the title of an apposition: the person it is set off against (``ref``)",
    "enumeration": "a name of \"TITLEs of the two countries, A and B\", bound in order",
    "coref": "a later mention of a person the article placed earlier (``ref``: the full name)",
    "registry": "a person placed by the registry of earlier articles (``ref``: the teaching article)",
    "dictionary": "a named person, group or IGO placed by the dictionary of political actors on the article's "
                  "date (``ref``: the dictionary entry id)",
    "collective": "\"the two countries\", \"both sides\": a group of the pair in focus (``members``)",
    "focus": "a country of the pair in focus, as a member of a collective",
    "pronoun": "\"he\"/\"she\" as a subject: the last person subject (``ref``: its name)",
    "counterpart": "\"his counterpart\": the other person of the pair in focus (``ref``: its name)",
    # set by later stages
    "agent-noun": "an agent-noun phrase the events stage found and no resolved actor covers (\"the crowd\")",
    "entity": "an organisation or person the parser names (an ORG or PERSON entity) that no resolved actor "
              "covers, as an event's participant (events; no country: \"rejected a request from the Neighborhood "
              "Association\")",
    "implied": "the state a protest, demand, threat or refusal with no named recipient is aimed at, or, as an "
               "actor, the state where a crowd protests and names no side of its own (events; no text)",
}


@dataclass
class Actor:
    """A resolved participant: who the mention refers to, with its text span.

    Besides who (name, country, sector, kind, id), an actor records what its resolution rests
    on, as data:

    - ``basis``: one of ``ACTOR_BASES`` ("" when none was recorded, as for an actor built by hand);
    - ``role``: the office words the basis gives ("foreign minister" for a title, an apposition,
      a title-only person; the plural title for an enumeration; the registry entry's role), else None;
    - ``ref``: what the actor points back to: the antecedent's name (coref, pronoun, counterpart,
      apposition-of) or the id of the article that taught the registry entry (registry), else None;
    - ``context_country``: True when the country was not in the mention but taken from the
      sentence or article around it ("the rebels" -> the country in focus), a guess, not evidence;
    - ``sponsors``: ISO3 codes of "X-backed", "pro-X" modifiers, which name a sponsor, not the
      actor's nationality ("Russian-backed separatists": country None, sponsors ["RUS"]).
    """

    text: str
    name: str
    country: str | None = None
    sector: str | None = None
    kind: str = "group"  # country, person, organisation, igo, group
    id: str = ""
    start: int = -1
    end: int = -1
    sentence_index: int = -1
    basis: str = ""
    role: str | None = None
    ref: str | None = None
    context_country: bool = False
    sponsors: list[str] = field(default_factory=list)
    # Participants a collective reference ("the two countries") stands for.
    members: list[Actor] = field(default_factory=list)

    def participant(self) -> Participant:
        """Return the actor as an event participant (text, name, country, sector, kind, id)."""
        return Participant(self.text, self.name, self.country, self.sector, self.kind, self.id)


@dataclass
class Place:
    """A toponym resolved to a GeoNames entry."""

    text: str
    start: int
    end: int
    name: str
    geonameid: int | None
    country: str | None
    lat: float | None
    lon: float | None
    feature: str = ""
    confidence: float = 0.0
    sentence_index: int = -1
    # How the text uses the name: "literal" (a place where something is or happens), "demonym"
    # ("Russian officials" -> Russia), "metonym" (the state or its government acting:
    # "Ankara said") or "embedded" (part of an organisation's name: "the Washington Post").
    # Only literal places can be an event's location.
    usage: str = "literal"

    def location(self) -> Location:
        """Return the place as an event's ``location``."""
        return Location(self.text, self.name, self.geonameid, self.country, self.lat, self.lon)


@dataclass
class StageError:
    """A failure recorded on an article: which stage, why, and in which sentence when known."""

    stage: str
    reason: str
    sentence_index: int | None = None
    code: str = "E206"

    def __str__(self) -> str:
        where = f" at sentence {self.sentence_index}" if self.sentence_index is not None else ""
        return f"{self.code} stage '{self.stage}' failed{where}: {self.reason}"


@dataclass
class Article:
    """A dated news report and everything the pipeline learns about it."""

    text: str
    date: str | None = None
    id: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    # Where the article came from: "path" or "path:line".
    origin: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    # What this article taught about persons (titles, appositions): folded into the registry by the runner.
    learned: list[PersonFact] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.date or "", self.title or "", self.text)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def sentence_at(self, offset: int) -> Sentence | None:
        """Return the sentence containing character ``offset``, if any."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def sentence_of(self, event: Event) -> Sentence | None:
        """Return the sentence ``event`` was coded from (by index, else by its evidence offset)."""
        if 0 <= event.sentence_index < len(self.sentences):
            s = self.sentences[event.sentence_index]
            if s.index == event.sentence_index:
                return s
        return self.sentence_at(event.evidence.start) if event.evidence is not None else None

    def drop_parse(self) -> Article:
        """Empty what only the stages read (tokens, entities, actors) and return the article.

        What is stored and clustered stays: the article's fields, its sentences (without their
        tokens), places, events, learned facts and errors. An ingest's workers send their
        articles so to the storing process: the tokens are three quarters of a coded article,
        and unpickling them only to free them fragments that process's heap.
        """
        coded = {e.sentence_index for e in self.events}
        for s in self.sentences:
            s.tokens = []
            if s.index not in coded:  # only an event's sentence is compared by its vector
                s.vector = None
        self.entities = []
        self.actors = []
        return self

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for s in d["sentences"]:
            s.pop("vector", None)
            if s.get("recased") is None:
                s.pop("recased", None)
        d["events"] = [e.to_dict() for e in self.events]
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        d = dict(d)
        d["sentences"] = [
            Sentence(**{**s, "tokens": [Token(**t) for t in s.get("tokens", [])]})
            for s in d.get("sentences", [])
        ]
        d["entities"] = [Entity(**e) for e in d.get("entities", [])]
        d["actors"] = [_actor_from_dict(a) for a in d.get("actors", [])]
        d["places"] = [Place(**p) for p in d.get("places", [])]
        d["events"] = [Event.from_dict(e) for e in d.get("events", [])]
        d["errors"] = [StageError(**e) for e in d.get("errors", [])]
        d["learned"] = [PersonFact(**f) for f in d.get("learned", [])]
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    @classmethod
    def from_json(cls, s: str) -> Article:
        return cls.from_dict(json.loads(s))


def _actor_from_dict(d: dict[str, Any]) -> Actor:
    d = dict(d)
    d["members"] = [_actor_from_dict(m) for m in d.get("members", [])]
    return Actor(**d)
