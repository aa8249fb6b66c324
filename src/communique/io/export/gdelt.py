"""The GDELT 2.0 export: an events file (61 columns) and a mentions file (16 columns), GDELT's layout.

``write_gdelt(events, folder)`` writes ``DIR/YYYYMMDDHHMMSS.export.CSV`` and
``DIR/YYYYMMDDHHMMSS.mentions.CSV``: tab-separated, no header, one record a line, in the column
order of the GDELT 2.0 Event codebook (``EVENT_COLUMNS``, ``MENTION_COLUMNS``). What it decides:

- ``GLOBALEVENTID``: a positive 63-bit integer from the SHA-256 of the event id, so the same
  store exports the same ids every time (a collision within one export is an error, E602);
- ``EventCode`` is the event's CAMEO code as a string with its leading zeros (``"042"``),
  ``EventBaseCode`` its first three digits, ``EventRootCode`` its first two; ``QuadClass`` comes
  from the root code as GDELT derives it, ``GoldsteinScale`` from the CAMEO scale of the code
  (``data/gdelt.yaml``, ``data/cameo_goldstein.tsv``);
- ``NumMentions``, ``NumSources``, ``NumArticles`` are the event's; ``AvgTone`` and
  ``MentionDocTone`` are 0 (communique measures no tone); ``DATEADDED`` and the mentions'
  ``EventTimeDate`` are the export's timestamp (the file name's);
- ``ActionGeo_*`` come from the event location: type 1 for a country, 3 for a place in the
  United States, 4 for a place elsewhere; country codes in FIPS 10-4 (``data/fips_countries.tsv``);
  ``ActionGeo_FeatureID`` is the GeoNames id (GDELT's own are GNS ids) or, for a country, its
  FIPS code. Actor geography is left blank (type 0): communique places events, not actors;
- Actor1 is the event's first actor, Actor2 its first recipient (for a symmetric event without
  recipients, its second actor); ``Actor*Code`` is the CAMEO-style country + sector code;
- a mention's ``MentionType`` is 1 (WEB) with its article's URL as identifier, else 2
  (CITATIONONLY) with a citation of source and article id; ``SentenceID`` counts from 1;
  ``ActionCharOffset`` is the trigger's offset in the article; actor offsets are -1 (unknown).

Both files are written to hidden temporary files and renamed into place when complete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from communique.core.errors import ExportError
from communique.core.event import Location, Participant
from communique.core.merged import MentionRef, MergedEvent
from communique.core.resources import read_tsv, read_yaml

PACKAGE = "communique.io.export"

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
]
MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
]
WEB, CITATION_ONLY = 1, 2


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, str], dict[str, float], dict[str, str]]:
    """Return (root code -> QuadClass, type -> CAMEO, CAMEO -> Goldstein, ISO3 -> FIPS)."""
    doc = read_yaml(PACKAGE, "gdelt.yaml")
    quad = {str(root): int(q) for q, roots in doc["quad_class"].items() for root in roots}
    type_cameo = {str(k): str(v) for k, v in doc["type_cameo"].items()}
    goldstein = {r["code"]: float(r["goldstein"]) for r in read_tsv(PACKAGE, "cameo_goldstein.tsv", ("code", "goldstein"))}
    fips = {r["iso3"]: r["fips"] for r in read_tsv(PACKAGE, "fips_countries.tsv", ("iso3", "fips", "name"))}
    return quad, type_cameo, goldstein, fips


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {r["iso3"]: r["name"] for r in read_tsv(PACKAGE, "fips_countries.tsv", ("iso3", "fips", "name"))}


def country_name(iso3: str) -> str:
    """Return the name of a country by its ISO3 code ("" when unknown)."""
    return _country_names().get(iso3, "")


def global_event_id(event_id: str) -> int:
    """Return the GLOBALEVENTID of an event id: a positive 63-bit integer, the same in every export."""
    n = int.from_bytes(hashlib.sha256(event_id.encode("utf-8")).digest()[:8], "big") >> 1
    return n or 1


def cameo_codes(code: str | None, type_: str) -> tuple[str, str, str]:
    """Return (EventCode, EventBaseCode, EventRootCode) as CAMEO strings with their leading zeros."""
    code = (code or _tables()[1].get(type_, "")).strip()
    return code, code[:3], code[:2]


def quad_class(root: str) -> int | None:
    """Return GDELT's QuadClass (1-4) of a CAMEO root code, or None for an unknown root."""
    return _tables()[0].get(root)


def goldstein(code: str) -> float | None:
    """Return the Goldstein scale of a CAMEO code (else of its base, else of its root code)."""
    table = _tables()[2]
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return None


def fips_of(iso3: str | None) -> str:
    """Return the FIPS 10-4 code of an ISO 3166-1 alpha-3 country code ("" when unknown)."""
    return _tables()[3].get(iso3 or "", "")


