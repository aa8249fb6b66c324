"""Actor ids: derived from what the actor is, so the same actor gets the same id in every article.

- a country: its ISO3 code ("TUR"); an IGO or a named group: its gazetteer id ("UN", "KREMLIN"),
  with the sector when a sector noun narrows it ("NATO-MIL");
- a person: "P" + a hash of the normalised full name;
- a sector actor of a country: "TUR-POL" ("XXX-REB" without a country), an unnamed office holder
  with the title's slug ("AZE-GOV-foreign-minister");
- a named body: "O" + a hash of its name; a collective: "G" + a hash of its members' ids;
- a group or IGO known only from the dictionary of political actors: "D-" + its entry id.
"""

from __future__ import annotations

import re

from communique.core.article import Actor, content_hash


def person_id(name: str) -> str:
    """Return the stable id of a person: a hash of the normalised full name."""
    return "P" + content_hash("person", " ".join(name.lower().split()), length=11)


def dictionary_id(entry_id: str) -> str:
    """Return the id of a group or IGO known from the dictionary of political actors: "D-" + its entry id."""
    return f"D-{entry_id}"


def group_id(members: list[Actor]) -> str:
    """Return the id of a collective: a hash of its members' ids, in any order."""
    return "G" + content_hash("group", *sorted(m.id for m in members), length=11)


def organisation_id(name: str) -> str:
    """Return the id of a named body ("Gotthard Bank"): a hash of its lower-cased name."""
    return "O" + content_hash("org", name.lower(), length=11)


def sector_actor_id(country: str | None, sector: str | None, extra: str = "") -> str:
    """Return the id of a country's sector actor ("TUR-POL"), ``extra`` appended ("...-foreign-minister")."""
    return "-".join(p for p in (country or "XXX", sector or "UNK") if p) + (f"-{extra}" if extra else "")


def title_slug(title: str) -> str:
    """Return a title as an id part: "foreign minister" -> "foreign-minister"."""
    return re.sub(r"\W+", "-", title).strip("-")
