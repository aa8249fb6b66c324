"""Dispatch inputs to readers by extension (or --format) and isolate every failure."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from communique.core.article import Article
from communique.core.errors import InputError
from communique.io.sources.validate import make_article

SUPPORTED_EXTENSIONS = (".txt", ".jsonl", ".csv", ".html", ".htm")
_FORMATS = {".txt": "txt", ".jsonl": "jsonl", ".csv": "csv", ".html": "html", ".htm": "html"}
_HEADER = re.compile(r"^\s*date\s+(\S+)[ \t]*(?:\r?\n|[ \t]+)")
# Files that document a folder of articles rather than being articles themselves.
_SKIPPED_NAMES = re.compile(r"^(README|LICENSE|CHANGELOG)(\.\w+)?$", re.IGNORECASE)


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
    return _jsonl_lines(stream, origin, options)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or _SKIPPED_NAMES.match(name):
                continue
            yield Path(dirpath) / name


def _read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    origin = str(path)
    kind = options.format or _FORMATS.get(path.suffix.lower())
    if kind is None:
        yield InputError(
            origin,
            f"unknown extension '{path.suffix or '(none)'}': expected one of "
            f"{', '.join(SUPPORTED_EXTENSIONS)}, or pass --format", code="E103",
        )
        return
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        yield InputError(origin, "no such file", code="E101")
        return
    except IsADirectoryError:
        yield InputError(origin, "is a directory", code="E119")
        return
    except OSError as e:
        yield InputError(origin, f"cannot read file: {e.strerror or e}", code="E102")
        return
    if b"\x00" in data[:8192]:
        yield InputError(origin, "binary file (contains NUL bytes), not text: expected UTF-8 text", code="E104")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        yield InputError(
            f"{origin}:{line}",
            f"invalid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}): re-save the file as UTF-8", code="E105",
        )
        return
    if kind == "txt":
        yield from _txt(text, origin, options)
    elif kind == "jsonl":
        yield from _jsonl_lines(io.StringIO(text), origin, options)
    elif kind == "csv":
        yield from _csv(text, origin, options)
    elif kind == "html":
        yield from _html(text, origin, options)
    else:
        yield InputError(origin, f"unknown format '{kind}': expected txt, jsonl, csv or html", code="E103")


def _txt(text: str, origin: str, options: ReadOptions) -> Iterator[Item]:
    record: dict[str, str] = {"text": text}
    m = _HEADER.match(text)
    if m:
        record = {"date": m.group(1), "text": text[m.end():]}
    elif text.lstrip().lower().startswith("date"):
        first = text.strip().splitlines()[0] if text.strip() else ""
        yield InputError(f"{origin}:1", f"malformed date line '{first[:40]}': expected 'date YYYY-MM-DD'", code="E114")
        return
    try:
        yield make_article(record, origin, options.date, options.max_chars)
    except InputError as e:
        yield e


def _jsonl_lines(stream: IO[str], origin: str, options: ReadOptions) -> Iterator[Item]:
    for n, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as e:
            yield InputError(where, f"malformed JSON ({e.msg} at column {e.colno})", code="E106")
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"expected a JSON object per line, got {type(record).__name__}", code="E107")
            continue
        try:
            yield make_article(record, where, options.date, options.max_chars)
        except InputError as e:
            yield e


def _csv(text: str, origin: str, options: ReadOptions) -> Iterator[Item]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield InputError(f"{origin}:1", f"CSV header has no 'text' column (found: {', '.join(reader.fieldnames or [])})", code="E115")
        return
    start = 2
    try:
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
