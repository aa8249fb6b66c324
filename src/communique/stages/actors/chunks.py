"""Chunks: which units form one mention of an actor.

Consecutive actor-like units joined by light material form one mention: a determiner or a short
modifier before it ("the senior Turkish officials"), "'s" ("the Azerbaijani Foreign Ministry's
press service"), a hyphenated sponsor or leader ("Russian-backed separatists", "US-led forces"),
coordinated demonyms ("Hungarian and Romanian officials"), "of" + a country, a body or a
collective ("King Hassan of Morocco", "the ministers of the two countries"), "in" + a country
after a plural agent noun ("rebels in the Ivory Coast"), and capitalised or adjective-like words
that lead to another actor unit within three words ("Afghan rebel leaders").

Two names in a row are two people, and a collective after an actor unit starts a new mention.
"""

from __future__ import annotations

from communique.stages.actors.names import CLAUSE_MARKS, is_cap
from communique.stages.actors.records import Unit
from communique.stages.actors.words import (
    ADJECTIVE_SUFFIXES,
    DETERMINERS,
    LED,
    MODIFIERS,
    PLURAL_AGENTS,
    SPONSOR,
    SPONSOR_PREFIXES,
)

POSSESSIVE_MARKS = ("'s", "’s", "'", "’")
# Kinds an "of" phrase may name for the unit before it to take it in ("King Hassan of Morocco").
OF_KINDS = ("country", "capital", "city", "igo", "group", "collective")


def chunk_units(units: list[Unit]) -> list[list[Unit]]:
    """Group units into mentions: actor-like units joined by light material."""
    chunks: list[list[Unit]] = []
    i = 0
    while i < len(units):
        if not units[i].actorish:
            i += 1
            continue
        chunk = units[_chunk_start(units, i) : i + 1]
        j = i + 1
        while j < len(units):
            k = _extension(units, chunk, j)
            if k is None:
                break
            chunk.extend(units[j:k])
            j = k
        chunks.append(chunk)
        i = j
    return chunks


def _chunk_start(units: list[Unit], i: int) -> int:
    """Return where the mention of the actor unit at ``i`` starts: its determiners and modifiers."""
    start = i
    while start > 0 and units[start - 1].kind == "word" and (
        units[start - 1].text.lower() in DETERMINERS or units[start - 1].text.lower() in MODIFIERS
    ) and units[start - 1].text.lower() != "of":
        start -= 1
    # "pro-Iranian": sponsor prefix
    if start >= 2 and units[start - 1].text == "-" and units[start - 2].text.lower() in SPONSOR_PREFIXES:
        start -= 2
    return start


def _extension(units: list[Unit], chunk: list[Unit], j: int) -> int | None:
    """Return the index up to which the mention ``chunk`` extends from unit ``j``, or None when it ends."""
    n = len(units)
    nxt, prev = units[j], chunk[-1]
    if nxt.actorish:
        if prev.kind == "name" and nxt.kind == "name":
            return None  # two names in a row are two people
        if nxt.kind == "collective" and prev.kind != "word":
            return None
        return j + 1
    t = nxt.text.lower()
    if t in POSSESSIVE_MARKS:
        k = j + 2 if j + 1 < n and units[j + 1].text == "s" else j + 1
        return k if k < n and _continues(units, k, 3) else None
    if t == "-" and j + 1 < n and nxt.start == prev.end:
        after = units[j + 1]
        return j + 2 if after.text.lower() in SPONSOR or after.text.lower() in LED or after.actorish else None
    if t == "and" and prev.kind in ("demonym", "country") and j + 1 < n and units[j + 1].kind == "demonym":
        return j + 2
    if t == "in" and prev.kind == "sector" and j + 1 < n and not any(
            c.kind in ("country", "demonym", "capital", "city", "group", "igo") for c in chunk):
        # "Rebels in the Ivory Coast", "opposition groups in Zimbabwe": the country they are in
        k = _skip_determiners(units, j + 1)
        placed = k < n and units[k].kind in ("country", "capital", "city")
        return k + 1 if placed and prev.text.lower().split()[-1] in PLURAL_AGENTS else None
    if t == "of" and prev.kind in ("title", "sector", "name", "collective") and j + 1 < n:
        k = _skip_determiners(units, j + 1)
        return k + 1 if k < n and units[k].kind in OF_KINDS else None
    if (t in MODIFIERS or (is_cap(nxt.text) and prev.kind != "name") or _adjective_like(nxt)) \
            and _continues(units, j + 1, 3):
        k = j + 1
        while k < n and not units[k].actorish:
            k += 1
        return k + 1
    return None


def _skip_determiners(units: list[Unit], k: int) -> int:
    while k < len(units) and units[k].kind == "word" and units[k].text.lower() in DETERMINERS:
        k += 1
    return k


def _adjective_like(u: Unit) -> bool:
    """A lower-case adjective or noun modifier that may sit inside a mention ("nationalist")."""
    if u.kind != "word" or not u.text.isalpha() or not u.text.islower():
        return False
    if u.pos:
        return u.pos == "ADJ" or (u.pos == "NOUN" and u.dep in ("compound", "amod"))
    return u.text.endswith(ADJECTIVE_SUFFIXES)


def _continues(units: list[Unit], k: int, window: int = 1) -> bool:
    """True when an actor unit starts within ``window`` light words from index ``k``."""
    for d in range(window):
        if k + d >= len(units):
            return False
        u = units[k + d]
        if u.actorish:
            return True
        t = u.text.lower()
        if not (t in MODIFIERS or is_cap(u.text) or t in DETERMINERS or _adjective_like(u)):
            return False
        if t in CLAUSE_MARKS:
            return False
    return False
