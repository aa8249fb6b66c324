"""The tense of an event's clause: future, past or unknown, which decides how dates without a year resolve.

Decided here: in a parsed sentence, "will"/"shall" on the trigger's verb means future and a
past-tense verb (VBD, VBN) past; in any sentence, a future marker just before the trigger ("is
to visit", "plans to") means future; in an unparsed sentence, a trigger ending in "-ed" means
past. Otherwise the tense is unknown (``None``). The markers are data (``data/tense.yaml``).
"""

from __future__ import annotations

import re

from communique.core.article import Sentence
from communique.core.parse import tokens_over
from communique.core.resources import read_yaml, word_list, word_set
from communique.stages.when.calendar import PACKAGE

FUTURE_WINDOW = 30  # characters before an unparsed trigger searched for future markers
PAST_TAGS = ("VBD", "VBN")


def _markers(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Return the regex that finds any of ``phrases`` as whole words, any spacing between their words."""
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


_DOC = read_yaml(PACKAGE, "tense.yaml")
FUTURE_AUXILIARIES = word_set(_DOC, "future_auxiliaries")
FUTURE_WORDS = _markers(word_list(_DOC, "future_markers"))


def is_future(sentence: Sentence | None, trigger: tuple[int, int] | None, text: str) -> bool | None:
    """Return the tense of the trigger's clause: True future, False past, None unknown.

    Parsed: "will"/"shall" on the trigger's verb -> future; a past-tense verb (VBD, VBN) -> past.
    Either way: future markers just before the trigger ("is to visit", "plans to") -> future;
    unparsed, a trigger ending in "-ed" -> past."""
    if sentence is not None and sentence.tokens and trigger is not None:
        toks = sentence.tokens
        trig = tokens_over(toks, *trigger)
        if trig:
            t0 = trig[0]
            verb = t0 if t0.pos in ("VERB", "AUX") else toks[t0.head] if 0 <= t0.head < len(toks) else t0
            kids = [t for t in toks if t.head == verb.i and t.i != verb.i]
            if any(k.text.lower() in FUTURE_AUXILIARIES for k in kids):
                return True
            if verb.tag in PAST_TAGS:
                return False
    if trigger is not None and sentence is not None:
        # Only the words just before the trigger ("will meet", "is to visit") count, not a
        # "will" of another clause.
        lo = max(0, trigger[0] - sentence.start - FUTURE_WINDOW)
        if FUTURE_WORDS.search(text[lo : trigger[1] - sentence.start]):
            return True
        if not sentence.tokens and re.search(
            r"ed$", text[trigger[0] - sentence.start : trigger[1] - sentence.start]
        ):
            return False
        return None
    return True if FUTURE_WORDS.search(text) else None
