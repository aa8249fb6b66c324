"""The dictionary of named political actors: which country and sector a name stands for on a date.

``data/persons.tsv`` (derived from the Phoenix actor dictionaries by ``tools/build_persons.py``;
licence and attribution in ``data/persons.NOTICE``) lists persons, groups and IGOs with their name
variants and their roles, one row per role. The first row of an entry carries its name, variants
(``;``-separated) and kind (person, group, igo); the rows after it, with an empty name, are more
roles of the same entry. A role has a country (ISO3, or none for IGOs, NGOs and transnational
groups), a sector (CAMEO agent codes as DESIGN.md lists them, ELI for a person out of office), a
period (ISO dates, inclusive, either end open) and the CAMEO code as the source gave it. A role
with neither start nor end is the entry's *default*: the source's code for any date its dated
roles leave. An entry's id is its name's matching form with hyphens ("bashar-al-assad").

``PersonDictionary.lookup(name, date)`` decides what a mention denotes on the article's date:

1. **Name.** The mention, case-folded, without accents and punctuation ("U.N." = "UN",
   "Ki-moon" = "Ki moon"), is a name or variant of an entry; else, if it is one word, the
   surname (last word of a name) of persons, unless more persons have it as a given name, or it
   is a country word, a title or a sector term; else, if it is several words, the first and last
   word of a person's name with some of the words between, in order ("George Bush" for "George
   W. Bush"). Case is ignored, so all-caps text works, but a mention with no capital letter is not
   a name unless ``caseless=True`` (for text that is lower-cased throughout).
2. **Evidence.** A surname or a part of a name is weaker evidence than a full name: on a date, it
   only denotes a person in office then, or one whose default role applies then (so "Milosevic"
   in 1995 is not the Croatian minister Domagoj Ivan Milosevic of 2011).
3. **Ambiguity.** When the name fits several entries, the only one in office on the date (a dated
   role other than ELI covers it) wins ("Bush" in 1990 is George Bush, in 2005 it is George W.
   Bush, unless another Bush is in office too); otherwise there is no answer.
4. **Role on the date** (``Entry.role_on``): (a) the dated roles that cover the date, the
   latest-starting first (a new office beats the one it overlaps), then the shortest: period
   "in-office"; (b) none covers it: the default role, period "default"; (c) no default: for a
   person, the country of the nearest role with sector ELI, which PLOVER defines as "former
   government officials who currently do not hold positions in the government" (a head of
   government before and after office is still that country's person, not its government); the
   role's code and dates are the nearest role's, so the caller sees which office it was; period
   "before" or "after"; for a group or IGO the nearest role unchanged; (d) no date: the
   latest-starting dated role, else the default, period "undated".

The Phoenix rows end about 2016; ``data/persons_recent.tsv`` (written by the project) adds heads of
state and government and foreign ministers in office after that, read after them. The registry of
facts learned from articles (``core.registry``) should extend and override it for persons it lacks or whose office has changed since.

Loading is lazy: ``person_dictionary()`` reads the file on its first call (then cached) and only
finds where each entry starts; the name indexes are built on the first lookup and an entry's
roles are read (and checked, with ``file:line`` errors) when a lookup first needs them.
``PersonDictionary.check()`` reads them all.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date as Date
from functools import cached_property, lru_cache

from communique.core.errors import DataFileError
from communique.core.heap import loader
from communique.core.resources import Row, read_tsv
from communique.stages.lexicon import countries

PACKAGE = "communique.stages.actors"
FILE = "persons.tsv"
# Persons in office after the Phoenix files end, written by the project (read after FILE).
RECENT_FILE = "persons_recent.tsv"
COLUMNS = ("name", "variants", "kind", "country", "sector", "start", "end", "code")
KINDS = ("person", "group", "igo")
FORMER = "ELI"  # the sector of a person out of office (PLOVER/CAMEO "elites")
WEAK = ("surname", "name-parts")  # name matches that need the person in office (or default) on the date

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DROP = re.compile(r"[.'`\u2018\u2019]")  # dropped inside words: "U.N." -> "UN", "O'Brien" -> "OBrien"
_SPLIT = re.compile(r"[\W_]+")


def name_key(text: str) -> str:
    """Return the matching form of a name: case-folded, no accents, words split on punctuation."""
    if text.isascii():
        folded = text.lower()
    else:
        folded = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return " ".join(_SPLIT.sub(" ", _DROP.sub("", folded)).split())


def entry_id(name: str) -> str:
    """Return the id of the entry named ``name``: its matching form with hyphens ("bashar-al-assad")."""
    return name_key(name).replace(" ", "-")


@dataclass(frozen=True)
class Role:
    """One role of an entry: country, sector and period (no start and no end: the default role)."""

    country: str | None
    sector: str | None
    start: str | None  # YYYY-MM-DD, inclusive
    end: str | None  # YYYY-MM-DD, inclusive
    code: str  # the CAMEO code as the source gives it

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, day: str) -> bool:
        """Return whether the role is in force on ``day`` (bounds included, an open end unbounded)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Entry:
    """A person, group or IGO of the dictionary with its names and roles."""

    id: str
    name: str
    kind: str  # person | group | igo
    variants: tuple[str, ...]
    roles: tuple[Role, ...]  # dated roles, by start
    default: Role | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)

    def covering(self, day: str) -> list[Role]:
        """Return the dated roles in force on ``day``, the one that applies first (latest start, shortest)."""
        roles = [r for r in self.roles if r.covers(day)]
        roles.sort(key=lambda r: r.end or "9999-12-31")
        roles.sort(key=lambda r: r.start or "", reverse=True)  # stable: equal starts stay shortest first
        return roles

    def in_office(self, day: str) -> bool:
        """Return whether a dated role other than ELI covers ``day``."""
        return any(r.sector != FORMER for r in self.covering(day))

    def role_on(self, day: str | None) -> tuple[Role, str] | None:
        """Return the role that applies on ``day`` and its period (see the module docstring, step 4)."""
        if day is None:
            if self.roles:
                return max(self.roles, key=lambda r: r.start or ""), "undated"
            return (self.default, "undated") if self.default else None
        covering = self.covering(day)
        if covering:
            return covering[0], "in-office"
        if self.default is not None:
            return self.default, "default"
        if not self.roles:
            return None
        ended = [r for r in self.roles if r.end is not None and r.end < day]
        if ended:
            nearest, period = max(ended, key=lambda r: r.end or ""), "after"
        else:
            nearest, period = min(self.roles, key=lambda r: r.start or ""), "before"
        if self.kind == "person" and nearest.country is not None:
            return Role(nearest.country, FORMER, nearest.start, nearest.end, nearest.code), period
        return nearest, period


