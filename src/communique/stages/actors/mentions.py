"""Mentions: the Actors one reading stands for, without document context (persons may lack a country).

Conventions, chosen so that the output is predictable:

- a person name makes a person (basis "title" when a title names them, else "name");
- a collective reference ("the two countries") is a placeholder group that ``linking`` fills
  with the pair in focus, or drops;
- an IGO or a named group alone is itself (an IGO narrowed by a sector noun: "NATO troops");
- a country, capital or major city alone is the state acting: kind "country", sector GOV
  ("Ankara said" -> TUR/GOV, basis "metonym"); after a locative preposition it is a place
  ("met in Ankara": its country, no sector, basis "place");
- coordinated modifiers with one head ("Hungarian and Romanian officials") give one actor per
  country, the first spanning the whole mention;
- a bare demonym modifying a non-actor noun ("Israeli air raids") is its country with no sector
  (basis "demonym-modifier"); a demonym as a plural noun ("the Palestinians") is the people of the
  country: kind "group", sector CVL (basis "demonym-plural");
- a title with no name ("the Azerbaijani Foreign Minister", "the prime minister") is an unnamed
  person (basis "title-only", ``role`` the title);
- capitalised words before a sector noun name a body ("Gotthard Bank": kind organisation,
  basis "named");
- any other sector noun is a country's sector actor ("Turkish police" -> TUR/POL): a group when
  plural, else an organisation; "X-backed" sponsors are kept in ``sponsors``.
"""

from __future__ import annotations

from communique.core.article import Actor
from communique.stages.actors.gazetteer import Gazetteer
from communique.stages.actors.ids import organisation_id, person_id, sector_actor_id, title_slug
from communique.stages.actors.records import Reading
from communique.stages.actors.words import SECTOR_LABELS


def country_actor(gaz: Gazetteer, iso3: str, text: str = "", start: int = -1, end: int = -1,
                  sentence_index: int = -1, basis: str = "country", sponsors: list[str] | None = None) -> Actor:
    """Return the Actor for a country acting as a state (sector GOV by convention)."""
    name = gaz.country_name(iso3) or iso3
    return Actor(text=text or name, name=name, country=iso3, sector="GOV", kind="country", id=iso3,
                 start=start, end=end, sentence_index=sentence_index, basis=basis, sponsors=list(sponsors or []))


def reading_actors(r: Reading, gaz: Gazetteer, text: str, sentence_index: int) -> list[Actor]:
    """Return the actors of one reading, without document context (persons may lack a country)."""
    r.text = text[r.start : r.end]
    if r.name:
        return [Actor(text=r.text, name=r.name, country=r.countries[0] if r.countries else None, sector=r.sector,
                      kind="person", id=person_id(r.name), start=r.start, end=r.end, sentence_index=sentence_index,
                      basis="title" if r.title else "name", role=r.title)]
    if r.collective is not None or r.of_collective is not None:
        # resolved by the linker (members); placeholder group
        return [Actor(text=r.text, name=r.text, country=None, sector=r.sector, kind="group", id="",
                      start=r.start, end=r.end, sentence_index=sentence_index, basis="collective")]
    if r.igo is not None and not r.countries:
        sector = r.sector if r.sector_basis in ("sector", "title", "modifier") and r.sector != "GOV" else r.igo.sector
        aid = r.igo.key if sector == r.igo.sector else f"{r.igo.key}-{sector}"
        return [Actor(text=r.text, name=r.igo.name, country=None, sector=sector, kind="igo", id=aid,
                      start=r.start, end=r.end, sentence_index=sentence_index, basis="igo")]
    if r.group is not None and r.head_kind == "group":
        g = r.group
        return [Actor(text=r.text, name=g.name, country=g.country, sector=g.sector, kind=g.actor_kind,
                      id=g.key, start=r.start, end=r.end, sentence_index=sentence_index, basis="group")]
    if not r.countries:
        return _stateless_actors(r, gaz, sentence_index)
    return [_country_reading_actor(r, k, iso3, gaz, text, sentence_index) for k, iso3 in enumerate(r.countries)]


