"""Place names inside other entities: demonyms ("Russian"), organisations' names ("the Washington Post").

Decided here: a non-place entity that is itself a demonym is a demonym mention (a plural
people noun is none); an organisation's short name for a place ("EU" -> Europe) stands for it;
otherwise a place name the entity's name starts with, or that follows "of" ("University of
California"), is an "embedded" mention when it is a country, a strong kind of place or a town of
at least ``EMBED_MIN_POPULATION``; a smaller town's name is a weak mention, kept with support.
"""

from __future__ import annotations

import re

from communique.stages.where.gazetteer import Gazetteer, NameHit, normalize
from communique.stages.where.mention import Mention, acronym, is_people, is_strong, trim
from communique.stages.where.qualifiers import PREV_WORD, extend_left, extend_right

# A town inside an organisation's name must be this large ("the Boise Fire Department"),
# unless it is a country, a first-level division or a region; a smaller one is a weak
# mention, kept with support ("The Allendale Woman's Club" in an article that names New Jersey).
EMBED_MIN_POPULATION = 100_000
_WORD = re.compile(r"[\w'\u2019.&-]+")


def inner_mentions(text: str, start: int, end: int, label: str, sidx: int, gaz: Gazetteer) -> list[Mention]:
    """Return the toponyms inside a non-place entity: the entity itself when it is a demonym
    ("Russian") or an organisation's short name for a place ("EU" -> Europe); otherwise the
    place names its name starts with or that follow "of" ("Washington Post", "University of
    California"). Demonyms are usage "demonym", the rest "embedded"."""
    start, end = trim(text, start, end)
    seg = text[start:end]
    if end <= start:
        return []
    org = gaz.organisation_places(seg)
    if org:
        return [Mention(start, end, seg, sidx, "ner", usage="embedded", fixed=org)]
    if label == "NORP":
        # "Indian" + "Ocean", "Central" + "American": the longer name wins.
        start = extend_left(text, start, end, gaz)
        prev = PREV_WORD.search(text[max(0, start - 20) : start])
        wider = text[start - len(prev.group(0)) : end] if prev else ""
        if prev and normalize(wider) != normalize(text[start:end]) and gaz.demonym_places(wider):
            start -= len(prev.group(0))
        longer = extend_right(text, start, end, gaz)
        if longer > end:
            return [Mention(start, longer, text[start:longer], sidx, "ner")]
        seg = text[start:end]
    dem = gaz.demonym_places(seg)
    if dem:
        return [] if is_people(seg) else [Mention(start, end, seg, sidx, "ner", usage="demonym", fixed=dem)]
    out = _embedded(text, start, end, seg, label, sidx, gaz)
    # "University of California": not the town of University when a stronger name is there.
    strong = [m for m in out if m.source != "weak"]
    return strong or out


def _embedded(text: str, start: int, end: int, seg: str, label: str, sidx: int, gaz: Gazetteer) -> list[Mention]:
    """Return the place names at the start of an entity's name and after each "of" in it
    (the longest first, up to four words)."""
    words = list(_WORD.finditer(seg))
    # Where an embedded name may start: the first word, or the word after "of".
    heads = [0] + [i + 1 for i, w in enumerate(words[:-1]) if w.group() == "of"]
    out: list[Mention] = []
    for i in heads:
        for j in range(min(i + 4, len(words)) - 1, i - 1, -1):
            s, e = start + words[i].start(), start + words[j].end()
            s, e = trim(text, s, e)
            if e <= s or (s, e) == (start, end) or not text[s].isupper():
                continue
            piece = text[s:e]
            if acronym(piece) and acronym(piece) not in gaz.acronyms(piece):
                continue
            fixed = gaz.demonym_places(piece) or gaz.organisation_places(piece)
            if fixed and not is_people(piece):
                usage = "demonym" if label == "NORP" and gaz.is_demonym(piece) else "embedded"
                out.append(Mention(s, e, piece, sidx, "ner", usage=usage, fixed=fixed))
                break
            hits = gaz.lookup(piece) if label != "NORP" else []
            if any(_embed_ok(h) for h in hits):
                out.append(Mention(s, e, piece, sidx, "ner", usage="embedded"))
                break
            if any(h.primary and h.entry.feature == "PPL" for h in hits):  # a smaller town
                out.append(Mention(s, e, piece, sidx, "weak", usage="embedded"))
                break
    return out


def _embed_ok(hit: NameHit) -> bool:
    e = hit.entry
    if e.feature == "PCLI":
        return True
    return hit.primary and (is_strong(e) or e.population >= EMBED_MIN_POPULATION)
