"""One loader for the packaged data files (rules as data), with ``file:line`` in every error.

Stages keep their word lists, patterns and tables in ``data/`` folders beside their code, as
TSV or YAML. They read them through this module only:

- ``read_tsv(package, name, columns)`` -> rows (dicts) that remember their line number
  (``read_tsv_file(path, ...)`` for a file given by path, with or without a header row);
- ``read_yaml(package, name)`` -> a ``YamlDoc``: the parsed data plus ``line(*keys)``, the line
  a key or list item sits on, so a check after loading can still point at the bad row;
- ``word_set(doc, *keys)`` -> a frozenset of lower-case words from a YAML list;
- ``word_list(doc, *keys)`` -> the same list as written, in order (for alternations, labels, codes);
- ``DataFileError`` (E302) for a bad row, E301 for a missing file.

A file may have ``#`` comments and blank lines; TSV files have a header row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from communique.core.errors import DataFileError


def data_file(package: str, name: str) -> Path:
    """Return the path of ``package``'s data file ``data/name`` (E301 when it is missing)."""
    path = Path(str(resources.files(package).joinpath("data", name)))
    if not path.is_file():
        raise DataFileError(f"{_short(path)}: packaged data file is missing (reinstall communique)", code="E301")
    return path


# The folder that holds the communique package: packaged data files are named from there
# ("communique/stages/..."), whatever the checkout or site-packages folder is called.
_PACKAGES = Path(__file__).resolve().parents[2]


def _short(path: Path) -> str:
    """Return ``path`` as ``communique/...`` when it is a packaged file, else as it is."""
    try:
        return Path(path).resolve().relative_to(_PACKAGES).as_posix()
    except ValueError:
        return str(path)


class Row(dict):
    """A TSV row (column -> value) that knows where it came from."""

    where: str = ""

    def fail(self, reason: str) -> DataFileError:
        """Return the error to raise for this row: ``file:line: reason``."""
        return DataFileError(f"{self.where}: {reason}")


def read_tsv(package: str, name: str, columns: tuple[str, ...] = ()) -> list[Row]:
    """Return the rows of a packaged TSV file; ``columns`` must all be in its header."""
    return read_tsv_file(data_file(package, name), columns)