def _stateless_actors(r: Reading, gaz: Gazetteer, sentence_index: int) -> list[Actor]:
    """The actor of a reading with a sector but no country: an office holder, a named body, a sector actor."""
    if r.sector is None:
        return []
    if _bare_title(r):
        return [_title_person(r, None, gaz, r.text, r.start, r.end, sentence_index)]
    if r.org_name:
        return [Actor(text=r.text, name=r.org_name, country=None, sector=r.sector, kind="organisation",
                      id=organisation_id(r.org_name), start=r.start, end=r.end, sentence_index=sentence_index,
                      basis="named", sponsors=list(r.sponsors))]
    kind = "group" if r.plural else "organisation"
    return [Actor(text=r.text, name=r.text, country=None, sector=r.sector, kind=kind, id=sector_actor_id(None, r.sector),
                  start=r.start, end=r.end, sentence_index=sentence_index, basis=r.sector_basis,
                  sponsors=list(r.sponsors))]


def _country_reading_actor(r: Reading, k: int, iso3: str, gaz: Gazetteer, text: str, sentence_index: int) -> Actor:
    """The actor of the ``k``-th country of a reading; the first spans the whole chunk."""
    start = r.start if k == 0 else (r.coordinated[k].start if k < len(r.coordinated) else r.start)
    t = text[start : r.end]
    if r.head_kind in ("country", "capital", "city") and r.sector_basis in ("country", "metonym"):
        return country_actor(gaz, iso3, t, start, r.end, sentence_index, r.sector_basis, r.sponsors)
    if r.sector_basis == "place":
        a = country_actor(gaz, iso3, t, start, r.end, sentence_index, "place")
        a.sector = None
        return a
    if r.modifier_only:
        u = r.coordinated[k]
        return Actor(text=u.text, name=gaz.country_name(iso3) or iso3, country=iso3, sector=None, kind="country",
                     id=iso3, start=u.start, end=u.end, sentence_index=sentence_index, basis="demonym-modifier")
    if r.head_kind == "demonym" and r.sector is None:
        return Actor(text=t, name=f"{gaz.country_name(iso3) or iso3} people", country=iso3, sector="CVL",
                     kind="group", id=sector_actor_id(iso3, "CVL"), start=start, end=r.end,
                     sentence_index=sentence_index, basis="demonym-plural")
    if _bare_title(r):
        return _title_person(r, iso3, gaz, t, start, r.end, sentence_index)
    return Actor(text=t, name=_sector_name(gaz, iso3, r), country=iso3, sector=r.sector,
                 kind="group" if r.plural else "organisation", id=sector_actor_id(iso3, r.sector), start=start,
                 end=r.end, sentence_index=sentence_index, basis=r.sector_basis, sponsors=list(r.sponsors))


def _bare_title(r: Reading) -> bool:
    return r.head_kind == "title" and not r.plural and not r.name and r.title is not None


def _title_person(r: Reading, iso3: str | None, gaz: Gazetteer, text: str, start: int, end: int,
                  sentence_index: int) -> Actor:
    """An unnamed office holder ("the Azerbaijani Foreign Minister"): a person known by the title."""
    title = r.title or ""
    country = gaz.country_name(iso3) if iso3 else None
    name = f"{country} {title}" if country else title
    return Actor(text=text, name=name, country=iso3, sector=r.sector, kind="person",
                 id=sector_actor_id(iso3, r.sector, title_slug(title)), start=start, end=end,
                 sentence_index=sentence_index, basis="title-only", role=title)


def _sector_name(gaz: Gazetteer, iso3: str, r: Reading) -> str:
    """Return the name of a country's sector actor: "Turkey police", "Sudan rebels"."""
    c = gaz.countries.get(iso3)
    label = SECTOR_LABELS.get(r.sector or "", r.sector or "")
    return f"{c.name if c else iso3} {label}".strip()
