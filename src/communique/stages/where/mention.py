"""A place mention, and the rules on the shape of its text that every finder shares.

Decided here: which kinds of place have names that are rarely anything else
(``STRONG_FEATURES``: countries, divisions, regions, seas ...); a mention's span leaves out a
leading "the" and a trailing possessive or punctuation (but keeps the last dot of "U.S."); a
short all-capital word is an acronym; a sentence without capitals is lower-cased (scanned in
any case); a demonym ending in "s" names people, not a place ("Mexicans", but not "Swiss").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from communique.stages.where import rules
from communique.stages.where.gazetteer import GeoEntry

SINGULAR_DEMONYM_ENDINGS = rules.ordered_words("mentions.yaml", "singular_demonym_endings")
STRONG_FEATURES = rules.codes("mentions.yaml", "strong_features")


@dataclass
class Mention:
    """A candidate toponym span, with article-level offsets."""

    start: int
    end: int
    text: str
    sentence_index: int
    source: str  # "ner", "scan" or "weak" (kept only with support: see ``ranking.supported``)
    qualifier: list[GeoEntry] = field(default_factory=list)
    usage: str = "literal"  # literal, demonym, metonym, embedded (see ``Place.usage``)
    person: bool = False  # the NER read the span as a person's name
    # The places a demonym or an organisation's short name stands for (no name lookup).
    fixed: list[GeoEntry] = field(default_factory=list)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span shrunk past a leading "the" and a trailing possessive or punctuation."""
    seg = text[start:end]
    m = re.match(r"(?i)the\s+", seg)
    if m:
        start += m.end()
    seg = text[start:end]
    m = re.search(r"(?:['\u2019]s?|[.,;:])$", seg)
    if m and not re.search(r"\b[A-Z]\.[A-Z]?\.?$", seg):
        end -= len(m.group())
    return start, end


def acronym(text: str) -> str:
    """Return ``text`` without dots when it is a short all-capital word ("U.S." -> "US"), else ""."""
    bare = text.replace(".", "")
    return bare if bare.isupper() and len(bare) <= 4 else ""


def is_lowercased(text: str) -> bool:
    """Return True when ``text`` has letters and none of them is a capital."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.isupper() for c in letters)


def is_people(text: str) -> bool:
    """True for a plural demonym ("Mexicans", "Kurds"): people, not a place (not "Swiss")."""
    key = text.casefold()
    return key.endswith("s") and not key.endswith(SINGULAR_DEMONYM_ENDINGS)
