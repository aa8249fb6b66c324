"""The registry's table: person facts, appended as articles are stored, never rewritten.

``core.registry.ActorRegistry`` is a pure function of its facts; the store keeps the facts
(``actor_facts``, migration 3) and rebuilds the snapshot from them when a run starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from communique.core.ids import content_hash
from communique.core.registry import ActorRegistry, PersonFact
from communique.io.store.insert import insert_rows


def fact_id(f: PersonFact) -> str:
    """Return the fact's stable id: the same fact taught again by the same article is one row."""
    return content_hash("fact", f.name, f.country or "", f.sector or "", f.role or "", f.date or "", f.article_id)


def load_registry(con: Any) -> ActorRegistry:
    """Return the registry snapshot the stored facts teach."""
    rows = con.execute(
        "SELECT name, country, sector, role, CAST(date AS VARCHAR), article_id, basis FROM actor_facts"
    ).fetchall()
    return ActorRegistry.from_facts(PersonFact(*r) for r in rows)


def append_facts(con: Any, facts: Iterable[PersonFact]) -> int:
    """Append facts not yet stored, inside the caller's transaction; return how many were new."""
    rows = {fact_id(f): f for f in facts}
    if not rows:
        return 0
    known = {r[0] for r in con.execute("SELECT fact_id FROM actor_facts WHERE list_contains(?, fact_id)",
                                       [list(rows)]).fetchall()}
    fresh = [(k, f.name, f.country, f.sector, f.role, f.date, f.article_id, f.basis)
             for k, f in rows.items() if k not in known]
    insert_rows(con, "actor_facts", fresh)
    return len(fresh)