def read_tsv_file(path: Path, columns: tuple[str, ...] = (), *, header: bool = True) -> list[Row]:
    """Return the rows of the TSV file at ``path``; ``columns`` must all be in its header. A file
    without a header row (``header=False``) has exactly ``columns``, in that order."""
    where = _short(Path(path))
    try:
        text = Path(path).read_text("utf-8")
    except OSError as e:
        raise DataFileError(f"{where}: cannot be read ({e.strerror or e})", code="E301") from None
    except UnicodeDecodeError as e:
        raise DataFileError(f"{where}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not header:
        names = list(columns)
    elif not lines:
        raise DataFileError(f"{where}:1: empty file: expected a header row")
    else:
        header_line, first = lines.pop(0)
        names = first.split("\t")
        missing = [c for c in columns if c not in names]
        if missing:
            raise DataFileError(f"{where}:{header_line}: header lacks the column(s) {', '.join(missing)}")
    rows: list[Row] = []
    for n, line in lines:
        # Without quoting or an escape character a TSV reader splits at tabs and nowhere else
        # (a line holds no line break here); a reader made per line cost half of reading the
        # 28,000-row persons file at every start. A NUL goes to the csv module as before.
        values = line.split("\t") if "\0" not in line else next(csv.reader([line], delimiter="\t",
                                                                           quoting=csv.QUOTE_NONE))
        if len(values) > len(names):
            raise DataFileError(f"{where}:{n}: {len(values)} fields, but the header has {len(names)}")
        values = [v.strip() for v in values]
        row = Row(zip(names, values + [""] * (len(names) - len(values)), strict=True))
        row.where = f"{where}:{n}"
        rows.append(row)
    return rows


@dataclass
class YamlDoc:
    """A parsed YAML data file and the line of every mapping key and list item in it."""

    path: str
    data: Any
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def line(self, *keys: Any) -> int:
        """Return the line of ``keys`` (a path of keys and list indices), else of its nearest parent."""
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return 1

    def where(self, *keys: Any) -> str:
        return f"{self.path}:{self.line(*keys)}"

    def fail(self, reason: str, *keys: Any) -> DataFileError:
        """Return the error to raise for the entry at ``keys``: ``file:line: reason``."""
        return DataFileError(f"{self.where(*keys)}: {reason}")

    def node(self, *keys: Any, what: str = "list") -> Any:
        """Return the entry at ``keys`` (mapping keys and list indices), or raise E302 ``missing {what} 'a.b'``."""
        node: Any = self.data
        for k in keys:
            if isinstance(node, list) and isinstance(k, int) and 0 <= k < len(node):
                node = node[k]
                continue
            if not isinstance(node, dict) or k not in node:
                raise self.fail(f"missing {what} '{'.'.join(map(str, keys))}'", *keys)
            node = node[k]
        return node

    def __getitem__(self, key: Any) -> Any:
        return self.data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        return self.data.get(key, default) if isinstance(self.data, dict) else default


def _lines(loader: Any, node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    """Record the line of every mapping key and list item under ``node`` (1-based).

    A key given twice in one mapping is an error: YAML would keep only its last value, silently."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = loader.construct_object(k, deep=True) if isinstance(k, yaml.ScalarNode) else k.start_mark.line
            if (*path, key) in out:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' given twice (first on line {out[(*path, key)]}; only the last would count)",
                    k.start_mark)
            out[(*path, key)] = k.start_mark.line + 1
            _lines(loader, v, (*path, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out[(*path, i)] = v.start_mark.line + 1
            _lines(loader, v, (*path, i), out)


# libyaml's parser (when PyYAML was built with it) gives the same nodes, marks and data as the
# pure-Python one at ~1/6 of its time (~0.2 s of every start); a file it refuses is parsed again by
# the pure-Python parser, whose error message (E302) is the one reported.
FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _parse_yaml(text: str, loader_class: type) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Return (data, line of every key and list item) of the YAML ``text`` parsed by ``loader_class``."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
        lines: dict[tuple[Any, ...], int] = {}
        if root is not None:
            _lines(loader, root, (), lines)
        return data, lines
    finally:
        loader.dispose()


@lru_cache(maxsize=64)
def read_yaml(package: str, name: str) -> YamlDoc:
    """Return a packaged YAML data file with the lines of its entries (cached per process)."""
    path = data_file(package, name)
    where = _short(path)
    text = path.read_text("utf-8")
    if FAST_LOADER is not None:
        try:
            return YamlDoc(where, *_parse_yaml(text, FAST_LOADER))
        except yaml.YAMLError:
            pass  # reported below, in the pure-Python parser's words
    try:
        data, lines = _parse_yaml(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 1
        raise DataFileError(f"{where}:{line}: not valid YAML ({e.problem})") from None
    return YamlDoc(where, data, lines)


def word_set(doc: YamlDoc, *keys: Any) -> frozenset[str]:
    """Return the lower-cased words of the YAML list at ``keys`` (E302 when it is not a list of strings)."""
    return frozenset(w.lower() for w in word_list(doc, *keys))


def word_list(doc: YamlDoc, *keys: Any) -> tuple[str, ...]:
    """Return the words of the YAML list at ``keys`` as written, in file order (E302 when it is not a list
    of strings). For lists whose order or case matters: regex alternations, labels, codes. ``keys`` is
    a path of mapping keys and list indices."""
    node = doc.node(*keys)
    if isinstance(node, list) and any(isinstance(w, bool) for w in node):
        # YAML 1.1 reads on/off/yes/no as true/false: a word list must quote them.
        bad = next(i for i, w in enumerate(node) if isinstance(w, bool))
        raise doc.fail(f"'{'.'.join(map(str, keys))}' has a true/false: quote words such as \"on\", \"off\", "
                       "\"no\" and \"yes\"", *keys, bad)
    if not isinstance(node, list) or not all(isinstance(w, str) for w in node):
        raise doc.fail(f"'{'.'.join(map(str, keys))}' must be a list of words", *keys)
    return tuple(node)
