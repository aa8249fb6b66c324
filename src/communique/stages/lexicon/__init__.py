"""The shared lexicon: word lists and the country table that several stages use.

A list used by one stage lives in that stage's own ``data/``; a list two or more stages use lives
here, once, so that "in Ankara" is a locative phrase for the actors, places and locations stages
alike. Stages read it through:

- ``words(name)`` -> the frozenset of lower-case words of a list in ``data/words.yaml``;
- ``word_list(doc, *keys)`` -> a stage's own list, which may be built on a shared one (``shared``,
  then ``only`` or ``minus``, and ``plus``), so that a stage's variant says how it differs;
- ``countries()`` -> the rows of ``data/countries.tsv`` (iso3, iso2, name, aliases, demonyms,
  capital, cities; lists are ``;``-separated), the facts about countries that the actors
  gazetteer and the place gazetteer both build on; ``listed(value)`` -> the values of one of its
  list columns;
- ``is_lowercased(text)``: whether a text is written without capitals (a lower-cased corpus), which
  decides for the actors and places stages alike how names are matched.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from communique.core.resources import Row, YamlDoc, read_tsv, read_yaml, word_set

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


def is_lowercased(text: str) -> bool:
    """Return True when ``text`` has letters and none of them is a capital (a lower-cased corpus)."""
    if text.isascii():
        # The same test in C: in ASCII the cased characters are exactly the letters.
        return text.islower()
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.isupper() for c in letters)


def listed(value: str | None) -> list[str]:
    """Return the values of a ``;``-separated list cell of the country table, stripped, empty ones dropped."""
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def word_list(doc: YamlDoc, *keys: Any) -> frozenset[str]:
    """Return the words of a stage's list at ``keys``: a plain list, or one built on a shared list.

    A built list is a mapping: ``shared`` names a list of ``data/words.yaml``; ``only`` keeps some
    of its words, or ``minus`` drops some; ``plus`` adds words it lacks. A word named under
    ``only``/``minus`` that the shared list lacks, or a ``plus`` word it already has, is a bad row
    (E302 at its line): a stage's variant and the shared list cannot drift apart unnoticed.
    """
    spec = _entry(doc, keys)
    if not isinstance(spec, dict):
        return word_set(doc, *keys)
    unknown = set(spec) - {"shared", "only", "minus", "plus"}
    if unknown or not isinstance(spec.get("shared"), str) or ("only" in spec and "minus" in spec):
        raise doc.fail(f"'{'.'.join(map(str, keys))}' must be a word list, or a mapping with 'shared' (a list "
                       "of the shared lexicon), 'only' or 'minus', and 'plus'", *keys)
    base = words(spec["shared"])
    out = set(base)
    for part in ("only", "minus", "plus"):
        if part not in spec:
            continue
        given = word_set(doc, *keys, part)
        for n, w in enumerate(spec[part]):
            if (w.lower() in base) != (part != "plus"):
                state = "already has" if part == "plus" else "lacks"
                raise doc.fail(f"shared list '{spec['shared']}' {state} '{w}'", *keys, part, n)
        out = given if part == "only" else out - given if part == "minus" else out | given
    return frozenset(out)


def _entry(doc: YamlDoc, keys: tuple[Any, ...]) -> Any:
    return doc.node(*keys)