@dataclass(frozen=True)
class PersonRole:
    """What a mention denotes on a date: the entry, the role that applies, and how both were chosen."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    code: str
    start: str | None
    end: str | None
    period: str  # in-office | default | before | after | undated
    match: str  # name | surname | name-parts; "+date" when the date settled an ambiguity


# A row of persons.tsv is kept as a tuple in COLUMNS order plus its "file:line" (a Row dict per
# row would cost some 30 MB; a named tuple, twice the time to build).
_NAME, _VARIANTS, _KIND, _COUNTRY, _SECTOR, _START, _END, _CODE, _WHERE = range(9)
_Line = tuple


class PersonDictionary:
    """A frozen dictionary over TSV rows: entries, name indexes and roles built when first needed."""

    def __init__(self, rows: Sequence[Row], *, exclude: Callable[[], Iterable[str]] | Iterable[str] = ()) -> None:
        """``rows`` are persons.tsv's; ``exclude`` the words that are never a surname (or a function giving them)."""
        intern = sys.intern  # codes, countries and dates repeat: share the strings
        self._lines: list[_Line] = [
            (r["name"], r["variants"], r["kind"], intern(r["country"]), intern(r["sector"]), intern(r["start"]),
             intern(r["end"]), intern(r["code"]), r.where) for r in rows]
        self._starts = [i for i, line in enumerate(self._lines) if line[_NAME]]
        if self._lines and not self._lines[0][_NAME]:
            raise self._fail(self._lines[0], "a role row without a name must follow the row of its entry")
        self._exclude_source = exclude
        self._built: dict[int, Entry] = {}

    def _fail(self, line: _Line, reason: str) -> DataFileError:
        return DataFileError(f"{line[_WHERE]}: {reason}")

    def __len__(self) -> int:
        return len(self._starts)

    def __iter__(self) -> Iterator[Entry]:
        return (self._entry(n) for n in range(len(self._starts)))

    def check(self) -> int:
        """Read every entry (E302 with file:line at the first bad row); return how many there are."""
        ids: set[str] = set()
        for e in self:
            if e.id in ids:
                raise self._fail(self._lines[self._starts[self._number[e.id]]], f"a second entry has the id {e.id!r}")
            ids.add(e.id)
        return len(ids)

    def entry(self, entry_id: str) -> Entry | None:
        """Return the entry with this id, or None."""
        n = self._number.get(entry_id)
        return None if n is None else self._entry(n)

    @cached_property
    def _number(self) -> dict[str, int]:
        return {entry_id(self._lines[i][_NAME]): n for n, i in enumerate(self._starts)}

    @cached_property
    def _names(self) -> dict[str, list[int]]:
        """Return the matching form of every name and variant -> the numbers of the entries that have it."""
        index: dict[str, list[int]] = {}
        lines = self._lines
        for n, i in enumerate(self._starts):
            head = lines[i]
            index.setdefault(name_key(head[_NAME]), []).append(n)
            if head[_VARIANTS]:
                for v in head[_VARIANTS].split(";"):
                    numbers = index.setdefault(name_key(v), [])
                    if not numbers or numbers[-1] != n:
                        numbers.append(n)
        index.pop("", None)
        return index

    @cached_property
    def _words(self) -> tuple[dict[str, list[int]], Counter]:
        """Return (last word of a person's several-word name -> those persons, given name -> how many have it)."""
        person = [self._lines[i][_KIND] == "person" for i in self._starts]
        last: dict[str, list[int]] = {}
        firsts: set[tuple[str, int]] = set()
        for key, numbers in self._names.items():
            if " " not in key:
                continue
            first, word = key.split(" ", 1)[0], key.rsplit(" ", 1)[1]
            for n in numbers:
                if person[n]:
                    firsts.add((first, n))
                    persons = last.setdefault(word, [])
                    if n not in persons:
                        persons.append(n)
        return last, Counter(first for first, _ in firsts)

    @cached_property
    def _surnames(self) -> dict[str, list[int]]:
        """Return one-word surname -> persons, without common given names, one-word names, excluded words."""
        last, given = self._words
        source = self._exclude_source
        exclude = {name_key(w) for w in (source() if callable(source) else source)}
        return {w: ns for w, ns in last.items()
                if len(w) > 2 and given[w] <= len(ns) and w not in exclude and w not in self._names}

    def knows_name(self, text: str) -> bool:
        """True when ``text`` is, in its matching form, a listed name or variant (any kind of entry)."""
        return name_key(text) in self._names

    def candidates(self, name: str, *, caseless: bool = False) -> tuple[tuple[Entry, ...], str]:
        """Return the entries a mention may denote and how the name matched (``""`` when none)."""
        if not caseless and not any(c.isupper() for c in name):
            return (), ""
        key = name_key(name)
        if not key:
            return (), ""
        if key in self._names:
            return tuple(self._entry(n) for n in self._names[key]), "name"
        words = key.split()
        if len(words) == 1:
            found = tuple(self._entry(n) for n in self._surnames.get(key, ()))
            return found, "surname" if found else ""
        found = tuple(e for e in (self._entry(n) for n in self._words[0].get(words[-1], ()))
                      if any(_parts_of(words, name_key(v).split()) for v in e.names))
        return found, "name-parts" if found else ""

    def lookup(self, name: str, date: str | Date | None = None, *, caseless: bool = False) -> PersonRole | None:
        """Return what ``name`` denotes on ``date`` (YYYY-MM-DD), or None if unknown or ambiguous."""
        day = _day(date)
        found, how = self.candidates(name, caseless=caseless)
        several = len(found) > 1
        if how in WEAK and day is not None:
            found = tuple(e for e in found if (e.role_on(day) or (None, ""))[1] in ("in-office", "default"))
        if len(found) > 1 and day is not None:
            found = tuple(e for e in found if e.in_office(day))
        if several and len(found) == 1:
            how += "+date"
        if len(found) != 1:
            return None
        e = found[0]
        chosen = e.role_on(day)
        if chosen is None:
            return None
        role, period = chosen
        return PersonRole(e.id, e.name, e.kind, role.country, role.sector, role.code, role.start, role.end,
                          period, how)

    def _entry(self, n: int) -> Entry:
        """Return entry number ``n``, reading and checking its rows the first time."""
        e = self._built.get(n)
        if e is None:
            first = self._starts[n]
            last = self._starts[n + 1] if n + 1 < len(self._starts) else len(self._lines)
            e = self._built[n] = self._entry_of(self._lines[first:last])
        return e

    def _entry_of(self, lines: Sequence[_Line]) -> Entry:
        """Return the entry of its rows (the first with the name), checking each (E302 naming file:line)."""
        head = lines[0]
        if head[_KIND] not in KINDS:
            raise self._fail(head, f"kind {head[_KIND]!r} is not one of {', '.join(KINDS)}")
        dated: list[Role] = []
        default: Role | None = None
        for line in lines:
            if line is not head and (line[_VARIANTS] or line[_KIND]):
                raise self._fail(line, "only the first row of an entry (the one with the name) has variants and kind")
            role = self._role(line)
            if role.dated:
                dated.append(role)
            elif default is None:
                default = role
            else:
                raise self._fail(line, f"entry {head[_NAME]!r} has a second default role (no start, no end)")
        dated.sort(key=lambda r: (r.start or "", r.end or ""))
        variants = tuple(v for v in head[_VARIANTS].split(";") if v)
        return Entry(entry_id(head[_NAME]), head[_NAME], head[_KIND], variants, tuple(dated), default)

    def _role(self, line: _Line) -> Role:
        start, end = line[_START], line[_END]
        for col, value in (("start", start), ("end", end)):
            if value and not _valid_date(value):
                raise self._fail(line, f"{col} {value!r} is not a date YYYY-MM-DD")
        if start and end and start > end:
            raise self._fail(line, f"start {start} is after end {end}")
        for col, value in (("country", line[_COUNTRY]), ("sector", line[_SECTOR])):
            if value and not (len(value) == 3 and value.isupper()):
                raise self._fail(line, f"{col} {value!r} is not a 3-letter upper-case code")
        return Role(line[_COUNTRY] or None, line[_SECTOR] or None, start or None, end or None, line[_CODE])


