"""Checks shared by every reader: date, text, size."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from communique.core.article import Article
from communique.core.errors import InputError

_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
OPTIONAL_FIELDS = ("title", "url", "source", "language")


def parse_date(value: Any, origin: str) -> str:
    """Return ``value`` as YYYY-MM-DD, or raise InputError saying what is wrong with it."""
    if not isinstance(value, str):
        raise InputError(origin, f"invalid date {value!r}: expected a string YYYY-MM-DD", code="E113")
    m = _DATE.match(value.strip())
    if not m:
        raise InputError(origin, f"invalid date '{value}': expected YYYY-MM-DD", code="E113")
    try:
        return dt.date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        raise InputError(origin, f"invalid date '{value}': no such day in the calendar", code="E113") from None


def make_article(record: dict[str, Any], origin: str, default_date: str | None, max_chars: int) -> Article:
    """Validate one record (fields of the input contract) and return it as an Article."""
    text = record.get("text")
    if text is None:
        raise InputError(origin, "no 'text' field: every article needs its text", code="E108")
    if not isinstance(text, str):
        raise InputError(origin, f"'text' must be a string, got {type(text).__name__}", code="E109")
    if not text.strip():
        raise InputError(origin, "empty text: nothing to code", code="E110")
    if max_chars and len(text) > max_chars:
        raise InputError(
            origin,
            f"article is {len(text):,} characters, over the cap of {max_chars:,} "
            "(split it, or raise [sources] max_chars in your config)", code="E111",
        )
    _check_text(text, "text", origin)
    raw_date = record.get("date")
    if raw_date is None or raw_date == "":
        raw_date = default_date
    if raw_date is None or raw_date == "":
        raise InputError(origin, "no date: add a 'date' (YYYY-MM-DD) to the article or pass --date", code="E112")
    date = parse_date(raw_date, origin)
    fields = {k: _scalar(record[k], k, origin) for k in OPTIONAL_FIELDS if record.get(k) not in (None, "")}
    article_id = record.get("id")
    return Article(text=text, date=date, id=_scalar(article_id, "id", origin) if article_id not in (None, "") else "",
                   origin=origin, **fields)


def _scalar(value: Any, name: str, origin: str) -> str:
    """Return an optional field as a string: strings as they are, numbers written out; objects are refused."""
    if isinstance(value, (dict, list)):
        raise InputError(origin, f"'{name}' must be a string, got {type(value).__name__}", code="E109")
    value = str(value)
    _check_text(value, name, origin)
    return value


def _check_text(value: str, name: str, origin: str) -> None:
    """Refuse a string that holds a NUL or a lone surrogate: neither can be stored, and the latter not printed."""
    m = _NOT_TEXT.search(value)
    if m:
        what = "a NUL character" if m.group() == "\x00" else f"a lone surrogate (\\u{ord(m.group()):04x})"
        raise InputError(origin, f"'{name}' holds {what} at position {m.start()}, which is not text", code="E120")
