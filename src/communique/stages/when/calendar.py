"""The calendar words the date stage reads: month, weekday and number names (``data/calendar.yaml``).

Decides which words name a month, a weekday, a count ("three", "a few") or a relative step
("last" -1, "next" +1), and in which order the patterns try them. Lookups take the words
as the patterns matched them, in any case, with a trailing "." dropped ("Aug." -> 8).
"""

from __future__ import annotations

import re
from typing import Any

from communique.core.resources import YamlDoc, read_yaml, word_list

PACKAGE = "communique.stages.when"


def _int_table(doc: YamlDoc, key: str) -> dict[str, int]:
    """Return the mapping ``key`` of word -> integer, words lower-cased, in file order."""
    table = doc.get(key)
    if not isinstance(table, dict) or not table:
        raise doc.fail(f"'{key}' must map words to numbers", key)
    for word, n in table.items():
        if not isinstance(word, str) or not isinstance(n, int) or isinstance(n, bool):
            raise doc.fail(f"'{key}': {word!r} must map a word to a whole number", key, word)
    return {w.lower(): n for w, n in table.items()}


def read_months(doc: YamlDoc) -> list[tuple[str, int, tuple[str, ...]]]:
    """Return (name, number, abbreviations) per month, checked."""
    rows = doc.get("months")
    if not isinstance(rows, list) or len(rows) != 12:
        raise doc.fail("'months' must list the twelve months", "months")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("name"), str):
            raise doc.fail("a month needs a name", "months", i)
        if row.get("number") != i + 1:
            raise doc.fail(f"{row['name']} must have number {i + 1} (months are listed in order)", "months", i)
        out.append((row["name"], i + 1, word_list(doc, "months", i, "short")))
    return out


def _load() -> dict[str, Any]:
    doc = read_yaml(PACKAGE, "calendar.yaml")
    months = read_months(doc)
    weekdays = word_list(doc, "weekdays")
    if len(weekdays) != 7:
        raise doc.fail("'weekdays' must list the seven days, Monday first", "weekdays")
    return {
        "months": months,
        "weekdays": weekdays,
        "numbers": _int_table(doc, "numbers"),
        "day_parts": word_list(doc, "day_parts"),
        "relative_steps": _int_table(doc, "relative_steps"),
    }


_CAL = _load()

# word (lower case) -> month number: full names and abbreviations.
MONTHS: dict[str, int] = {
    w.lower(): n for name, n, short in _CAL["months"] for w in (name, *short)
}
# word (lower case) -> weekday number, Monday 0.
WEEKDAYS: dict[str, int] = {w.lower(): i for i, w in enumerate(_CAL["weekdays"])}
# number word (lower case) -> the count it stands for.
NUMBERS: dict[str, int] = _CAL["numbers"]
# relative word (lower case) -> steps from the report's own week, month or year.
RELATIVE_STEPS: dict[str, int] = _CAL["relative_steps"]


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


# The regex alternations the patterns insert by name ({month_names}, ...), in the file's order.
WORDS: dict[str, str] = {
    "month_names": _alternation([name for name, _, _ in _CAL["months"]]),
    "month_short": _alternation([s for _, _, short in _CAL["months"] for s in short]),
    "weekday_names": _alternation(_CAL["weekdays"]),
    "number_words": _alternation(list(NUMBERS)),
    "day_parts": _alternation(_CAL["day_parts"]),
}


def month_number(word: str) -> int:
    """Return the number of a month name or abbreviation as matched ("Aug." -> 8)."""
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    """Return the number of a weekday name, Monday 0."""
    return WEEKDAYS[word.lower()]


def number(word: str | None) -> int | None:
    """Return the count a number or number word stands for ("3" -> 3, "three" -> 3, "few" -> 3), or None."""
    if word is None:
        return None
    return int(word) if word.isdigit() else NUMBERS.get(word.lower())
