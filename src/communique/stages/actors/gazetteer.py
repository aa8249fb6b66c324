"""Load the actor gazetteers and match them in text: which spans of a text are actor terms.

Files, one row per entry, read through ``core.resources.read_tsv`` (a bad row reports ``file:line``):

- the shared lexicon's ``countries.tsv``: iso3, iso2, name, aliases, demonyms, capital, cities
  (lists are ``;``-separated);
- ``igos.tsv``: id, name, aliases, sector (international organisations, country null);
- ``groups.tsv``: id, name, aliases, country, sector, kind (named national bodies and armed groups);
- ``sectors.tsv``: term, sector (agent nouns: "police" -> POL, "companies" -> BUS);
- ``titles.tsv``: title, sector (official titles: "foreign minister" -> GOV, "general" -> MIL);
- ``collectives.tsv``: phrase, level (references to the participants in focus: "the two countries");
  level is country, person or any.

Matching is on a light word tokenisation shared by the gazetteer and the text, so that the
same rules work on parsed and unparsed sentences. Case rules: acronyms ("UN", "U.S.") match
exactly; single-word names must be capitalised unless the whole sentence is lower-cased;
multi-word names and common nouns (sector terms, titles) match in any case. The ambiguous
lower-case words and the singular demonyms ending in "s" are lists in ``data/words.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from communique.core.resources import Row, read_tsv
from communique.stages.actors.words import LOWERCASE_AMBIGUOUS, SINGULAR_S_DEMONYMS
from communique.stages.lexicon import countries, is_lowercased, listed

__all__ = ["KINDS", "WORD", "Country", "Entry", "Gazetteer", "Match", "country_of",
           "has_actor_term", "is_acronym", "load_gazetteer", "words_of"]

# Word tokens: dotted acronyms ("U.S.", "D.C."), words, single punctuation marks. The gazetteer
# and the resolver cut text with this one pattern, so that their word offsets agree.
WORD = re.compile(r"\w+(?:\.\w+)+\.?|\w+|[^\w\s]")

# In the order a surface's readings are tried (``_dedupe``): an IGO before a capital of its name.
KINDS = ("country", "demonym", "igo", "capital", "city", "group", "title", "sector", "collective")
# Collective references name the participants in focus at one of these levels.
LEVELS = ("country", "person", "any")
PACKAGE = "communique.stages.actors"


@dataclass(frozen=True)
class Entry:
    """One gazetteer reading of a surface form."""

    kind: str  # one of KINDS
    key: str  # iso3, IGO id, group id, sector code, title or collective phrase
    name: str  # canonical name ("Turkey", "United Nations", "foreign minister")
    country: str | None = None
    sector: str | None = None
    actor_kind: str = "group"  # the Actor.kind a bare mention of this entry gets
    plural: bool = False  # demonym used as a plural noun ("Palestinians")
    level: str = ""  # collectives: country | person | any


@dataclass
class Match:
    """A gazetteer match in a text: character span and every reading of it."""

    start: int
    end: int
    text: str
    entries: list[Entry]

    def first(self, *kinds: str) -> Entry | None:
        for e in self.entries:
            if not kinds or e.kind in kinds:
                return e
        return None

    def has(self, *kinds: str) -> bool:
        return self.first(*kinds) is not None


@dataclass
class Country:
    iso3: str
    iso2: str
    name: str
    aliases: list[str]
    demonyms: list[str]
    capital: str
    cities: list[str]


@dataclass
class Gazetteer:
    """Every actor term, indexed by its lower-cased word tuple for longest-match lookup."""

    countries: dict[str, Country] = field(default_factory=dict)
    igos: dict[str, Entry] = field(default_factory=dict)
    groups: dict[str, Entry] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    collectives: dict[str, str] = field(default_factory=dict)
    # (lower-cased words) -> [(surface form, entry)]
    index: dict[tuple[str, ...], list[tuple[str, Entry]]] = field(default_factory=dict)
    max_len: int = 1
    # first word -> the word counts of the forms starting with it, longest first
    lengths: dict[str, list[int]] = field(default_factory=dict)

    def add(self, surface: str, entry: Entry) -> None:
        words = tuple(w.lower() for w in words_of(surface))
        if not words:
            return
        bucket = self.index.setdefault(words, [])
        if (surface, entry) not in bucket:
            bucket.append((surface, entry))
        self.max_len = max(self.max_len, len(words))
        ls = self.lengths.setdefault(words[0], [])
        if len(words) not in ls:
            ls.append(len(words))
            ls.sort(reverse=True)

    def country_name(self, iso3: str | None) -> str | None:
        c = self.countries.get(iso3 or "")
        return c.name if c else None

    def find(self, text: str, lowercase: bool | None = None) -> list[Match]:
        """Return non-overlapping gazetteer matches in ``text``, longest first, left to right."""
        toks = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
        lows = [t[2].lower() for t in toks]
        if lowercase is None:
            lowercase = is_lowercased(text)
        out: list[Match] = []
        i = 0
        while i < len(toks):
            found = None
            for n in self.lengths.get(lows[i], ()):
                if i + n > len(toks):
                    continue
                key = tuple(lows[i : i + n])
                bucket = self.index.get(key)
                if not bucket:
                    continue
                surface = text[toks[i][0] : toks[i + n - 1][1]]
                entries = [e for s, e in bucket if _case_ok(s, surface, e, n, lowercase)]
                if entries:
                    found = Match(toks[i][0], toks[i + n - 1][1], surface, _dedupe(entries))
                    break
            if found is not None:
                out.append(found)
                i += len(words_of(found.text))
            else:
                i += 1
        return out

    def lookup(self, surface: str) -> list[Entry]:
        """Return every reading of an exact surface form (case rules applied)."""
        words = words_of(surface)
        bucket = self.index.get(tuple(w.lower() for w in words), [])
        low = is_lowercased(surface)
        return _dedupe([e for s, e in bucket if _case_ok(s, surface, e, len(words), low)])


def words_of(text: str) -> list[str]:
    """Split ``text`` into the word tokens the gazetteer matches on."""
    return WORD.findall(text)


def is_acronym(surface: str) -> bool:
    """True when ``surface`` is an acronym ("UN", "U.S."): a few letters, all upper-case; matched exactly."""
    letters = [c for c in surface if c.isalpha()]
    return len(letters) <= 6 and all(c.isupper() for c in letters) and bool(letters)


def _case_ok(form: str, surface: str, entry: Entry, n_words: int, lowercase: bool) -> bool:
    if is_acronym(form):
        return surface == form
    if entry.kind in ("sector", "title", "collective"):
        return True
    if lowercase:
        return n_words > 1 or form.lower() not in LOWERCASE_AMBIGUOUS
    if n_words > 1:
        return any(c.isupper() for c in surface) or surface == form
    return surface[:1].isupper()


def _dedupe(entries: list[Entry]) -> list[Entry]:
    seen: list[Entry] = []
    for e in entries:
        if e not in seen:
            seen.append(e)
    # Named readings first (country, IGO, ...), common nouns last. An IGO named like a capital is
    # the IGO's seat standing for it ("Brussels added twelve officials to its sanctions list": the
    # EU), so it comes before the capital's country.
    return sorted(seen, key=lambda e: KINDS.index(e.kind))


def _demonym_is_plural(form: str, adjectives: list[str]) -> bool:
    low = form.lower()
    return low.endswith("s") and low not in SINGULAR_S_DEMONYMS and any(
        low != a.lower() and low.startswith(a.lower()[:3]) for a in adjectives
    )


def _required(row: Row, *columns: str) -> None:
    """Raise E302 (``file:line``) when one of ``columns`` is empty in ``row``."""
    empty = [c for c in columns if not row[c]]
    if empty:
        raise row.fail(f"empty {', '.join(empty)}")


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Return the packaged gazetteer (loaded once per process)."""
    g = Gazetteer()
    _add_countries(g)
    _add_named(g)
    _add_terms(g)
    return g


