"""Readings: what one mention (a chunk of units) says about its actor, before in-document linking.

- Country: from the country-like units (a country, demonym, capital or city, a named group's
  country) and from an "of"/"in" phrase ("King Hassan of Morocco", "rebels in the Ivory Coast").
  Coordinated modifiers ("Hungarian and Romanian officials") give several countries, in order.
- Sponsors: "X-backed", "X-supported", "pro-X" name a sponsor, not the actor's nationality: X goes
  to ``sponsors``, not ``countries`` ("X-led" keeps X, as CAMEO codes "US-led coalition" USA).
- Sector: from the head noun (a sector term or title); an office title after "former"/"ex" is
  a former official, ELI ("former President X": PLOVER's former officials, as the dictionary of
  political actors codes a person out of office). A generic head ("leaders", "officers")
  takes a more specific modifier's sector ("rebel leaders" -> REB, "army officers" -> MIL), or a
  named group's. With no sector noun, a country, capital or city alone is the state acting (GOV:
  basis "country" or "metonym"), a capital or city after a locative preposition is a place (no
  sector), and a named group or an IGO gives its own sector.
- Person: the last name unit; the last title unit gives the title. "the Foreign Ministers of the
  two countries" is a plural title whose countries are the pair in focus.
- Demonyms: a demonym used as a plural noun ("the Palestinians") is plural; "ethnic Albanians"
  is an ethnic group (CVL), not nationals; a bare demonym modifying a non-actor noun ("Israeli air
  raids") is only its country (``modifier_only``).

A sector noun after a possessive pronoun with nothing else to place it ("its family") is no actor.
"""

from __future__ import annotations

from communique.stages.actors.dictionary import FORMER
from communique.stages.actors.gazetteer import Entry
from communique.stages.actors.records import Reading, Unit
from communique.stages.actors.words import (
    COLLECTIVE_TITLE_PREFIXES,
    DETERMINERS,
    ETHNIC_MARKERS,
    FORMER_MARKERS,
    GENERIC_HEADS,
    OFFICE_SECTORS,
    PLURAL_HEADS,
    POSSESSIVE_PRONOUNS,
    SPONSOR,
    SPONSOR_PREFIXES,
)

COUNTRY_KINDS = ("country", "demonym", "capital", "city")


def read_chunk(chunk: list[Unit]) -> Reading | None:
    """Return what the chunk says about its actor, or None when it names no actor."""
    main, tail, of_at = _split_of(chunk)
    actor_units = [u for u in main if u.actorish]
    if not actor_units and not tail:
        return None
    r = Reading(start=chunk[0].start, end=chunk[-1].end, text="", units=chunk)
    _read_main(r, main)
    _read_tail(r, tail)
    _read_person(r, main)
    head = actor_units[-1] if actor_units else (tail[-1] if tail else None)
    r.head_kind = head.kind if head else ""
    r.org_name = head.org_name if head else ""
    if r.collective is not None and (r.of_collective is not None or r.countries) and of_at is not None:
        _read_collective_title(r, r.collective)
    else:
        _read_sector(r, main, head)
    if head is not None and head.kind == "demonym" and not r.name:
        if head.entry is not None and head.entry.plural:
            r.plural = True
        elif len([u for u in main if u.actorish]) == len(r.coordinated) and r.sector is None:
            # "Israeli air raids", "Azerbaijani-Turkish relations": the country, sector unknown
            r.modifier_only = True
    if r.sector is not None and not r.countries and not r.name and r.igo is None and r.group is None \
            and r.collective is None and chunk[0].text.lower() in POSSESSIVE_PRONOUNS:
        return None  # "its family", "their people": not an actor we can place
    return r


def _split_of(chunk: list[Unit]) -> tuple[list[Unit], list[Unit], int | None]:
    """Return (main units, "of"/"in" phrase units, index of "of"/"in" in the body), determiners dropped."""
    lead = 0
    while lead < len(chunk) - 1 and chunk[lead].kind == "word" and chunk[lead].text.lower() in DETERMINERS:
        lead += 1
    body = chunk[lead:]
    of_at = next((k for k, u in enumerate(body) if u.kind == "word" and u.text.lower() in ("of", "in") and k > 0),
                 None)
    if of_at is None:
        return body, [], None
    return body[:of_at], body[of_at + 1 :], of_at


def _sponsor_units(main: list[Unit]) -> set[int]:
    """Return the ids of the country units that name a sponsor: "X-backed", "pro-X"."""
    out: set[int] = set()
    for k, u in enumerate(main):
        if u.kind in COUNTRY_KINDS and k + 2 < len(main) and main[k + 1].text == "-" \
                and main[k + 2].text.lower() in SPONSOR:
            out.add(id(u))
        if u.kind in ("country", "demonym") and k >= 2 and main[k - 1].text == "-" and \
                main[k - 2].text.lower() in SPONSOR_PREFIXES:
            out.add(id(u))
    return out


