"""Persons across an article: what places a named person, and how later mentions link back.

- A title binds a person to a country and sector ("Turkish Foreign Minister Hakan Fidan").
- An apposition does the same when the name has none ("Hakan Fidan, the Turkish foreign
  minister,", "the Turkish foreign minister, Hakan Fidan,"); the title-only person of the
  apposition is that person again (same name and id, basis "apposition-of").
- An enumeration of N names right after a plural title whose countries are N countries in a
  known order ("the Foreign Ministers of the two countries - A and B", "the Azerbaijani and
  Turkish foreign ministers, A and B") binds the names in that order, the way "respectively"
  reads; a country already known for one of the names (an earlier title, the registry) wins.
- A later surname (or any known part of the name) links back to the full person (basis "coref").
- A name the article does not place is looked up in the registry snapshot (basis "registry").
- Failing that, in the dictionary of named political actors (``dictionary``, derived from the
  Phoenix files, ending about 2016), on the article's date (basis "dictionary", ``ref`` the entry
  id): "Putin said" in 2005 -> RUS/GOV; "Obama" in 2000 -> USA/ELI (before office). A title in
  the mention keeps its sector ("President Bouteflika": DZA from the dictionary, GOV from the
  title); else the dictionary's sector stands, ELI (PLOVER's former officials, CAMEO's "elites")
  included. A dictionary group becomes an organisation actor, unless the mention has a title. A
  surname alone (or part of a name) places only a person in office then, not a former official.

Order of evidence, strongest first: the mention's own title with a country, an apposition, an
earlier mention in the article, the registry (facts from earlier reports, newer than the
dictionary), the dictionary, and last a country guessed from the context (``context``), which
only persons that nothing else placed receive. A dictionary placement is not taught to the
registry (``teaching``): the dictionary already knows it.

``People`` is the article's memory of persons: full name -> what is known, and unique surnames.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from communique.core.article import Actor, Sentence
from communique.core.registry import ActorRegistry
from communique.stages.actors.chunks import chunk_units
from communique.stages.actors.dictionary import FORMER, WEAK, PersonDictionary, PersonRole
from communique.stages.actors.focus import Focus
from communique.stages.actors.ids import dictionary_id, person_id
from communique.stages.actors.names import is_cap, merge_name, name_run
from communique.stages.actors.readings import read_chunk
from communique.stages.actors.records import Reading, Unit
from communique.stages.actors.words import APPOSITION_STOP_VERBS

# Marks after a plural title that open an enumeration of names ("ministers - A and B").
ENUMERATION_OPENERS = ("-", "–", "—", ",", ":", "(")
# Marks that end an apposition.
APPOSITION_ENDS = (",", ".", ";")
# The most units an apposition may have.
APPOSITION_MAX = 8


@dataclass
class PersonInfo:
    """What the article has taught about one person so far."""

    name: str
    country: str | None
    sector: str | None
    role: str | None
    id: str
    context_country: bool = False  # the country was guessed from the context


# The Actor kind of a dictionary entry's kind.
DICTIONARY_KINDS = {"person": "person", "group": "organisation", "igo": "igo"}


class People:
    """The persons an article has placed so far, and the registry snapshot and dictionary it may read."""

    def __init__(self, registry: ActorRegistry | None = None, date: str | None = None,
                 dictionary: PersonDictionary | None = None):
        self.registry = registry
        self.date = date
        self.dictionary = dictionary
        self.persons: dict[str, PersonInfo] = {}  # full name -> info
        self.surnames: dict[str, str] = {}  # surname -> full name ("" when ambiguous)

    def in_dictionary(self, name: str) -> PersonRole | None:
        """Return what the dictionary says ``name`` denotes on the article's date (None: unknown, ambiguous)."""
        if self.dictionary is None:
            return None
        try:
            return self.dictionary.lookup(name, self.date or None)
        except ValueError:  # a date that is not YYYY-MM-DD: look it up undated
            return self.dictionary.lookup(name)

    def known_names(self) -> set[str]:
        """Return every word of a name known in the article or the registry (to spot names unparsed)."""
        out = {w for full in self.persons for w in full.split()}
        if self.registry is not None:
            out |= self.registry.name_tokens
        return out

    def learn(self, name: str, country: str | None, sector: str | None, role: str | None,
              context_country: bool = False) -> None:
        """Record a person; a country fills in a person known without one."""
        info = self.persons.get(name)
        if info is None or (info.country is None and country):
            self.persons[name] = PersonInfo(name, country, sector, role, person_id(name), context_country)
        parts = name.split()
        if len(parts) > 1:
            sur = parts[-1]
            if sur in self.surnames and self.surnames[sur] != name:
                self.surnames[sur] = ""  # ambiguous
            else:
                self.surnames[sur] = name

    def lookup(self, name: str) -> PersonInfo | None:
        """Return the person ``name`` refers to: the full name, a unique surname, or a known part of a name."""
        if name in self.persons:
            return self.persons[name]
        full = self.surnames.get(name) or self.surnames.get(name.split()[-1] if name.split() else "")
        if full and full in self.persons and (name == full.split()[-1] or name in full):
            return self.persons[full]
        for full, info in self.persons.items():
            if name in full.split() and len(name) > 2:
                return info
        return None