def _clean(value: Any) -> str:
    """Return a field as text: None is empty, tabs and line breaks become spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _stamp_date(date: str | None) -> str:
    return date.replace("-", "") if date else ""


def _actor(p: Participant | None) -> list[Any]:
    if p is None:
        return [""] * len(_ACTOR)
    code = (p.country or "") + (p.sector or "") if p.country else (p.id if p.kind == "igo" else (p.sector or ""))
    return [code, (p.name or p.text or "").upper(), p.country or "", p.id if p.kind == "igo" else "", "", "", "",
            p.sector or "", "", ""]


def _geo(loc: Location | None, country_names: Callable[[str], str]) -> list[Any]:
    if loc is None:
        return [0, "", "", "", "", "", "", ""]
    fips = fips_of(loc.country)
    country_name = country_names(loc.country or "")
    is_country = loc.geonameid is None or (loc.name or "").lower() == country_name.lower()
    if is_country:
        return [1, country_name or loc.name, fips, fips, "", loc.lat, loc.lon, fips]
    kind = 3 if loc.country == "USA" else 4
    full = ", ".join(x for x in (loc.name, country_name) if x)
    return [kind, full, fips, fips, "", loc.lat, loc.lon, loc.geonameid]


def _parties(e: MergedEvent) -> tuple[Participant | None, Participant | None]:
    actors, recipients = e.event.actors, e.event.recipients
    first = actors[0] if actors else None
    second = recipients[0] if recipients else (actors[1] if len(actors) > 1 else None)
    return first, second


def event_row(e: MergedEvent, added: str, country_names: Callable[[str], str]) -> list[Any]:
    """Return the 61 fields of an event's line in the export file."""
    ev = e.event
    code, base, root = cameo_codes(ev.cameo, ev.type)
    d = dt.date.fromisoformat(ev.date) if ev.date else None
    a1, a2 = _parties(e)
    first = e.mentions[0] if e.mentions else None
    url = next((m.url for m in e.mentions if m.url), None)
    return [
        global_event_id(e.event_id),
        d.strftime("%Y%m%d") if d else "", d.strftime("%Y%m") if d else "", d.year if d else "",
        f"{d.year + (d.month * 30 + d.day) / 365:.4f}" if d else "",
        *_actor(a1), *_actor(a2),
        1 if ev.sentence_index == 0 else 0, code, base, root, quad_class(root) or "", goldstein(code) if code else "",
        e.num_mentions, e.num_sources, e.num_articles, 0,
        *_geo(None, country_names), *_geo(None, country_names), *_geo(ev.location, country_names),
        added, url or (_citation(first) if first else ""),
    ]


def _citation(m: MentionRef) -> str:
    return " ".join(x for x in (m.source, f"article {m.article_id}") if x)


def mention_row(e: MergedEvent, m: MentionRef, added: str, doc_len: dict[str, int]) -> list[Any]:
    """Return the 16 fields of a mention's line in the mentions file."""
    trigger = m.evidence.trigger if m.evidence else None
    source = m.source or (urlparse(m.url).netloc if m.url else "")
    return [
        global_event_id(e.event_id), added, (_stamp_date(m.article_date) + "000000") if m.article_date else added,
        WEB if m.url else CITATION_ONLY, source, m.url or _citation(m), m.sentence_index + 1, -1, -1,
        trigger.start if trigger else -1, 1, round((m.confidence or 0.0) * 100), doc_len.get(m.article_id, ""),
        0, "", "",
    ]


def write_gdelt(events: Iterable[MergedEvent], folder: str | Path, *, now: dt.datetime | None = None,
                doc_lengths: Callable[[Sequence[str]], dict[str, int]] | None = None,
                country_names: Callable[[str], str] | None = None) -> tuple[Path, Path, int]:
    """Write the events and their mentions in GDELT 2.0 layout into ``folder``.

    Returns (events file, mentions file, events written). ``doc_lengths(article_ids)`` gives
    the articles' lengths (``MentionDocLen``; blank without it); ``country_names(iso3)`` the name
    of a country for the Geo full names. Raises ExportError E602 when the folder cannot be
    written (nothing is left behind).
    """
    folder = Path(folder)
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d%H%M%S")
    names = country_names or country_name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot write the GDELT export to '{folder}': {e.strerror or e}", code="E602") from e
    if not folder.is_dir():
        raise ExportError(f"cannot write the GDELT export to '{folder}': it is not a folder", code="E602")
    targets = (folder / f"{stamp}.export.CSV", folder / f"{stamp}.mentions.CSV")
    temps: list[str] = []
    try:
        for target in targets:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
            os.close(fd)
            temps.append(tmp)
        n = 0
        seen: dict[int, str] = {}
        with open(temps[0], "w", encoding="utf-8", newline="") as ef, \
                open(temps[1], "w", encoding="utf-8", newline="") as mf:
            for e in events:
                gid = global_event_id(e.event_id)
                if seen.setdefault(gid, e.event_id) != e.event_id:
                    raise ExportError(f"events '{seen[gid]}' and '{e.event_id}' get the same GLOBALEVENTID {gid}",
                                      code="E602")
                ef.write("\t".join(_clean(v) for v in event_row(e, stamp, names)) + "\n")
                lengths = doc_lengths([m.article_id for m in e.mentions]) if doc_lengths else {}
                for m in e.mentions:
                    mf.write("\t".join(_clean(v) for v in mention_row(e, m, stamp, lengths)) + "\n")
                n += 1
        for tmp, target in zip(temps, targets, strict=True):
            os.replace(tmp, target)
    except OSError as e:
        raise ExportError(f"cannot write the GDELT export to '{folder}': {e.strerror or e}", code="E602") from e
    finally:
        for tmp in temps:
            Path(tmp).unlink(missing_ok=True)
    return targets[0], targets[1], n
