"""Dispatch inputs to readers by extension (or --format) and isolate every failure.

JSONL and CSV files (and stdin) are read line by line, so that a large corpus file is never
held in memory; a text or HTML file is one article and is read whole. A line that is not
UTF-8 is rejected on its own in JSONL (its neighbours are read) and ends a CSV file (a quoted
field may span lines, so the rows after it cannot be trusted).
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from communique.core.article import Article
from communique.core.errors import InputError, printable
from communique.io.sources.validate import make_article

SUPPORTED_EXTENSIONS = (".txt", ".jsonl", ".csv", ".html", ".htm")
_FORMATS = {".txt": "txt", ".jsonl": "jsonl", ".csv": "csv", ".html": "html", ".htm": "html"}
# "date YYYY-MM-DD" and then a line break (any convention), spaces, or the end of the file.
_HEADER = re.compile(r"^\s*date\s+(\S+)[ \t]*(?:\r\n|\r|\n|[ \t]+|$)")
# What is meant as a date line but is not one: "date:", "Date 2024...", or a bare "date" line.
# A text that merely starts with the word ("Date palms ...", "Dateline") is an article.
_BAD_HEADER = re.compile(r"^\s*date[ \t]*(?::|\d|\r|\n|$)", re.IGNORECASE)
# Files that document a folder of articles rather than being articles themselves.
_SKIPPED_NAMES = re.compile(r"^(README|LICENSE|CHANGELOG)(\.\w+)?$", re.IGNORECASE)
# A carriage return not followed by a line feed ends a line too (old Mac files); the CSV reader
# needs one record line at a time.
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")
_SNIFF = 8192  # bytes looked at for NULs before a file is taken for text
# The csv module caps fields at 131,072 characters, less than [sources] max_chars allows; the
# article-length check (E111) is the cap that users set, so the module's own is raised past it.
_CSV_FIELD_LIMIT = 2**31 - 1


@dataclass
class ReadOptions:
    date: str | None = None  # default date for inputs that carry none
    format: str | None = None  # force a reader: txt, jsonl, csv, html
    max_chars: int = 200_000


Item = Article | InputError


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Yield an Article or an InputError for every article found under ``paths`` ("-" is stdin)."""
    options = options or ReadOptions()
    for raw in paths:
        if raw == "-":
            # Read bytes where there are any, so that a line which is not UTF-8 is one rejection.
            buffer = getattr(sys.stdin, "buffer", None)
            if buffer is not None:
                yield from _jsonl(_byte_lines(buffer, "<stdin>"), "<stdin>", options)
            else:
                yield from read_stream(sys.stdin, "<stdin>", options)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in _walk(path):
                yield from _read_file(child, options)
        else:
            yield from _read_file(path, options)


def read_stream(stream: IO[str], origin: str, options: ReadOptions) -> Iterator[Item]:
    """Yield articles from JSONL text read from ``stream`` (stdin)."""
    return _jsonl(_text_lines(stream, origin), origin, options)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or _SKIPPED_NAMES.match(name):
                continue
            yield Path(dirpath) / name


def _read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    origin = printable(str(path))
    kind = options.format or _FORMATS.get(path.suffix.lower())
    if kind is None:
        yield InputError(
            origin,
            f"unknown extension '{path.suffix or '(none)'}': expected one of "
            f"{', '.join(SUPPORTED_EXTENSIONS)}, or pass --format", code="E103",
        )
        return
    if kind not in ("txt", "jsonl", "csv", "html"):
        yield InputError(origin, f"unknown format '{kind}': expected txt, jsonl, csv or html", code="E103")
        return
    try:
        with path.open("rb") as f:
            head = f.read(_SNIFF)
            if b"\x00" in head:
                yield InputError(origin, "binary file (contains NUL bytes), not text: expected UTF-8 text",
                                 code="E104")
                return
            f.seek(0)
            if kind == "jsonl":
                yield from _jsonl(_byte_lines(f, origin), origin, options)
            elif kind == "csv":
                yield from _csv(_byte_lines(f, origin), origin, options)
            else:
                data = f.read()
                text = _decode_whole(data, origin)
                if isinstance(text, InputError):
                    yield text
                elif kind == "txt":
                    yield from _txt(text, origin, options)
                else:
                    yield from _html(text, origin, options)
    except FileNotFoundError:
        yield InputError(origin, "no such file", code="E101")
    except IsADirectoryError:
        yield InputError(origin, "is a directory", code="E119")
    except OSError as e:
        yield InputError(origin, f"cannot read file: {e.strerror or e}", code="E102")


def _decode_whole(data: bytes, origin: str) -> str | InputError:
    """Return the text of a file read whole, or the InputError saying why it is not UTF-8 text."""
    if b"\x00" in data:
        return InputError(origin, "binary file (contains NUL bytes), not text: expected UTF-8 text", code="E104")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        # utf-8-sig counts offsets after the BOM it skipped
        offset = e.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        line = data[:offset].count(b"\n") + 1
        return InputError(
            f"{origin}:{line}",
            f"invalid UTF-8 (byte 0x{data[offset]:02x} at offset {offset}): re-save the file as UTF-8", code="E105",
        )