def bind_person(a: Actor, r: Reading, units: list[Unit], ch: list[Unit], people: People, focus: Focus) -> None:
    """Place a named person: by its title, an apposition, an earlier mention, or the registry."""
    if a.country is None and r.of_collective is not None and r.of_collective.level == "country" \
            and len(focus.pair) == 1:
        a.country = focus.pair[0]
    if a.country:
        if r.title:
            people.learn(a.name, a.country, a.sector, r.title)
            a.basis, a.role = "title", r.title
        focus.remember(a)
        return
    app = apposition(units, ch)
    if app is not None and app.countries:
        a.country = app.countries[0]
        a.sector = app.sector or a.sector
        a.basis, a.role = "apposition", app.title
        people.learn(a.name, a.country, a.sector, app.title)
    elif not (_coref(a, people) or _from_registry(a, people) or _from_dictionary(a, people)) \
            and (a.country or a.sector):
        people.learn(a.name, a.country, a.sector, r.title)
    focus.remember(a)


def _coref(a: Actor, people: People) -> bool:
    """Link ``a`` to a person the article placed earlier; True when it did."""
    info = people.lookup(a.name)
    if info is None:
        return False
    a.name, a.id = info.name, info.id
    a.country = a.country or info.country
    a.sector = a.sector or info.sector
    a.basis, a.role, a.ref, a.context_country = "coref", info.role, info.name, info.context_country
    return True


def _from_registry(a: Actor, people: People) -> bool:
    """Place ``a`` through the registry snapshot; True when it knows the name on the article's date."""
    entry = people.registry.lookup(a.name, people.date) if people.registry is not None else None
    if entry is None:
        return False
    a.name, a.id = entry.name, person_id(entry.name)
    a.country = entry.country
    a.sector = a.sector or entry.sector
    a.basis, a.role, a.ref = "registry", entry.role, entry.article_id
    people.learn(entry.name, entry.country, a.sector, entry.role)
    return True


def _from_dictionary(a: Actor, people: People) -> bool:
    """Place ``a`` through the dictionary of named political actors; True when it knows the name then."""
    found = people.in_dictionary(a.name)
    if found is None and a.role:
        return _titled_one_country(a, people)
    if found is None or found.country is None:
        return False
    if a.role and found.kind != "person":
        return False  # "Energy Minister Subroto" is a person, whatever group shares the name
    if found.match.startswith(WEAK) and found.sector == FORMER:
        # A surname alone of someone out of office is too weak: "Ryan" is not a former minister
        # of the Cayman Islands. The full name of a former official still counts.
        return False
    a.name = found.name
    a.kind = DICTIONARY_KINDS.get(found.kind, a.kind)
    a.id = person_id(found.name) if a.kind == "person" else dictionary_id(found.id)
    a.country = found.country
    # The mention's title is evidence of the office now; the dictionary's sector is older.
    a.sector = a.sector or found.sector
    a.basis, a.ref = "dictionary", found.id
    if a.kind == "person":
        people.learn(found.name, found.country, a.sector, a.role)
    return True


