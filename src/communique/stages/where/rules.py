"""The place stages' data files (``where/data/*.yaml``), read once through core.resources.

Decides nothing itself: each concept module takes its word lists and tables from here, so that
every list is checked (E302 with ``file:line``) when the package is imported.
"""

from __future__ import annotations

from communique.core.resources import YamlDoc, read_yaml, word_list, word_set

PACKAGE = "communique.stages.where"


def doc(name: str) -> YamlDoc:
    """Return the parsed data file ``where/data/name``."""
    return read_yaml(PACKAGE, name)


def codes(name: str, key: str) -> tuple[str, ...]:
    """Return a list of labels or codes as written ("GPE", "PCLI"), in file order."""
    return word_list(doc(name), key)


def ordered_words(name: str, key: str) -> tuple[str, ...]:
    """Return a word list lower-cased, in file order (for regex alternations)."""
    return tuple(w.lower() for w in word_list(doc(name), key))


def words(name: str, key: str) -> frozenset[str]:
    """Return a word list as a set of lower-case words."""
    return word_set(doc(name), key)


def number_table(d: YamlDoc, key: str) -> dict[str, float]:
    """Return the mapping ``key`` of ``d``, codes to numbers (E302 naming the bad entry)."""
    table = d.get(key)
    if not isinstance(table, dict):
        raise d.fail(f"'{key}' must map codes to numbers", key)
    for code, value in table.items():
        if not isinstance(code, str) or isinstance(value, bool) or not isinstance(value, int | float):
            raise d.fail(f"'{key}': {code!r} must map a code to a number", key, code)
    return {code: float(value) for code, value in table.items()}