def _add_countries(g: Gazetteer) -> None:
    """Countries (the shared lexicon's table): names, demonyms, capitals and cities."""
    for r in countries():
        c = Country(r["iso3"], r["iso2"], r["name"], listed(r["aliases"]), listed(r["demonyms"]),
                    r["capital"], listed(r["cities"]))
        g.countries[c.iso3] = c
        for n in [c.name, *c.aliases]:
            g.add(n, Entry("country", c.iso3, c.name, c.iso3, "GOV", "country"))
        adjectives = [d for d in c.demonyms if not d.lower().endswith("s")] or c.demonyms[:1]
        for d in c.demonyms:
            g.add(d, Entry("demonym", c.iso3, c.name, c.iso3, None, "group",
                           plural=_demonym_is_plural(d, adjectives)))
        if c.capital:
            g.add(c.capital, Entry("capital", c.iso3, c.name, c.iso3, "GOV", "country"))
        for city in c.cities:
            g.add(city, Entry("city", c.iso3, c.name, c.iso3, "GOV", "country"))


def _add_named(g: Gazetteer) -> None:
    """International organisations (igos.tsv) and named national bodies and groups (groups.tsv)."""
    for r in read_tsv(PACKAGE, "igos.tsv", ("id", "name", "aliases", "sector")):
        _required(r, "id", "name")
        e = Entry("igo", r["id"], r["name"], None, r["sector"] or "IGO", "igo")
        g.igos[r["id"]] = e
        for n in [r["name"], *listed(r["aliases"])]:
            g.add(n, e)
    for r in read_tsv(PACKAGE, "groups.tsv", ("id", "name", "aliases", "country", "sector", "kind")):
        _required(r, "id", "name")
        e = Entry("group", r["id"], r["name"], r["country"] or None, r["sector"] or None,
                  r["kind"] or "organisation")
        g.groups[r["id"]] = e
        for n in [r["name"], *listed(r["aliases"])]:
            g.add(n, e)


def _add_terms(g: Gazetteer) -> None:
    """Common nouns: sector terms, official titles and collective references."""
    for r in read_tsv(PACKAGE, "sectors.tsv", ("term", "sector")):
        _required(r, "term", "sector")
        g.sectors[r["term"]] = r["sector"]
        g.add(r["term"], Entry("sector", r["sector"], r["term"], None, r["sector"]))
    for r in read_tsv(PACKAGE, "titles.tsv", ("title", "sector")):
        _required(r, "title", "sector")
        g.titles[r["title"]] = r["sector"]
        g.add(r["title"], Entry("title", r["title"], r["title"], None, r["sector"], "person"))
    for r in read_tsv(PACKAGE, "collectives.tsv", ("phrase", "level")):
        if r["level"] not in LEVELS:
            raise r.fail(f"level '{r['level']}' is not one of {', '.join(LEVELS)}")
        g.collectives[r["phrase"]] = r["level"]
        g.add(r["phrase"], Entry("collective", r["phrase"], r["phrase"], level=r["level"]))


def has_actor_term(text: str) -> bool:
    """True when ``text`` mentions a country, demonym, capital, IGO, named group, sector term or title."""
    return bool(load_gazetteer().find(text))


def country_of(name: str) -> str | None:
    """Return the ISO3 code a country name, alias, demonym or capital stands for, if any."""
    for e in load_gazetteer().lookup(name):
        if e.country and e.kind in ("country", "demonym", "capital", "city"):
            return e.country
    return None
