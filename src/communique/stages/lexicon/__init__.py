"""The shared lexicon: word lists and the country table that several stages use.

A list used by one stage lives in that stage's own ``data/``; a list two or more stages use lives
here, once, so that "in Ankara" is a locative phrase for the actors, places and locations stages
alike. Stages read it through:

- ``words(name)`` -> the frozenset of lower-case words of a list in ``data/words.yaml``;
- ``countries()`` -> the rows of ``data/countries.tsv`` (iso3, iso2, name, aliases, demonyms,
  capital, cities; lists are ``;``-separated), the facts about countries that the actors
  gazetteer and the place gazetteer both build on.
"""

from __future__ import annotations

from functools import lru_cache

from communique.core.resources import Row, read_tsv, read_yaml, word_set

PACKAGE = "communique.stages.lexicon"
COUNTRY_COLUMNS = ("iso3", "iso2", "name", "aliases", "demonyms", "capital", "cities")


@lru_cache(maxsize=64)
def words(name: str) -> frozenset[str]:
    """Return the shared word list ``name`` (E302 naming words.yaml when there is none)."""
    return word_set(read_yaml(PACKAGE, "words.yaml"), name)


@lru_cache(maxsize=1)
def countries() -> tuple[Row, ...]:
    """Return the rows of the shared country table."""
    return tuple(read_tsv(PACKAGE, "countries.tsv", COUNTRY_COLUMNS))