def _titled_one_country(a: Actor, people: People) -> bool:
    """Place a titled name the date leaves unplaced when a clear majority of its namesakes served one country.

    "President Bush" on a date no Bush was in office: the title says a person holds an office, and
    two of the dictionary's three persons so named served the USA (the third one other country), so
    the country is known whichever it is. At least two namesakes, each of one country, and two thirds
    of them agreeing. The sector is the title's; the person stays unidentified (no dictionary id).
    Names shared across countries ("King Hassan") stay unplaced.
    """
    if people.dictionary is None:
        return False
    found, _ = people.dictionary.candidates(a.name)
    if not found or any(e.kind != "person" for e in found):
        return False
    served = [{r.country for r in (*e.roles, *([e.default] if e.default else []))} for e in found]
    if any(len(c) != 1 or None in c for c in served):
        return False
    tally = Counter(next(iter(c)) for c in served)
    country, n = tally.most_common(1)[0]
    if n < 2 or 3 * n < 2 * len(found):
        return False  # one namesake, or no clear majority: the title alone does not tell
    a.country = country
    a.basis = "dictionary"
    people.learn(a.name, a.country, a.sector, a.role)
    return True


def apposition(units: list[Unit], ch: list[Unit]) -> Reading | None:
    """Return the reading of an apposition next to a name chunk: ", the Turkish foreign minister,"."""
    first = units.index(ch[0])
    last = units.index(ch[-1])
    # after: NAME , (the) ... TITLE/SECTOR ,|.|said
    if last + 2 < len(units) and units[last + 1].text == ",":
        k = last + 2
        sub: list[Unit] = []
        while k < len(units) and units[k].text not in APPOSITION_ENDS and units[k].text not in APPOSITION_STOP_VERBS:
            sub.append(units[k])
            k += 1
        found = _titled_reading(sub)
        if found is not None:
            return found
    # before: TITLE-chunk , NAME
    if first >= 2 and units[first - 1].text == ",":
        k = first - 2
        sub = []
        while k >= 0 and units[k].text not in APPOSITION_ENDS:
            sub.insert(0, units[k])
            k -= 1
        return _titled_reading(sub)
    return None


def _titled_reading(sub: list[Unit]) -> Reading | None:
    """Return the first reading of ``sub`` with a title and a country but no name (an apposition's)."""
    if not sub or len(sub) > APPOSITION_MAX:
        return None
    for c in chunk_units(sub):
        r = read_chunk(c)
        if r is not None and r.title and r.countries and not r.name:
            return r
    return None


def merge_appositions(actors: list[Actor], text: str) -> None:
    """The title in "X, the Turkish foreign minister," is X again: same name and id."""
    for a in actors:
        if a.basis != "title-only":
            continue
        for p in actors:
            if p.kind != "person" or p.basis not in ("apposition", "apposition-of"):
                continue
            gap = text[p.end : a.start] if p.end <= a.start else text[a.end : p.start]
            if gap.strip() == ",":
                a.name, a.id, a.basis, a.ref = p.name, p.id, "apposition-of", p.name
                break


def enumeration(units: list[Unit], ch: list[Unit], r: Reading, sent: Sentence, people: People,
                focus: Focus) -> list[Actor]:
    """Bind "TITLEs of the two countries - A and B" (or "Xi and Yi TITLEs, A and B") in order."""
    if not (r.plural and r.title) or r.name:
        return []
    countries = list(r.countries)
    if r.of_collective is not None and r.of_collective.level in ("country", "any"):
        countries = list(focus.pair)
    if len(countries) < 2:
        return []
    names = _enumerated_names(units, units.index(ch[-1]) + 1)
    if len(names) != len(countries):
        return []
    out = []
    sector = r.sector or "GOV"
    for u, iso3 in zip(names, countries, strict=True):
        name = " ".join(u.text.split())
        known = people.lookup(name)
        if known is not None and known.country and known.country in countries:
            iso3 = known.country
        a = Actor(text=u.text, name=name, country=iso3, sector=sector, kind="person", id=person_id(name),
                  start=u.start, end=u.end, sentence_index=sent.index, basis="enumeration", role=r.title)
        people.learn(name, iso3, sector, r.title.rstrip("s"))
        focus.remember(a)
        out.append(a)
    return out


def _enumerated_names(units: list[Unit], k: int) -> list[Unit]:
    """Return the name units listed from ``k`` ("- A and B", ", A, B and C"), merging capitalised runs."""
    if k >= len(units) or units[k].text not in ENUMERATION_OPENERS:
        return []
    k += 1
    names: list[Unit] = []
    while k < len(units):
        u = units[k]
        if u.kind == "word" and is_cap(u.text):
            merge_name(units, k, name_run(units, k))
            u = units[k]
        if u.kind != "name":
            break
        names.append(u)
        k += 1
        if k < len(units) and units[k].text.lower() in ("and", ","):
            k += 1
            continue
        break
    return names
