"""Temporal expressions: which spans of a sentence name a time ("on Monday", "the previous day").

The patterns are data (``data/expressions.yaml``), each with a kind that ``when.resolve``
dates. Decided here: where expressions start and end, which of two overlapping matches is
kept (the longer, then the pattern listed first), that a bare "May" or "March" is no month,
and what ``date_text`` shows of an expression (as written, without a leading preposition).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.core.resources import YamlDoc, read_yaml, word_list
from communique.stages.when.calendar import PACKAGE, WORDS

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Pattern:
    """One pattern of expressions.yaml: its kind, the compiled expression, and its ``file:line``."""

    kind: str
    regex: re.Pattern[str]
    where: str


@dataclass
class DateExpr:
    """A temporal expression found in a sentence, with article-level character offsets."""

    kind: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]


def _expand(doc: YamlDoc, text: str, names: dict[str, str], *keys: object) -> str:
    """Return ``text`` with each {name} replaced by ``names[name]`` (E302 for an unknown name)."""

    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in names:
            raise doc.fail(f"unknown placeholder {{{m.group(1)}}} (known: {', '.join(sorted(names))})", *keys)
        return names[m.group(1)]

    return _PLACEHOLDER.sub(sub, text)


def compile_patterns(doc: YamlDoc) -> tuple[Pattern, ...]:
    """Return the checked, compiled patterns of expressions.yaml, in file order."""
    fragments = doc.get("fragments")
    if not isinstance(fragments, dict):
        raise doc.fail("'fragments' must map names to regular expressions", "fragments")
    names = dict(WORDS)
    for name, text in fragments.items():
        if not isinstance(text, str):
            raise doc.fail(f"fragment '{name}' must be a regular expression", "fragments", name)
        names[name] = _expand(doc, text, WORDS, "fragments", name)
    rows = doc.get("patterns")
    if not isinstance(rows, list) or not rows:
        raise doc.fail("'patterns' must list the patterns", "patterns")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("kind"), str) or not isinstance(row.get("pattern"), str):
            raise doc.fail("a pattern needs a kind and a pattern", "patterns", i)
        if row.get("case", "ignore") not in ("ignore", "sensitive"):
            raise doc.fail("case must be 'ignore' or 'sensitive'", "patterns", i)
        flags = 0 if row.get("case") == "sensitive" else re.IGNORECASE
        try:
            regex = re.compile(_expand(doc, row["pattern"], names, "patterns", i), flags)
        except re.error as e:
            raise doc.fail(f"pattern '{row['kind']}' is no valid regular expression ({e})", "patterns", i) from None
        out.append(Pattern(row["kind"], regex, doc.where("patterns", i)))
    return tuple(out)


def _leading(doc: YamlDoc) -> re.Pattern[str]:
    words = word_list(doc, "leading_words")
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in words)
    return re.compile(rf"^(?:{alternatives})\s+", re.IGNORECASE)


_DOC = read_yaml(PACKAGE, "expressions.yaml")
PATTERNS: tuple[Pattern, ...] = compile_patterns(_DOC)
# Month names that are no month when they stand alone (case as written: "May", not "may").
BARE_MONTH_EXCEPTIONS = frozenset(word_list(_DOC, "bare_month_exceptions"))
_LEADING = _leading(_DOC)


def find_expressions(text: str, offset: int = 0) -> list[DateExpr]:
    """Return the non-overlapping temporal expressions of ``text``, in reading order.

    Offsets are ``offset`` plus the position in ``text``. When two matches overlap, the
    longer wins (ties: the earlier-listed pattern).
    """
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    for rank, p in enumerate(PATTERNS):
        for m in p.regex.finditer(text):
            if p.kind == "month_name" and not _month_name_ok(m):
                continue
            found.append((m.start(), m.end(), rank, p.kind, m))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2]))
    taken: list[tuple[int, int]] = []
    out: list[DateExpr] = []
    for s, e, _, kind, m in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(DateExpr(kind, offset + s, offset + e, text[s:e], m.groupdict()))
    out.sort(key=lambda x: x.start)
    return out


def _month_name_ok(m: re.Match[str]) -> bool:
    """Return False for a month name standing alone that is more likely another word ("May")."""
    return not (m.group("month") in BARE_MONTH_EXCEPTIONS and m.group(0) == m.group("month"))


def clean_text(x: DateExpr) -> str:
    """Return the expression text without a leading preposition ("on Monday" -> "Monday")."""
    return _LEADING.sub("", x.text)
