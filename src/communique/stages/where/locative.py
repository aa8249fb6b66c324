"""Locative prepositions: whether a preposition puts a place where something happened ("in Ankara").

Decided here, on the shared lexicon's lists: in a parsed sentence, a place governed by a
locative or a contact preposition ("met in Ankara", "fighting along the border"); in flat text,
where only the words before the name are seen, a locative preposition or one of the contact
prepositions of ``data/locations.yaml`` ("off the coast"), optionally followed by "the".
"""

from __future__ import annotations

import re

from communique.stages.lexicon import words
from communique.stages.where import rules

# Parsed sentences: the preposition that governs the place.
LOCATIVE_PREPS = words("locative_prepositions") | words("contact_prepositions")


def _flat_prepositions() -> frozenset[str]:
    doc = rules.doc("locations.yaml")
    extra = rules.words("locations.yaml", "flat_contact_prepositions")
    unknown = extra - words("contact_prepositions")
    if unknown:
        raise doc.fail(f"{', '.join(sorted(unknown))}: not in the shared lexicon's contact_prepositions",
                       "flat_contact_prepositions")
    return words("locative_prepositions") | extra


# Flat text: the words right before the place.
FLAT_LOCATIVE_PREPS = _flat_prepositions()
WINDOW = 20  # characters before the place searched for the preposition
_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(FLAT_LOCATIVE_PREPS))})\s+(?:the\s+)?$", re.IGNORECASE)


def locative_before(text: str, start: int, floor: int = 0) -> bool:
    """Return True when a locative preposition ends right before ``start`` ("in the Ankara" too),
    looking no further back than ``floor`` (a sentence start)."""
    return bool(_BEFORE.search(text[max(floor, start - WINDOW) : start]))
