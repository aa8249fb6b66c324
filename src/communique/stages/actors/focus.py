"""The pair in focus and the collectives that refer to it ("the two countries", "both sides").

The *pair in focus* is the last ordered pair of countries the text names together: coordinated
or hyphenated demonyms ("Azerbaijani-Turkish relations", "Hungarian and Romanian officials"),
"X and Y", "between X and Y"; failing those, two named persons of different countries in one
sentence ("Putin met Erdogan"), or, in a sentence that holds a collective, the two countries it
names ("Ethiopia will sell power to Kenya under a deal the two neighbours signed"). Each country of the pair may have a person representing it (the
last person of that country the article placed).

A collective reference ("the two countries", "both sides", "the parties", "the Ministers")
becomes a group whose members are the pair in focus: its persons when each country of the pair
has one (and the collective may mean persons), else the two countries. Without a pair in focus
it is dropped. A collective inside a proper name ("the Conference of the Parties") never gets
here (see ``units``).
"""

from __future__ import annotations

from dataclasses import replace

from communique.core.article import Actor
from communique.stages.actors.gazetteer import Gazetteer
from communique.stages.actors.ids import group_id
from communique.stages.actors.mentions import country_actor
from communique.stages.actors.records import Reading, Unit

COUNTRY_UNIT_KINDS = ("country", "demonym", "capital")
# What joins the two countries of a pair: "X and Y", "X-Y".
PAIR_JOINERS = ("and", "-", "–")


class Focus:
    """The ordered country pair in focus, and the person that represents each country of it."""

    def __init__(self) -> None:
        self.pair: list[str] = []
        self.persons: dict[str, Actor] = {}  # country -> person representing it

    def remember(self, a: Actor) -> None:
        """Let ``a`` represent its country when that country is in focus."""
        if a.country and a.country in self.pair:
            self.persons[a.country] = a

    def update(self, units: list[Unit], readings: list[tuple[list[Unit], Reading]]) -> bool:
        """Set the pair in focus from what the sentence names together; True when it did."""
        # a chunk with two coordinated countries ("Azerbaijani-Turkish", "Hungarian and Romanian")
        for _, r in readings:
            if len(r.countries) >= 2 and not r.sponsors:
                self.pair = r.countries[:2]
                return True
        # "X and Y", "between X and Y": two country-like units joined by "and"
        for k in range(len(units) - 2):
            a, mid, b = units[k], units[k + 1], units[k + 2]
            if a.kind in COUNTRY_UNIT_KINDS and b.kind in COUNTRY_UNIT_KINDS \
                    and mid.text.lower() in PAIR_JOINERS and a.entry and b.entry \
                    and a.entry.country != b.entry.country:
                self.pair = [a.entry.country or "", b.entry.country or ""]
                return True
        # A collective in a sentence that names exactly two countries, not joined ("Ethiopia will
        # sell power to Kenya under a deal the two neighbours signed"): those two, in order. Not
        # "explicit": two named persons of the sentence still decide (``from_persons``).
        if any(r.collective or r.of_collective for _, r in readings):
            named = list(dict.fromkeys(u.entry.country for u in units if u.kind in ("country", "capital")
                                       and u.entry and u.entry.country and not u.located))
            if len(named) == 2:
                self.pair = named
        return False

    def from_persons(self, actors: list[Actor]) -> None:
        """Two named persons of different countries in one sentence ("Putin met Erdogan") are the pair."""
        people: dict[str, Actor] = {}
        for a in actors:
            if a.kind == "person" and a.country and a.basis not in ("title-only", "pronoun", "counterpart"):
                people.setdefault(a.country, a)
        if len(people) >= 2:
            self.pair = list(people)[:2]
            self.persons = {c: people[c] for c in self.pair}


def resolve_collective(a: Actor, r: Reading, enumerated: list[Actor], focus: Focus, gaz: Gazetteer) -> None:
    """Fill the collective ``a`` with its members: the enumerated persons, the pair's persons, or its countries."""
    entry = r.collective or r.of_collective
    level = entry.level if entry else "any"
    if enumerated:
        members = enumerated
    elif level in ("person", "any") and focus.pair and all(c in focus.persons for c in focus.pair):
        members = [focus.persons[c] for c in focus.pair]
    elif focus.pair:
        members = [country_actor(gaz, c, basis="focus") for c in focus.pair]
    else:
        return
    a.members = [replace(m, members=[]) for m in members]
    sectors = {m.sector for m in a.members}
    a.sector = sectors.pop() if len(sectors) == 1 else None
    a.id = group_id(a.members)
    a.name = " and ".join(m.name for m in a.members)
    a.basis = "collective"