def _byte_lines(f: IO[bytes], origin: str) -> Iterator[tuple[int, str | InputError]]:
    """Yield (line number, text) for each line of a binary stream, or an E105 InputError for a line not in UTF-8.

    Lines end at "\n" (the JSONL convention); a UTF-8 byte-order mark on the first line is dropped.
    """
    offset = 0
    for n, raw in enumerate(f, start=1):
        start = 3 if n == 1 and raw.startswith(codecs.BOM_UTF8) else 0
        try:
            yield n, raw[start:].decode("utf-8")
        except UnicodeDecodeError as e:
            at = start + e.start
            yield n, InputError(
                f"{origin}:{n}",
                f"invalid UTF-8 (byte 0x{raw[at]:02x} at offset {offset + at}): re-save the file as UTF-8",
                code="E105",
            )
        offset += len(raw)


def _text_lines(stream: IO[str], origin: str) -> Iterator[tuple[int, str | InputError]]:
    """Yield (line number, text) for each line of a text stream; a decoding failure ends it with an E105."""
    n = 0
    try:
        for n, line in enumerate(stream, start=1):  # noqa: B007 - n is read after the loop
            yield n, line
    except UnicodeDecodeError as e:
        yield n + 1, InputError(f"{origin}:{n + 1}", f"invalid UTF-8 ({e.reason}): re-save the input as UTF-8",
                                code="E105")


def _txt(text: str, origin: str, options: ReadOptions) -> Iterator[Item]:
    record: dict[str, str] = {"text": text}
    m = _HEADER.match(text)
    if m:
        record = {"date": m.group(1), "text": text[m.end():]}
    elif _BAD_HEADER.match(text):
        first = text.strip().splitlines()[0]
        yield InputError(f"{origin}:1", f"malformed date line '{first[:40]}': expected 'date YYYY-MM-DD'", code="E114")
        return
    try:
        yield make_article(record, origin, options.date, options.max_chars)
    except InputError as e:
        yield e


def _jsonl(lines: Iterable[tuple[int, str | InputError]], origin: str, options: ReadOptions) -> Iterator[Item]:
    for n, line in lines:
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as e:
            yield InputError(where, f"malformed JSON ({e.msg} at column {e.colno})", code="E106")
            continue
        except RecursionError:
            yield InputError(where, "malformed JSON (nested too deeply to read)", code="E106")
            continue
        except ValueError as e:  # e.g. an integer with more digits than Python converts
            yield InputError(where, f"malformed JSON ({e})", code="E106")
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"expected a JSON object per line, got {type(record).__name__}", code="E107")
            continue
        try:
            yield make_article(record, where, options.date, options.max_chars)
        except InputError as e:
            yield e


class _Undecodable(Exception):
    """Carries the E105 of a CSV line out of the csv module's iteration."""

    def __init__(self, error: InputError):
        self.error = error


def _csv_records(lines: Iterable[tuple[int, str | InputError]]) -> Iterator[str]:
    """Yield the CSV's physical lines, splitting at lone carriage returns; raise _Undecodable at a bad line."""
    for _, line in lines:
        if isinstance(line, InputError):
            raise _Undecodable(line)
        if "\r" in line:
            yield from (piece for piece in _LONE_CR.split(line) if piece)
        else:
            yield line


def _csv(lines: Iterable[tuple[int, str | InputError]], origin: str, options: ReadOptions) -> Iterator[Item]:
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.DictReader(_csv_records(lines))
    try:
        fieldnames = reader.fieldnames
        if not fieldnames or "text" not in fieldnames:
            yield InputError(f"{origin}:1", f"CSV header has no 'text' column (found: {', '.join(fieldnames or [])})",
                             code="E115")
            return
        start = 2
        for row in reader:
            where = f"{origin}:{start}"
            start = reader.line_num + 1
            if None in row:
                yield InputError(where, "row has more fields than the header", code="E116")
                continue
            try:
                yield make_article(row, where, options.date, options.max_chars)
            except InputError as e:
                yield e
    except csv.Error as e:
        yield InputError(f"{origin}:{reader.line_num}", f"malformed CSV ({e})", code="E117")
    except _Undecodable as bad:
        yield bad.error


def _html(text: str, origin: str, options: ReadOptions) -> Iterator[Item]:
    import trafilatura

    body = trafilatura.extract(text, include_comments=False, include_tables=False, favor_precision=True)
    if not body or not body.strip():
        yield InputError(origin, "no main text found in the HTML page", code="E118")
        return
    meta = trafilatura.extract_metadata(text)
    record = {"text": body}
    if meta is not None:
        record.update({"title": meta.title, "url": meta.url, "source": meta.sitename, "date": meta.date})
    try:
        yield make_article(record, origin, options.date, options.max_chars)
    except InputError as e:
        yield e
