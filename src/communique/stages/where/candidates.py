"""The candidates of a place mention: the gazetteer entries it may name (step 3 of ``where.resolve``).

Decided here: a demonym's or an organisation's short name's places are fixed; otherwise every
entry with that name or alternate name, looked up again without a suffix such as "region" when
there is none ("Donetsk region"), or without a word of direction ("Northeast Nebraska"); with a qualifier ("Paris, Texas"), the entries inside the
qualifier when there are any; a short name in capitals ("BOV") names a town only when the town
is spelled so or has ``ACRONYM_TOWN_POPULATION`` people.
"""

from __future__ import annotations

import re

from communique.stages.where import rules
from communique.stages.where.gazetteer import Gazetteer, NameHit
from communique.stages.where.mention import Mention, acronym, is_strong

_SUFFIXES = "|".join(re.escape(w) for w in rules.ordered_words("candidates.yaml", "name_suffixes"))
_SUFFIX = re.compile(rf"\s+(?:{_SUFFIXES})$", re.IGNORECASE)
ACRONYM_TOWN_POPULATION = 100_000
_DIRECTIONS = "|".join(re.escape(w) for w in rules.ordered_words("candidates.yaml", "direction_prefixes"))
_DIRECTION = re.compile(rf"^(?:{_DIRECTIONS})\s+(?=\S)", re.IGNORECASE)


def candidates(m: Mention, gaz: Gazetteer) -> list[NameHit]:
    """Return the gazetteer entries the mention may name."""
    if m.fixed:
        return [NameHit(e, True) for e in m.fixed]
    hits = gaz.lookup(m.key)
    if not hits:
        stripped = _SUFFIX.sub("", m.key)
        if stripped != m.key:
            hits = gaz.lookup(stripped)
    if not hits and m.key[:1].isupper():
        stripped = _DIRECTION.sub("", m.key)
        if stripped != m.key and stripped[:1].isupper():
            hits = gaz.lookup(stripped)
    if acronym(m.text):
        # "BOV", "MOCA": an acronym names a town only when the town is spelled so or is large.
        hits = [h for h in hits if is_strong(h.entry) or h.entry.population >= ACRONYM_TOWN_POPULATION
                or h.entry.name.replace(".", "").isupper()]
    if m.qualifier and hits:
        keys = {(q.country, q.admin1) for q in m.qualifier}
        countries = {q.country for q in m.qualifier if q.feature == "PCLI"}
        inside = [
            h for h in hits if (h.entry.country, h.entry.admin1) in keys or h.entry.country in countries
        ]
        hits = inside or hits
    return hits
