"""Context countries: which country an unqualified domestic agent belongs to.

Convention: a person with an official title but no country ("President X", "the prime
minister"), or a sector agent with no country ("police", "rebels", "the opposition"), belongs to
the country most mentioned in the sentence, else in the article so far; for a sector agent the
named persons' countries count only when no country, body or place of the sentence names one
("British Foreign Secretary X said the Sudanese government and the rebels ...": Sudan's rebels); the actor is marked
``context_country`` (a guess, never taught to the registry). Where an unqualified agent acts also
tells its country ("the opposition ... in Baku"), so places count for sector agents.

Left out of the count: a country after a preposition that makes it another party or a
destination ("men from Pakistan", "aid to Liberia"), a sponsor ("rebels backed by Rwanda", as "Rwandan-backed
rebels" is, while "run by" keeps it), a state's mission abroad ("the Russian embassy in Warsaw"), a currency ("US $50 million"); for persons,
countries that qualify another government actor in the sentence ("Moroccan diplomats met
President X": they name a counterpart, not the person's own state). Agents marked "foreign",
"international", ... and IGO/NGO sectors are left without a country.

An agent whose own phrase names where it is from takes that country before any guess: a "from"/"in"
phrase the parse attaches to the agent's noun ("China detained a businessman from Canada", "the
expulsion of two diplomats from Bulgaria", "a lawyer from Algeria"). The phrase must hang on the noun:
"France withdrew troops from Mali" attaches "from" to the verb (a departure, not an origin). Displaced
people (``origin_sectors``: refugees, migrants) are named by where they came from, so a "from" phrase right
after them is their origin however the parse attaches it ("Hungary refused refugees from Greece": Greek
refugees, as CAMEO codes "refugees from Syria" as Syria's).
"""

from __future__ import annotations

from collections import Counter

from communique.core.article import Actor, Sentence
from communique.stages.actors.focus import Focus
from communique.stages.actors.persons import People
from communique.stages.actors.words import (
    MISSION_HEADS,
    NOT_LOCAL,
    ORIGIN_SECTORS,
    OTHER_PARTY,
    SPONSOR,
    STATELESS_SECTORS,
)


class ContextCountries:
    """The countries the article mentioned in earlier sentences, and the rule that assigns them."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def assign(self, actors: list[Actor], text: str, people: People, focus: Focus,
               sentence: Sentence | None = None) -> None:
        """Give the sentence's unqualified domestic agents the country in focus, then count its countries."""
        here, places, counterpart, persons = _tally(actors, text)
        for a in actors:
            pool = self._pool(a, here, places, counterpart, persons)
            if pool is None:
                continue
            best = _origin(a, actors, sentence) or (pool.most_common(1)[0][0] if pool else None)
            if best is None:
                continue
            a.country = best
            a.context_country = True
            if a.kind == "person" and a.basis != "title-only":
                people.learn(a.name, best, a.sector, None, context_country=True)
                focus.remember(a)
        for c, n in here.items():
            self.seen[c] += n

    def _pool(self, a: Actor, here: Counter[str], places: Counter[str], counterpart: set[str],
              persons: Counter[str]) -> Counter[str] | None:
        """Return the countries ``a`` may take from its context, or None when it takes none."""
        if a.country is not None or a.members or a.kind == "igo" or a.basis in ("collective", "named"):
            return None
        if a.kind == "person":
            if a.basis not in ("title", "title-only"):
                return None
            pool = Counter({c: n for c, n in here.items() if c not in counterpart})
        elif a.sector and a.sector not in STATELESS_SECTORS and not NOT_LOCAL & set(a.text.lower().split()):
            # A named official often speaks about another country's affairs ("British Foreign
            # Secretary X said the Sudanese government and the rebels ..."): the scene is told by
            # the countries, bodies and places, and by the officials only when nothing else names one.
            scene = (here - persons) + places
            pool = scene or here + places
        else:
            return None
        return pool or self.seen


def _tally(actors: list[Actor], text: str) -> tuple[Counter[str], Counter[str], set[str], Counter[str]]:
    """Return the sentence's (countries acting here, countries as places, countries of government
    actors, countries of the named persons among those acting here)."""
    here: Counter[str] = Counter()
    places: Counter[str] = Counter()
    counterpart: set[str] = set()
    persons: Counter[str] = Counter()
    for a in actors:
        before = text[max(0, a.start - 24) : a.start].split()
        if a.kind == "country" and before and before[-1].lower() in OTHER_PARTY:
            continue  # "men from Pakistan", "aid to Liberia": another party, not the scene
        if a.kind == "country" and len(before) > 1 and before[-1].lower() == "by" and before[-2].lower() in SPONSOR:
            continue  # "rebels backed by Rwanda": a sponsor, not the rebels' own state
        if a.text.lower().split()[-1:] and a.text.lower().split()[-1] in MISSION_HEADS:
            continue  # "students protested near the Russian embassy in Warsaw": a guest state's mission
        if a.kind == "country" and text[a.end : a.end + 2].strip().startswith("$"):
            continue  # "US $50 million" is a currency
        for m in [a, *a.members]:
            if m.country and m.basis == "place":
                places[m.country] += 1
            elif m.country:
                here[m.country] += 1
                if m.kind == "person" and m.basis not in ("title-only",):
                    persons[m.country] += 1
                if m.kind in ("person", "organisation", "group") and m.sector == "GOV" and not m.members:
                    counterpart.add(m.country)
    return here, places, counterpart, persons


# Prepositions whose phrase on an agent's noun names the agent's own country ("a businessman from Canada").
ORIGIN_OF_AGENT = ("from", "in")


def _origin(a: Actor, actors: list[Actor], sentence: Sentence | None) -> str | None:
    """Return the country a "from"/"in" phrase on ``a``'s head noun names, or None (module doc)."""
    if sentence is None or not sentence.tokens or a.kind == "country":
        return None
    toks = sentence.tokens
    inside = [t for t in toks if a.start <= t.start and t.end <= a.end]
    heads = [t for t in inside if not (a.start <= toks[t.head].start and toks[t.head].end <= a.end) or t.head == t.i]
    if len(heads) != 1:
        return None
    after = heads[0].i + 1 if a.sector in ORIGIN_SECTORS and heads[0].end == a.end else None
    for prep in toks:
        if prep.dep != "prep" or prep.text.lower() not in ORIGIN_OF_AGENT:
            continue
        if prep.head != heads[0].i and not (prep.i == after and prep.text.lower() == "from"):
            continue
        for obj in toks:
            if obj.head != prep.i or obj.dep != "pobj":
                continue
            for b in actors:
                if b is not a and b.kind == "country" and b.country and b.start <= obj.start and obj.end <= b.end:
                    return b.country
    return None
