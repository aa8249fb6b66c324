"""A registry of persons learned from titles and appositions, with time bounds and evidence.

"Azerbaijani Foreign Minister Jeyhun Bayramov" in one article teaches that Bayramov is AZE/GOV;
a later article that only says "Bayramov said" can use it. Each entry keeps the role, the first
and last date it was seen and the article that taught it. When a person is seen with a different
country, sector or role, a new entry starts: entries are never overwritten, and a lookup by name
and date picks the entry in force then (the latest one that started on or before that date).

The registry lives in memory; ``ensure_schema`` / ``load`` / ``save`` persist it in a DuckDB
table ``actor_registry``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from communique.core.article import Actor, Article

# Resolutions that are evidence about a person (not guesses from context).
TEACHING = ("title", "apposition", "enumeration")

SCHEMA = """
CREATE TABLE IF NOT EXISTS actor_registry (
    name        VARCHAR NOT NULL,
    country     VARCHAR,
    sector      VARCHAR,
    role        VARCHAR,
    first_seen  DATE,
    last_seen   DATE,
    article_id  VARCHAR,
    how         VARCHAR
)
"""


@dataclass
class RegistryEntry:
    """One period in which a person held a role for a country and sector."""

    name: str
    country: str | None
    sector: str | None
    role: str | None
    first_seen: str | None  # YYYY-MM-DD
    last_seen: str | None
    article_id: str
    how: str = ""

    def same_role(self, country: str | None, sector: str | None, role: str | None) -> bool:
        return (self.country, self.sector, _norm_role(self.role)) == (country, sector, _norm_role(role))


def _norm_role(role: str | None) -> str | None:
    if not role:
        return None
    r = role.lower().strip()
    return r[:-1] if r.endswith("s") and not r.endswith("ss") else r


class ActorRegistry:
    """Persons by name, each with a list of time-bounded entries (oldest first)."""

    def __init__(self, entries: Iterable[RegistryEntry] = ()):
        self.entries: dict[str, list[RegistryEntry]] = {}
        self._tokens: set[str] | None = None
        for e in entries:
            self.entries.setdefault(e.name, []).append(e)
        for lst in self.entries.values():
            lst.sort(key=lambda e: e.first_seen or "")

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    def learn(self, name: str, country: str | None, sector: str | None, role: str | None,
              date: str | None, article_id: str, how: str = "") -> RegistryEntry:
        """Record that ``name`` held ``role`` for ``country``/``sector`` on ``date``; return the entry."""
        lst = self.entries.setdefault(name, [])
        current = self._entry_at(lst, date)
        if current is not None and current.same_role(country, sector, role):
            if date and (current.last_seen is None or date > current.last_seen):
                current.last_seen = date
            if date and (current.first_seen is None or date < current.first_seen):
                current.first_seen = date
            return current
        entry = RegistryEntry(name, country, sector, _norm_role(role), date, date, article_id, how)
        lst.append(entry)
        self._tokens = None
        lst.sort(key=lambda e: e.first_seen or "")
        return entry

    def learn_from(self, article: Article) -> int:
        """Store every person the article taught through a title, apposition or enumeration."""
        n = 0
        for a in _persons(article.actors):
            kind = a.how.split(":", 1)[0]
            # a country guessed from context is not evidence about the person
            if kind in TEACHING and a.country and "context-country" not in a.how:
                role = a.how.split(":", 1)[1].split(";")[0] if ":" in a.how else None
                if role in ("counterpart", "interlocutor"):
                    role = None  # a relation, not an office
                self.learn(a.name, a.country, a.sector, role, article.date, article.id, kind)
                n += 1
        return n

    def lookup(self, name: str, date: str | None = None) -> RegistryEntry | None:
        """Return the entry for ``name`` (full name, or a unique surname) in force on ``date``."""
        lst = self.entries.get(name)
        if lst is None:
            fulls = [full for full in self.entries if full.split()[-1] == name or name in full.split()]
            if len(fulls) != 1:
                return None
            lst = self.entries[fulls[0]]
        return self._entry_at(lst, date) or (lst[0] if lst else None)

    @staticmethod
    def _entry_at(lst: list[RegistryEntry], date: str | None) -> RegistryEntry | None:
        if not lst:
            return None
        if date is None:
            return lst[-1]
        started = [e for e in lst if (e.first_seen or "") <= date]
        return started[-1] if started else None

    def name_tokens(self) -> set[str]:
        """Every word of every registered name (used to spot names in unparsed sentences)."""
        if self._tokens is None:
            self._tokens = {w for name in self.entries for w in name.split()}
        return self._tokens

    def all(self) -> list[RegistryEntry]:
        return [e for lst in self.entries.values() for e in lst]

    # -- DuckDB ---------------------------------------------------------------------------
    @staticmethod
    def ensure_schema(con: Any) -> None:
        """Create the ``actor_registry`` table when it does not exist."""
        con.execute(SCHEMA)

    @classmethod
    def load(cls, con: Any) -> ActorRegistry:
        """Return the registry stored in the connection's ``actor_registry`` table."""
        cls.ensure_schema(con)
        rows = con.execute(
            "SELECT name, country, sector, role, CAST(first_seen AS VARCHAR), CAST(last_seen AS VARCHAR), "
            "article_id, how FROM actor_registry ORDER BY name, first_seen"
        ).fetchall()
        return cls(RegistryEntry(*r) for r in rows)

    def save(self, con: Any) -> None:
        """Replace the table's content with this registry, in one transaction."""
        self.ensure_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            self.write(con)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def write(self, con: Any) -> None:
        """Replace the table's content inside the caller's open transaction (the store's batch)."""
        con.execute("DELETE FROM actor_registry")
        rows = [(e.name, e.country, e.sector, e.role, e.first_seen, e.last_seen, e.article_id, e.how)
                for e in self.all()]
        if rows:
            con.executemany("INSERT INTO actor_registry VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _persons(actors: list[Actor]) -> Iterable[Actor]:
    for a in actors:
        if a.kind == "person":
            yield a
        yield from _persons(a.members)