def _parts_of(words: list[str], name: list[str]) -> bool:
    """Return whether ``words`` are ``name``'s first and last word with some of its middle ones, in order."""
    if len(words) >= len(name) or words[0] != name[0] or words[-1] != name[-1]:
        return False
    middle = iter(name[1:-1])
    return all(w in middle for w in words[1:-1])


def _day(date: str | Date | None) -> str | None:
    if date is None or date == "":
        return None
    if isinstance(date, Date):
        return date.isoformat()
    day = str(date)[:10]
    if not _ISO_DATE.fullmatch(day):
        raise ValueError(f"date {date!r} is not YYYY-MM-DD")
    return day


def _valid_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        Date.fromisoformat(text)
    except ValueError:
        return False
    return True


def excluded_words() -> list[str]:
    """Return the words that are never taken as a surname: country words, titles and sector terms."""
    words = [w for c in countries() for col in ("name", "aliases", "demonyms", "capital", "cities")
             for w in c[col].split(";") if w]
    words += [r["title"] for r in read_tsv(PACKAGE, "titles.tsv", ("title",))]
    words += [r["term"] for r in read_tsv(PACKAGE, "sectors.tsv", ("term",))]
    return words


@lru_cache(maxsize=1)
@loader
def person_dictionary() -> PersonDictionary:
    """Return the packaged dictionary (the files are read on the first call, then cached).

    The Phoenix-derived rows (``FILE``) come first, then the project's rows for persons in office
    after those files end (``RECENT_FILE``): each file's entries start at a named row.
    """
    rows = [*read_tsv(PACKAGE, FILE, COLUMNS), *read_tsv(PACKAGE, RECENT_FILE, COLUMNS)]
    return PersonDictionary(rows, exclude=excluded_words)