def _read_main(r: Reading, main: list[Unit]) -> None:
    """Read the countries, sponsors, IGO, group and collective of the main part of a chunk."""
    sponsors = _sponsor_units(main)
    ethnic = any(u.kind == "word" and u.text.lower() in ETHNIC_MARKERS for u in main)
    for u in main:
        if u.entry is None:
            continue
        if ethnic and u.kind == "demonym":
            # "ethnic Albanians in Serbia" are an ethnic group, not nationals of Albania
            r.sector, r.sector_basis = r.sector or "CVL", "ethnic"
            r.plural = True
            continue
        if id(u) in sponsors:
            r.sponsors.append(u.entry.country or "")
        elif u.kind in COUNTRY_KINDS:
            if u.entry.country not in r.countries:
                r.countries.append(u.entry.country or "")
                r.coordinated.append(u)
        elif u.kind == "igo":
            r.igo = r.igo or u.entry
        elif u.kind == "group":
            r.group = r.group or u.entry
            if u.entry.country and u.entry.country not in r.countries:
                r.countries.append(u.entry.country)
        elif u.kind == "collective":
            r.collective = u.entry


def _read_tail(r: Reading, tail: list[Unit]) -> None:
    """Read the "of"/"in" phrase: its country, collective, IGO or group."""
    for u in tail:
        if u.entry is None:
            continue
        if u.kind in ("country", "capital", "city") and u.entry.country not in r.countries:
            r.countries.append(u.entry.country or "")
            r.coordinated.append(u)
        elif u.kind == "collective":
            r.of_collective = u.entry
        elif u.kind == "igo" and r.igo is None:
            r.igo = u.entry
        elif u.kind == "group" and r.group is None:
            r.group = u.entry
            if u.entry.country and u.entry.country not in r.countries:
                r.countries.append(u.entry.country)


def _read_person(r: Reading, main: list[Unit]) -> None:
    """Read the last name and the last title of the main part."""
    names = [u for u in main if u.kind == "name"]
    if names:
        r.name = " ".join(names[-1].text.split())
        r.name_span = (names[-1].start, names[-1].end)
    titles = [u for u in main if u.kind == "title"]
    if titles:
        r.title = " ".join(titles[-1].text.lower().split())


def _read_collective_title(r: Reading, collective: Entry) -> None:
    """A person-level collective with an "of" phrase is a title ("the Foreign Ministers of ...")."""
    title = collective.name
    for prefix in COLLECTIVE_TITLE_PREFIXES:
        title = title.removeprefix(prefix + " ")
    r.title = title
    r.collective = None
    r.plural = True
    r.sector, r.sector_basis = "GOV", "title"


def _read_sector(r: Reading, main: list[Unit], head: Unit | None) -> None:
    """Set the reading's sector (and what decided it) from its sector units, else from its head."""
    sector_units = [u for u in main if u.kind in ("sector", "title") and u.entry is not None]
    if not sector_units:
        _read_headless_sector(r, head)
        return
    last = sector_units[-1]
    sector = last.entry.sector
    basis = last.kind
    if last.text.lower() in GENERIC_HEADS or (last.entry.sector == "GOV" and last.kind == "sector"):
        for u in reversed(sector_units[:-1]):
            if u.entry.sector and u.entry.sector != sector:
                sector, basis = u.entry.sector, "modifier"
                break
        else:
            if r.group is not None and r.group.sector and last.text.lower() in GENERIC_HEADS:
                sector, basis = r.group.sector, "group"
    if last.kind == "title" and sector in OFFICE_SECTORS and any(
            u.text.lower() in FORMER_MARKERS for u in main[: main.index(last)]):
        sector = FORMER
    r.sector, r.sector_basis = sector, basis
    low = last.text.lower()
    r.plural = (low.endswith("s") and not low.endswith("ss")) or low in PLURAL_HEADS


def _read_headless_sector(r: Reading, head: Unit | None) -> None:
    """With no sector noun: a country or city is the state, a located city a place, else the group's or IGO's."""
    if r.name is None and head is not None and head.kind in ("capital", "city") and head.located:
        r.sector, r.sector_basis = None, "place"
    elif r.name is None and head is not None and head.kind in ("country", "capital", "city"):
        r.sector, r.sector_basis = "GOV", ("metonym" if head.kind in ("capital", "city") else "country")
    elif r.group is not None:
        r.sector, r.sector_basis = r.group.sector, "group"
    elif r.igo is not None:
        r.sector, r.sector_basis = r.igo.sector, "igo"
