"""A place mention, and the rules on the shape of its text that every finder shares.

Decided here: which kinds of place have names that are rarely anything else
(``STRONG_FEATURES``: countries, divisions, regions, seas ...; ``is_strong``: and counties,
parishes ... whose names end in an ``admin_words`` word); that a name right before a street word
is part of a street's name ("Paris Road": ``in_street_name``); a mention's span leaves out a
leading "the" and a trailing possessive or punctuation (but keeps the last dot of "U.S."); a
short all-capital word is an acronym; a sentence without capitals is lower-cased (scanned in
any case); a demonym ending in "s" names people, not a place ("Mexicans", but not "Swiss").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from communique.stages.where import rules
from communique.stages.where.gazetteer import GeoEntry, NameHit

SINGULAR_DEMONYM_ENDINGS = rules.ordered_words("mentions.yaml", "singular_demonym_endings")
STRONG_FEATURES = rules.codes("mentions.yaml", "strong_features")
ADMIN_WORDS = rules.words("mentions.yaml", "admin_words")
STREET_WORDS = rules.words("mentions.yaml", "street_words")
_NEXT = re.compile(r"^\s+([A-Z][a-z]*\.?)")


@dataclass
class Mention:
    """A candidate toponym span, with article-level offsets."""

    start: int
    end: int
    text: str
    sentence_index: int
    source: str  # "ner", "dateline", "scan" or "weak" (kept only with support: see ``ranking.supported``)
    qualifier: list[GeoEntry] = field(default_factory=list)
    usage: str = "literal"  # literal, demonym, metonym, embedded (see ``Place.usage``)
    person: bool = False  # the NER read the span as a person's name
    # The places a demonym or an organisation's short name stands for (no name lookup).
    fixed: list[GeoEntry] = field(default_factory=list)
    # The name looked up when it is not the text ("Harper County" for "Harper" in "Harper and
    # Kingman counties").
    name: str = ""

    @property
    def key(self) -> str:
        """Return the name the mention is looked up by."""
        return self.name or self.text


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


def is_people(text: str) -> bool:
    """True for a plural demonym ("Mexicans", "Kurds"): people, not a place (not "Swiss")."""
    key = text.casefold()
    return key.endswith("s") and not key.endswith(SINGULAR_DEMONYM_ENDINGS)


def is_strong(e: GeoEntry) -> bool:
    """True for a kind of place whose names are rarely anything else (``STRONG_FEATURES``), and for
    a second-level division whose name ends in an administrative word ("Licking County")."""
    if e.feature in STRONG_FEATURES:
        return True
    return e.feature == "ADM2" and e.name.rsplit(" ", 1)[-1].lower() in ADMIN_WORDS


def strong_hit(h: NameHit) -> bool:
    """True for a primary-name hit on a strong kind of place (see ``is_strong``)."""
    return h.primary and is_strong(h.entry)


def in_street_name(text: str, end: int) -> bool:
    """True when a street word follows the name ending at ``end`` ("Paris Road", "Lincoln Ave.")."""
    m = _NEXT.match(text[end : end + 20])
    return bool(m) and m.group(1).lower() in STREET_WORDS
