"""The registry of persons: what earlier reports taught about who holds which office, and when.

"Azerbaijani Foreign Minister Jeyhun Bayramov" in one article teaches that Bayramov is AZE/GOV;
a later article that only says "Bayramov said" can use it. The actors stage never changes a
registry: it reads a frozen snapshot and records what an article teaches as ``PersonFact``
objects on ``article.learned``. Whoever runs the pipeline (``runtime.runner``, later the engines)
folds those facts into the next snapshot with ``merged``, and the store appends them to its
``actor_facts`` table.

The registry is a pure function of its facts: ``ActorRegistry.from_facts`` folds them in a fixed
order (date, article id, name), so the same facts give the same registry however they were
batched. Folding: per name, the entry in force on a fact's date (the latest one started on or
before it) grows to cover the date when the fact has the same country, sector and role;
otherwise a new entry starts. Entries are never overwritten, and a lookup by name and date picks
the entry in force then (the earliest entry for a date before all of them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

# How an article can teach a person's office: evidence, not a guess from context.
TEACHING = ("title", "apposition", "enumeration")


@dataclass(frozen=True)
class PersonFact:
    """One thing an article taught about a person: office (country, sector, role) on its date."""

    name: str
    country: str | None
    sector: str | None
    role: str | None
    date: str | None  # YYYY-MM-DD, the article's date
    article_id: str
    basis: str = ""  # title, apposition or enumeration

    def sort_key(self) -> tuple[str, str, str]:
        return (self.date or "", self.article_id, self.name)


@dataclass(frozen=True)
class RegistryEntry:
    """One period in which a person held a role for a country and sector."""

    name: str
    country: str | None
    sector: str | None
    role: str | None
    first_seen: str | None  # YYYY-MM-DD
    last_seen: str | None
    article_id: str  # the article that taught it first
    how: str = ""  # the teaching basis of that article

    def same_role(self, country: str | None, sector: str | None, role: str | None) -> bool:
        return (self.country, self.sector, norm_role(self.role)) == (country, sector, norm_role(role))


def norm_role(role: str | None) -> str | None:
    """Return a role in the registry's form: lower case, singular ("ministers" -> "minister")."""
    if not role:
        return None
    r = role.lower().strip()
    return r[:-1] if r.endswith("s") and not r.endswith("ss") else r


@dataclass(frozen=True, eq=False)
class ActorRegistry:
    """An immutable snapshot: persons by name, each with time-bounded entries (oldest first)."""

    facts: tuple[PersonFact, ...] = ()
    entries: dict[str, tuple[RegistryEntry, ...]] = field(default_factory=dict)

    @classmethod
    def from_facts(cls, facts: Iterable[PersonFact]) -> ActorRegistry:
        """Return the registry the facts teach, folded in (date, article id, name) order."""
        ordered = tuple(sorted(set(facts), key=PersonFact.sort_key))
        entries: dict[str, list[RegistryEntry]] = {}
        for f in ordered:
            _fold(entries, f)
        return cls(ordered, {k: tuple(v) for k, v in entries.items()})

    def merged(self, facts: Iterable[PersonFact]) -> ActorRegistry:
        """Return a new registry with ``facts`` added (this one is unchanged)."""
        new = [f for f in set(facts) if f not in set(self.facts)]
        if not new:
            return self
        if self.facts and min(f.sort_key() for f in new) < self.facts[-1].sort_key():
            return ActorRegistry.from_facts((*self.facts, *new))  # out of order: fold all again
        entries = {k: list(v) for k, v in self.entries.items()}
        new.sort(key=PersonFact.sort_key)
        for f in new:
            _fold(entries, f)
        return ActorRegistry((*self.facts, *new), {k: tuple(v) for k, v in entries.items()})

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    def lookup(self, name: str, date: str | None = None) -> RegistryEntry | None:
        """Return the entry for ``name`` (full name, or a unique surname or name part) in force on ``date``."""
        lst = self.entries.get(name)
        if lst is None:
            fulls = [full for full in self.entries if full.split()[-1] == name or name in full.split()]
            if len(fulls) != 1:
                return None
            lst = self.entries[fulls[0]]
        return _entry_at(lst, date) or (lst[0] if lst else None)

    @cached_property
    def name_tokens(self) -> frozenset[str]:
        """Every word of every registered name (used to spot names in unparsed sentences)."""
        return frozenset(w for name in self.entries for w in name.split())

    def all(self) -> list[RegistryEntry]:
        return [e for lst in self.entries.values() for e in lst]


def _entry_at(lst: tuple[RegistryEntry, ...] | list[RegistryEntry], date: str | None) -> RegistryEntry | None:
    if not lst:
        return None
    if date is None:
        return lst[-1]
    started = [e for e in lst if (e.first_seen or "") <= date]
    return started[-1] if started else None


def _fold(entries: dict[str, list[RegistryEntry]], f: PersonFact) -> None:
    lst = entries.setdefault(f.name, [])
    current = _entry_at(lst, f.date)
    if current is not None and current.same_role(f.country, f.sector, f.role):
        first, last = current.first_seen, current.last_seen
        if f.date and (last is None or f.date > last):
            last = f.date
        if f.date and (first is None or f.date < first):
            first = f.date
        lst[lst.index(current)] = replace(current, first_seen=first, last_seen=last)
        return
    lst.append(RegistryEntry(f.name, f.country, f.sector, norm_role(f.role), f.date, f.date, f.article_id,
                             f.basis))
    lst.sort(key=lambda e: e.first_seen or "")
