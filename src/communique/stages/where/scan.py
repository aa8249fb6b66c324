"""The gazetteer scan: place names found by looking words up, where the NER cannot be trusted.

Used for sentences the NLP stage did not parse or that are lower-cased, and, over proper nouns
outside entities, for names the NER missed. Decided here: the spans looked up (capitalised word
runs joined by connectors such as "of" and "de", up to four words; any words in a lower-cased
sentence), longest match first; which places may match (``SCAN_FEATURES`` by any name, capitals
by their primary name, else a large city's primary name), and that demonyms are found apart.
"""

from __future__ import annotations

import re

from communique.core.article import Sentence
from communique.stages.lexicon import is_lowercased
from communique.stages.where import rules
from communique.stages.where.gazetteer import Gazetteer, NameHit
from communique.stages.where.mention import Mention, acronym, is_people, trim

SCAN_MIN_POPULATION = 200_000
SCAN_FEATURES = rules.codes("mentions.yaml", "scan_features")
_CONNECTORS = "|".join(re.escape(w) for w in rules.ordered_words("mentions.yaml", "name_connectors"))
# Capitalised word runs, with the lower-case words that connect the words of one name.
_CAP_RUN = re.compile(rf"\b[A-Z][\w'\u2019.-]*(?:\s+(?:{_CONNECTORS})?\s*[A-Z][\w'\u2019.-]*)*")


def scan_sentence(sent: Sentence, gaz: Gazetteer, weak: bool = False) -> list[Mention]:
    """Return gazetteer matches in an unparsed sentence: capitalised runs (any case when the
    sentence is lower-cased), longest match first, restricted to unambiguous kinds of place.

    With ``weak``, the primary names of smaller towns match too, as "weak" mentions that are
    kept only with support (see ``ranking.supported``)."""
    text = sent.text
    lower = is_lowercased(text)
    spans = _spans(text, lower)
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for s, e in spans:
        s, e = trim(text, s, e)
        if e <= s or any(s < te and ts < e for ts, te in taken):
            continue
        piece = text[s:e]
        hits = [h for h in gaz.lookup(piece) if _scan_ok(h, lower)]
        source = "scan"
        if not hits and weak and not lower and not acronym(piece):
            hits = [h for h in gaz.lookup(piece) if h.primary and h.entry.feature == "PPL"]
            source = "weak"
        if not hits or gaz.is_demonym(piece):
            continue
        taken.append((s, e))
        out.append(Mention(sent.start + s, sent.start + e, piece, sent.index, source))
    out.sort(key=lambda m: m.start)
    return out


def _spans(text: str, lower: bool) -> list[tuple[int, int]]:
    """Return the spans of up to four words to look up: every run in a lower-cased sentence,
    else inside the capitalised runs."""
    if lower:
        words = list(re.finditer(r"[\w'.-]+", text))
        return [
            (words[i].start(), words[j].end()) for i in range(len(words)) for j in range(i, min(i + 4, len(words)))
        ]
    spans: list[tuple[int, int]] = []
    for m in _CAP_RUN.finditer(text):
        words = list(re.finditer(r"\S+", m.group()))
        base = m.start()
        spans += [
            (base + words[i].start(), base + words[j].end())
            for i in range(len(words))
            for j in range(i, min(i + 4, len(words)))
        ]
    return spans


def _scan_ok(hit: NameHit, lower: bool) -> bool:
    e = hit.entry
    if e.feature in SCAN_FEATURES:
        # Alternate names of capitals come from GeoNames and are noisy; the others are ours.
        return hit.primary or e.feature != "PPLC"
    return hit.primary and not lower and e.population >= SCAN_MIN_POPULATION


def scan_demonyms(sent: Sentence, gaz: Gazetteer) -> list[Mention]:
    """Return the capitalised demonyms of an unparsed sentence (usage "demonym")."""
    out: list[Mention] = []
    words = list(re.finditer(r"[A-Z][a-z]+", sent.text))
    i = 0
    while i < len(words):
        # Two words first ("Latin American"), when they are next to each other.
        pair = i + 1 < len(words) and sent.text[words[i].end() : words[i + 1].start()] == " "
        for j in [i + 1, i] if pair else [i]:
            s, e = trim(sent.text, words[i].start(), words[j].end())
            piece = sent.text[s:e]
            places = gaz.demonym_places(piece) if s < e else []
            if places and not is_people(piece):
                out.append(Mention(sent.start + s, sent.start + e, piece, sent.index, "scan",
                                   usage="demonym", fixed=places))
                i = j
                break
        i += 1
    return out
