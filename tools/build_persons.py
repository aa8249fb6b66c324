"""Build the dictionary of named political actors (persons.tsv) from the Phoenix actor files.

Usage (from the repository root, with the package on the path):

    PYTHONPATH=src python tools/build_persons.py            # write the two files below
    PYTHONPATH=src python tools/build_persons.py --check    # exit 1 if the committed files differ
    PYTHONPATH=src python tools/build_persons.py --report   # also print what was kept and dropped

It reads ``../shared/reference/phoenix_actors`` (PETRARCH-2's Phoenix dictionaries, MIT; see the
SOURCE.txt there) and writes ``src/communique/stages/actors/data/persons.tsv`` and, beside it,
``persons.NOTICE`` (the MIT notice and the attribution). The rules that turn CAMEO codes and name
phrases into our rows are data, in ``tools/build_persons.yaml``.

How the actor-file format is read (dictionaries.rst in the source folder; our reading):

- ``#`` starts a comment; the comment of a name line is kept only to spot the source's lists of
  persons (``CountryInfo.txt``, ``IGOrulers.txt``).
- A record is a name line, its ``+`` synonym lines and its indented code lines. Codes are
  ``[CODE]`` (the default, for any date no restriction covers) or ``[CODE date-date]``,
  ``[CODE <date]``, ``[CODE >date]``; dates are YYMMDD or YYYYMMDD, inclusive. A name line may
  carry codes itself, and then its synonyms follow it.
- Name lines with no code that follow each other with no blank or comment line between them
  are names of one record, whose codes come later ("LEONID_BREZHNEV_", "LEONID_ILYICH_BREZHNEV"
  ... then the codes). A record that gets no code at all is dropped.
- Two-digit years: 00-30 are 2000-2030, 31-99 are 1931-1999 (the files use 00-14 and 31-99; the
  1920s are written with four digits). A restriction with a date that is not a date is dropped,
  and reported; a bare date ("[MNEGOV 20121204]") is read as a start.

What becomes a row (stages/actors/dictionary.py describes the file and how it is read):

- Records whose codes give no sector (country names, cities, provinces, dependencies) are left
  out: the lexicon's country table covers countries and places. So are role descriptions such as
  "US_PRESIDENT_" (nothing left once titles and country words are removed), the multinational
  companies (``skip`` in the rules) and records with no usable name.
- An entry is a *person* when the source lists it as one (the markers above), or when its name
  looks like a person's (two to five words, none an organisation word or a one-word agent noun
  of Phoenix.agents.txt) and it has a dated role, an office sector or MilNonState's "__" mark of
  an individual; an *igo* when its codes are IGO codes; else a *group*.
- Names are cleaned for news text: underscores to spaces, normal case ("Bashar al-Assad",
  "John McCain"; acronyms of groups stay in capitals), titles and honorifics stripped from the
  front of a person's variants ("PRESIDENT_NIXON" -> "Nixon"), a parenthesised acronym split off
  ("(SLF)"), variants that name an organisation ("OBAMA_ADMINISTRATION"), contain a digit
  (persons), broken characters or non-Latin letters dropped, and variants that match like the
  name or an earlier variant dropped. A one-word variant stays only when no other entry has it
  and it is not a country word, a title or shorter than three letters.
- Records with the same cleaned name are one entry (roles and variants merged; the first
  record's default wins). An entry whose name is a variant of exactly one other entry, with
  roles among that one's, is folded into it (the source lists some persons twice).
- Roles with the same code that overlap or touch are joined. A person's ELI period that no other
  role overlaps is left out when the lookup's rule for dates outside every role gives the same
  country and sector anyway (CountryInfo's ELI periods before and after office).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pycountry
import yaml

from communique.core.resources import read_tsv
from communique.stages.actors.dictionary import COLUMNS, Role, entry_id, name_key
from communique.stages.lexicon import countries

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "reference" / "phoenix_actors"
OUT = REPO / "src" / "communique" / "stages" / "actors" / "data"
RULES = Path(__file__).with_suffix(".yaml")
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"

_CODE = re.compile(r"\[([^\]]*)\]")
_RESTRICTION = re.compile(r"^(?P<code>\S+)(?:\s+(?P<when>.*))?$")
_BETWEEN = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_BOUND = re.compile(r"^([<>])\s*(\d+)$")
_LATIN = re.compile(r"^[A-Za-z0-9 .,'&()/-]+$")


@dataclass
class Restriction:
    """One code of a record, with its period (no start and no end: the default)."""

    code: str
    start: str | None
    end: str | None
    line: int

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class Record:
    """One actor record of a source file: its name phrases and codes, where it starts."""

    source: str
    line: int
    names: list[str] = field(default_factory=list)
    codes: list[Restriction] = field(default_factory=list)
    marked: bool = False  # the source lists it as a person


@dataclass
class Report:
    """What the conversion dropped or could not read, for ``--report`` and the notes."""

    problems: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def problem(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}")


# ---------------------------------------------------------------- reading the actor-file format


def read_actor_file(text: str, source: str, markers: Iterable[str], report: Report) -> list[Record]:
    """Return the records of one actor file (see the module docstring for the reading)."""
    markers = tuple(markers)
    records: list[Record] = []
    current: Record | None = None
    broken = True  # a blank or comment-only line came since the last name line

    def finish() -> None:
        nonlocal current
        if current is not None:
            if current.codes:
                records.append(current)
            else:
                report.counts["records without a code"] += 1
        current = None

    for n, raw in enumerate(text.splitlines(), 1):
        body, _, comment = raw.partition("#")
        if not body.strip():
            broken = True  # blank or comment-only: a code-less name above does not join the next one
            continue
        indented = raw[:1] in (" ", "\t")
        phrase, codes = _split_codes(body, source, n, report)
        phrase = phrase.strip()
        if current is None and (phrase.startswith("+") or (indented and not phrase)):
            report.problem(f"{source}:{n}", "synonym or code line before any record")
            continue
        if indented and not phrase:
            current.codes += codes
            continue
        if phrase.startswith("+"):  # a synonym, even after a blank line (the file has a few)
            current.names += [p for p in phrase.split("+") if p.strip()]
            current.codes += codes
            continue
        if current is not None and not current.codes and not broken:
            current.names.append(phrase)  # a name line joins the code-less record right above it
        else:
            finish()
            current = Record(source, n, [phrase])
        current.codes += codes
        current.marked = current.marked or any(m in comment for m in markers)
        broken = False
    finish()
    return records


def _split_codes(body: str, source: str, n: int, report: Report) -> tuple[str, list[Restriction]]:
    """Return the phrase before the first ``[`` and the restrictions in brackets on a line."""
    phrase = body.split("[", 1)[0]
    out: list[Restriction] = []
    for m in _CODE.finditer(body):
        r = _restriction(m.group(1).strip(), n)
        if r is None:
            report.problem(f"{source}:{n}", f"unreadable code [{m.group(1).strip()}] dropped")
        else:
            out.append(r)
    return phrase, out


def _restriction(text: str, line: int) -> Restriction | None:
    m = _RESTRICTION.match(text)
    if not m:
        return None
    code, when = m.group("code"), (m.group("when") or "").strip()
    if not when:
        return Restriction(code, None, None, line)
    if between := _BETWEEN.match(when):
        start, end = iso_date(between.group(1)), iso_date(between.group(2))
        return Restriction(code, start, end, line) if start and end and start <= end else None
    if bound := _BOUND.match(when):
        day = iso_date(bound.group(2))
        if day is None:
            return None
        return Restriction(code, None, day, line) if bound.group(1) == "<" else Restriction(code, day, None, line)
    if when.isdigit() and (day := iso_date(when)):
        return Restriction(code, day, None, line)  # a bare date: read as a start
    return None


def iso_date(text: str) -> str | None:
    """Return YYYY-MM-DD for a YYMMDD or YYYYMMDD date, or None when it is not a date."""
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy <= 30 else 1900 + yy}{text[2:]}"
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- codes -> country, sector, kind


@dataclass(frozen=True)
class Decoded:
    country: str | None
    sector: str | None
    kind: str | None  # igo / group when the country slot says so


class Codes:
    """CAMEO actor codes read with the rules of build_persons.yaml and our country table."""

    def __init__(self, rules: dict, iso3: set[str]) -> None:
        self.iso3 = iso3
        self.mapped: dict[str, str] = {**rules["countries"], **rules["historical"], **rules["breakaway"]}
        self.international: dict[str, dict] = rules["international"]
        self.regions = set(rules["regions"])
        self.sectors: dict[str, str] = rules["sectors"]
        self.skip = set(rules["skip"])
        self.fictional = set(rules["fictional"])
        for code, iso in self.mapped.items():
            if iso not in iso3:
                raise SystemExit(f"{RULES.name}: {code} maps to {iso}, which is not in countries.tsv")
        self.seen: Counter = Counter()  # first chunks, for the check against pycountry

    def decode(self, code: str) -> Decoded | None:
        """Return the country, sector and kind a code gives; None for the null code ``---``."""
        if code.strip("-") == "":
            return None
        chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
        first, rest = chunks[0], chunks[1:]
        self.seen[first] += 1
        country: str | None = None
        kind: str | None = None
        sector: str | None = None
        if first in self.iso3:
            country = first
        elif first in self.mapped:
            country = self.mapped[first]
        elif first in self.international:
            kind, sector = self.international[first]["kind"], self.international[first]["sector"]
        elif first in self.regions or first in self.fictional:
            pass
        elif first in self.sectors:
            rest = chunks  # no country slot: "[ELI]", "[MED]", "[HINRAD]"
        else:
            raise SystemExit(f"CAMEO code {code}: first chunk {first} is neither a country nor a listed code; "
                             f"add it to {RULES.name}")
        if sector is None:
            sector = next((self.sectors[c] for c in rest if c in self.sectors and c not in self.iso3), None)
        return Decoded(country, sector, kind)

    def check(self) -> list[str]:
        """Return a line per distinct country chunk: how it was read, checked against pycountry."""
        out = []
        for first, n in sorted(self.seen.items()):
            current = pycountry.countries.get(alpha_3=first)
            historic = pycountry.historic_countries.get(alpha_3=first)
            if first in self.iso3:
                how = "ISO 3166-1, in countries.tsv" if current else "in countries.tsv, not ISO 3166-1"
            elif first in self.mapped:
                how = f"-> {self.mapped[first]}" + (f" (ISO 3166-3: {historic.name})" if historic else "")
            elif first in self.international and first not in self.skip:
                how = "international: no country"
            elif first in self.regions:
                how = "region: no country"
            elif first in self.fictional:
                how = "fictional: records left out"
            elif first in self.skip:
                how = "international, in skip: records left out"
            else:
                how = "agent code in the country slot: no country"
            if current and first not in self.iso3:
                how += f" [WARNING: ISO code of {current.name} missing from countries.tsv]"
            out.append(f"{first}\t{n}\t{how}")
        return out


# ---------------------------------------------------------------- names


class Names:
    """Cleaning of name phrases, with the title and word lists it needs."""

    def __init__(self, rules: dict, titles: Iterable[str], country_words: Iterable[str],
                 agent_nouns: Iterable[str], acronyms: Iterable[str] = ()) -> None:
        self.acronyms = {name_key(a) for a in acronyms}
        self.particles = set(rules["particles"])
        self.lowercase = set(rules["lowercase_words"])
        self.org_words = set(rules["organisation_words"])
        self.personal_sectors = set(rules["personal_sectors"])
        self.agent_nouns = set(agent_nouns)
        self.royal = {tuple(t.split()) for t in rules["royal_titles"]}
        self.titles = {tuple(name_key(t).split()) for t in (*titles, *rules["honorifics"])} - {()}
        self.country_words = {tuple(name_key(w).split()) for w in country_words} - {()}
        self.longest = max(len(t) for t in self.titles | self.country_words)

    def clean(self, phrase: str, kind: str = "person") -> tuple[str, list[str]]:
        """Return a phrase as text ("AL-ASSAD_" -> "al-Assad") and the acronyms in parentheses in it.

        In the name of a group or IGO, known acronyms ("UN"), words without a vowel ("PKK") and a
        one-word name of up to six letters ("UNESCO") stay in capitals.
        """
        text = phrase.replace("_", " ").replace("+", " ")
        acronyms = [a.strip() for a in re.findall(r"\(([^)]*)\)", text)]
        text = re.sub(r"\([^)]*\)", " ", text)
        words = text.split()
        acronyms = [a for a in acronyms if re.fullmatch(r"[A-Z][A-Z.-]{1,9}", a)
                    and (name_key(a),) not in self.country_words]
        return " ".join(self._case(w, i, len(words), kind) for i, w in enumerate(words)), acronyms

    def _case(self, word: str, i: int, n: int, kind: str) -> str:
        """Return one word of an all-caps phrase in normal case."""
        if word != word.upper():
            return word  # the source already wrote it in mixed case
        lower = word.lower()
        if kind != "person" and (name_key(word) in self.acronyms or (n == 1 and len(word) <= 6)
                                 or (len(word) > 1 and not re.search(r"[aeiouy]", lower))):
            return word
        if i > 0 and (re.fullmatch(r"[ivx]+", lower) or lower in self.lowercase):
            return word.upper() if lower not in self.lowercase else lower  # "John Paul II", "Army of God"
        if re.fullmatch(r"([a-z]\.)+", lower):
            return word.upper()  # initials "D.", "U.N."
        parts = lower.split("-")
        out = []
        for j, p in enumerate(parts):
            inside = (i > 0 or j > 0) and (i < n - 1 or j < len(parts) - 1)
            out.append(p if p in self.particles and inside else _cap(p))  # "Bashar al-Assad", "bin Laden"
        return "-".join(out)

    def strip_titles(self, text: str) -> str:
        """Return a name without the titles and honorifics in front ("" if nothing else is left).

        Country words go with them when a title is before or after them ("Soviet leader Leonid
        Brezhnev", "President of the United States"), not otherwise ("Israel Katz").
        """
        words = text.split()
        keys = [name_key(w) for w in words]
        i, titled, last_title = 0, False, ()
        while i < len(words):
            t, c = self._at(self.titles, keys, i), self._at(self.country_words, keys, i)
            if c > t and (titled or self._title_ahead(keys, i)):
                i += c
            elif t:
                titled, last_title = True, tuple(" ".join(keys[i:i + t]).split())
                i += t
            elif c and (titled or self._title_ahead(keys, i)):
                i += c
            else:
                break
        if not titled:
            return text
        if len(words) - i == 1 and last_title in self.royal:
            i -= len(last_title)  # "King Abdullah": keep a royal title before a single name
        return " ".join(words[i:])

    def _at(self, phrases: set[tuple[str, ...]], keys: list[str], i: int) -> int:
        """Return the length in words of the longest phrase of ``phrases`` at word ``i`` (0: none)."""
        for n in range(min(self.longest, len(keys) - i), 0, -1):
            if tuple(" ".join(keys[i:i + n]).split()) in phrases:
                return n
        return 0

    def _title_ahead(self, keys: list[str], i: int) -> bool:
        """Return whether the country words at ``i`` are followed by a title ("Soviet leader ...")."""
        while i < len(keys) and (n := self._at(self.country_words, keys, i)):
            i += n
        return i < len(keys) and self._at(self.titles, keys, i) > 0

    def looks_personal(self, text: str) -> bool:
        """Return whether a name looks like a person's: 2-5 words, no digit, organisation word or agent noun."""
        words = name_key(text).split()
        return 2 <= len(words) <= 5 and not any(
            w in self.org_words or w in self.agent_nouns or any(c.isdigit() for c in w) for w in words)

    def usable(self, text: str, kind: str) -> bool:
        """Return whether a variant can match news text (Latin letters, no broken characters).

        A person's variant must not name an organisation ("Obama Administration", "Assad Regime").
        """
        if "\ufffd" in text or sum(c.isalpha() for c in text) < 2:
            return False
        plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        if not _LATIN.match(plain):
            return False
        if kind == "person":
            words = name_key(text).split()
            return not any(w in self.org_words or any(c.isdigit() for c in w) for w in words)
        return True


def _cap(part: str) -> str:
    if part.startswith("mc") and len(part) > 3:
        return "Mc" + part[2:].capitalize()
    if part.startswith("o'") and len(part) > 2:
        return "O'" + part[2:].capitalize()
    return part.capitalize()


# ---------------------------------------------------------------- records -> entries -> rows


@dataclass
class Draft:
    """An entry being built: cleaned names and roles of one or more records."""

    name: str
    kind: str
    variants: list[str]
    roles: list[Role]  # dated roles
    default: Role | None


def build(records: list[Record], codes: Codes, names: Names, report: Report) -> list[Draft]:
    """Return the entries of all records: merged by name, variants filtered, roles tidied."""
    drafts: dict[str, Draft] = {}
    for rec in records:
        draft = _draft(rec, codes, names, report)
        if draft is None:
            continue
        key = name_key(draft.name)
        if key not in drafts:
            drafts[key] = draft
            continue
        old = drafts[key]
        report.counts["records merged into an entry of the same name"] += 1
        old.variants += draft.variants
        old.roles += draft.roles
        if old.default is None:
            old.default = draft.default
        elif draft.default is not None and draft.default != old.default:
            report.counts["second default roles dropped (the first record's wins)"] += 1
        if draft.kind == "person":
            old.kind = "person"
    out = _merge_duplicates(list(drafts.values()), report)
    for d in out:
        d.variants = _distinct(d.name, d.variants)
        d.roles = _merge_roles(d.roles)
        if d.kind == "person":
            d.roles = _drop_redundant_eli(d, report)
    _drop_shared_single_words(out, names, report)
    return sorted(out, key=lambda d: name_key(d.name))


def _draft(rec: Record, codes: Codes, names: Names, report: Report) -> Draft | None:
    """Return the entry one record gives, or None when it is left out (counted in the report)."""
    if all(r.code[:3] in codes.skip for r in rec.codes) or any(r.code[:3] in codes.fictional for r in rec.codes):
        codes.seen.update(r.code[:3] for r in rec.codes)  # for the report's list of country chunks
    if all(r.code[:3] in codes.skip for r in rec.codes):
        report.counts[f"records left out by skip ({', '.join(sorted(codes.skip))})"] += 1
        return None
    if any(r.code[:3] in codes.fictional for r in rec.codes):
        report.counts["records of a fictional country"] += 1
        return None
    decoded = [(r, codes.decode(r.code)) for r in rec.codes]
    roles = [Role(d.country, d.sector, r.start, r.end, r.code) if d else Role(None, None, r.start, r.end, r.code)
             for r, d in decoded]  # the null code --- stays: "no actor" in that period
    if not any(r.sector for r in roles):
        report.counts["records without a sector (countries, places)"] += 1
        return None
    cleaned, acronyms = [], []
    for phrase in rec.names:
        text, acr = names.clean(phrase)
        if text:
            cleaned.append(text)
            acronyms += acr
    primary = names.strip_titles(cleaned[0]) if cleaned else ""
    if not primary:
        report.counts["role descriptions (only titles and country words)"] += 1
        return None
    kind = _kind(rec, primary, roles, {d.kind for _, d in decoded if d is not None}, names)
    if kind != "person":
        cleaned = [names.clean(phrase, kind)[0] for phrase in rec.names]
        cleaned = [c for c in cleaned if c]
    variants: list[str] = []
    for text in cleaned:
        if kind == "person":
            text = names.strip_titles(text)
        if text and names.usable(text, kind):
            variants.append(text)
    if kind != "person":
        variants += acronyms
    if not variants:
        report.counts["records with no usable name"] += 1
        return None
    name = variants[0]
    if kind == "person" and len(name.split()) == 1:  # a several-word name is the better canonical one
        name = next((v for v in variants if len(v.split()) > 1), name)
    dated = [r for r in roles if r.dated]
    default = next((r for r in roles if not r.dated), None)
    if sum(not r.dated for r in roles) > 1:
        report.counts["second default roles dropped (the first record's wins)"] += 1
    return Draft(name, kind, [v for v in variants if v != name], dated, default)


def _kind(rec: Record, primary: str, roles: list[Role], kinds: set[str | None], names: Names) -> str:
    """Return person, igo or group for a record (see the module docstring)."""
    if rec.marked:
        return "person"
    # MilNonState writes individuals' names with a double underscore at the end ("ABU_AYYUB_AL_MASRI__")
    if names.looks_personal(primary) and (any(r.dated for r in roles) or rec.names[0].endswith("__")
                                          or {r.sector for r in roles} & names.personal_sectors):
        return "person"
    if "igo" in kinds and kinds <= {"igo", None}:
        return "igo"
    return "group"


def _distinct(name: str, variants: list[str]) -> list[str]:
    """Return the variants whose matching form differs from the name's and from each other's."""
    seen = {name_key(name)}
    out = []
    for v in variants:
        k = name_key(v)
        if k and k not in seen:
            seen.add(k)
            out.append(v)
    return out


def _merge_duplicates(drafts: list[Draft], report: Report) -> list[Draft]:
    """Fold an entry into another when its name is one of the other's variants and its roles are among theirs.

    The source lists some persons twice ("KOFI_ANNAN_" with the variant "KOFI_ATTA_ANNAN_", and a
    record "KOFI_ATTA_ANNAN_" of its own). Entries whose roles differ stay apart: they may be
    two people of one name, and the lookup tells them apart by date.
    """
    by_variant: dict[str, list[Draft]] = defaultdict(list)
    for d in drafts:
        for v in d.variants:
            by_variant[name_key(v)].append(d)
    gone: set[int] = set()
    changed = True
    while changed:  # folding one entry can leave another with a single host
        changed = False
        for d in drafts:
            if id(d) in gone:
                continue
            hosts = list({id(h): h for h in by_variant.get(name_key(d.name), [])
                          if h is not d and id(h) not in gone}.values())
            if len(hosts) == 1 and hosts[0].kind == d.kind and set(d.roles) <= set(hosts[0].roles) \
                    and d.default in (None, hosts[0].default):
                hosts[0].variants += [d.name, *d.variants]
                for v in d.variants:
                    by_variant[name_key(v)].append(hosts[0])
                gone.add(id(d))
                changed = True
                report.counts["entries folded into an entry that lists their name"] += 1
    return [d for d in drafts if id(d) not in gone]


def _drop_shared_single_words(drafts: list[Draft], names: Names, report: Report) -> None:
    """Drop one-word variants that two entries share, or that are country words, titles or short."""
    owners: dict[str, set[int]] = defaultdict(set)
    for i, d in enumerate(drafts):
        for v in (d.name, *d.variants):
            owners[name_key(v)].add(i)
    for d in drafts:
        keep = []
        for v in d.variants:
            k = name_key(v)
            if len(k.split()) == 1 and (len(owners[k]) > 1 or (k,) in names.country_words
                                        or (k,) in names.titles or len(k) < 3):
                report.counts["one-word variants dropped (shared, country word, title or short)"] += 1
                continue
            keep.append(v)
        d.variants = keep


def _merge_roles(roles: list[Role]) -> list[Role]:
    """Return dated roles without duplicates, same-code periods that overlap or touch joined, by start."""
    out: list[Role] = []
    for r in sorted(set(roles), key=lambda r: (r.code, r.country or "", r.start or "", r.end or "9999")):
        last = out[-1] if out else None
        if last and (last.code, last.country, last.sector) == (r.code, r.country, r.sector) \
                and _touches(last.end, r.start):
            end = None if last.end is None or r.end is None else max(last.end, r.end)
            out[-1] = Role(last.country, last.sector, last.start, end, last.code)
            continue
        out.append(r)
    return sorted(out, key=lambda r: (r.start or "", r.end or "9999", r.code))


def _touches(end: str | None, start: str | None) -> bool:
    """Return whether a period that ends on ``end`` overlaps or touches one that starts on ``start``."""
    if end is None or start is None:
        return True
    return start <= (date.fromisoformat(end) + timedelta(days=1)).isoformat()


def _drop_redundant_eli(d: Draft, report: Report) -> list[Role]:
    """Return a person's dated roles without the ELI periods the lookup gives anyway.

    CountryInfo gives most leaders an ELI period before and after office ("[AFGELI 320101-331108]"
    from a conventional first date). Where no other role overlaps it and the lookup's rule for a
    date outside every role (the default role, else the nearest role's country with sector ELI)
    gives the same country and sector, the row adds nothing but bytes.
    """
    kept = list(d.roles)
    for r in list(kept):
        if r.sector != "ELI" or r.country is None:
            continue
        others = [o for o in kept if o is not r]
        if not others or any(_overlap(o, r) for o in others):
            continue
        if d.default is not None:
            same = (d.default.country, d.default.sector) == (r.country, "ELI")
        else:
            before = [o for o in others if o.end is not None and r.start is not None and o.end < r.start]
            nearest = max(before, key=lambda o: o.end or "") if before else min(others, key=lambda o: o.start or "")
            same = nearest.country == r.country
        if same:
            kept.remove(r)
            report.counts["ELI periods the lookup's fallback reproduces, left out"] += 1
    return kept


def _overlap(a: Role, b: Role) -> bool:
    """Return whether two periods share more than a boundary day (on that day the later start wins)."""
    return (a.start or "") < (b.end or "9999") and (b.start or "") < (a.end or "9999")


def rows(drafts: list[Draft]) -> list[list[str]]:
    """Return the TSV rows: one per role, the entry's name, variants and kind on its first row."""
    out: list[list[str]] = []
    ids: set[str] = set()
    for d in drafts:
        ident = entry_id(d.name)
        if ident in ids:
            raise SystemExit(f"two entries have the id {ident!r}: merge them in build()")
        ids.add(ident)
        roles = ([d.default] if d.default else []) + d.roles
        for j, r in enumerate(roles):
            head = [d.name, ";".join(d.variants), d.kind] if j == 0 else ["", "", ""]
            out.append([*head, r.country or "", r.sector or "", r.start or "", r.end or "", r.code])
    return out


# ---------------------------------------------------------------- agents (sector nouns)


def agent_nouns(text: str) -> list[str]:
    """Return the one-word agent nouns of Phoenix.agents.txt in lower case (to tell groups from persons)."""
    out = []
    for raw in text.splitlines():
        body = raw.split("#", 1)[0].strip()
        if not body or body.startswith("!") or body.startswith("<"):
            continue
        phrase = re.split(r"[\[{]", body, maxsplit=1)[0].strip().rstrip("_")
        if phrase and "_" not in phrase and " " not in phrase and "!" not in phrase and phrase.isalpha():
            out.append(phrase.lower())
    return out


# ---------------------------------------------------------------- output


def tsv_text(table: list[list[str]], commit: str) -> str:
    header = (f"# Named political actors with dated roles, derived by tools/build_persons.py from the Phoenix\n"
              f"# actor dictionaries of PETRARCH-2 (openeventdata/petrarch2 {commit}), MIT: see persons.NOTICE.\n"
              f"# Do not edit by hand: change the converter or its rules (tools/build_persons.yaml) and rebuild.\n")
    lines = ["\t".join(COLUMNS)] + ["\t".join(r) for r in table]
    return header + "\n".join(lines) + "\n"


def notice_text(source: Path, commit: str) -> str:
    licence = (source / "LICENSE").read_text("utf-8").strip()
    return (
        "persons.tsv is derived from the Phoenix actor dictionaries of PETRARCH-2, by the\n"
        "Open Event Data Alliance: Phoenix.Countries.actors.txt, Phoenix.International.actors.txt\n"
        "and Phoenix.MilNonState.actors.txt, in petrarch2/data/dictionaries/ of the GitHub\n"
        f"repository openeventdata/petrarch2, commit {commit}.\n"
        "Phoenix.agents.txt was read only to tell organisations from persons. Much of\n"
        "Phoenix.Countries.actors.txt came from the CountryInfo file of Parus Analytics\n"
        "(Computational Event Data System Project, http://eventdata.parusanalytics.com),\n"
        "published as a free resource.\n"
        "\n"
        "communique's converter (tools/build_persons.py) took the facts - names and their variants,\n"
        "country, sector and dated roles - and rewrote them (cleaned names, ISO 3166-1 country codes,\n"
        "our sector codes, ISO dates); the CAMEO code of each role is kept as given.\n"
        "\n"
        "The licence of the source dictionaries:\n"
        "\n"
        f"{licence}\n"
    )


def source_commit(source: Path) -> str:
    text = (source / "SOURCE.txt").read_text("utf-8")
    m = re.search(r"commit ([0-9a-f]{40})", text)
    if not m:
        raise SystemExit(f"{source / 'SOURCE.txt'}: no commit id found")
    return m.group(1)


def convert(source: Path) -> tuple[str, str, Report, Codes]:
    """Return the text of persons.tsv and persons.NOTICE built from ``source``, and the report."""
    rules = yaml.safe_load(RULES.read_text("utf-8"))
    report = Report()
    table = countries()
    iso3 = {c["iso3"] for c in table}
    country_words = [w for c in table for col in ("name", "aliases", "demonyms", "capital", "cities")
                     for w in c[col].split(";") if w]
    titles = [r["title"] for r in read_tsv("communique.stages.actors", "titles.tsv", ("title",))]
    nouns = agent_nouns((source / AGENT_FILE).read_text("utf-8"))
    igos = read_tsv("communique.stages.actors", "igos.tsv", ("name", "aliases"))
    acronyms = [w for r in igos for a in (r["name"], *r["aliases"].split(";")) for w in a.split()
                if w.isupper()] + [w for w in country_words if w.isupper()]
    codes = Codes(rules, iso3)
    names = Names(rules, titles, country_words, nouns, acronyms)
    records: list[Record] = []
    for name in ACTOR_FILES:
        records += read_actor_file((source / name).read_text("utf-8"), name, rules["person_markers"], report)
    report.counts["records read"] = len(records)
    drafts = build(records, codes, names, report)
    report.counts.update(f"entries: {d.kind}" for d in drafts)
    commit = source_commit(source)
    table_rows = rows(drafts)
    report.counts["rows"] = len(table_rows)
    return tsv_text(table_rows, commit), notice_text(source, commit), report, codes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder of the Phoenix files")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write persons.tsv and persons.NOTICE")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out; write nothing")
    parser.add_argument("--report", action="store_true", help="print counts, problems and the country codes")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"no source folder {args.source}", file=sys.stderr)
        return 2
    tsv, notice, report, codes = convert(args.source)
    if args.report:
        for k, v in sorted(report.counts.items()):
            print(f"{v:8d}  {k}")
        print(f"{len(report.problems)} problems:")
        print("\n".join(f"  {p}" for p in report.problems))
        print("country chunks:")
        print("\n".join(f"  {line}" for line in codes.check()))
    targets = {args.out / "persons.tsv": tsv, args.out / "persons.NOTICE": notice}
    if args.check:
        stale = [p.name for p, text in targets.items() if not p.exists() or p.read_text("utf-8") != text]
        if stale:
            print(f"out of date: {', '.join(stale)} (run tools/build_persons.py)", file=sys.stderr)
            return 1
        return 0
    for path, text in targets.items():
        path.write_text(text, "utf-8")
        print(f"wrote {path} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
