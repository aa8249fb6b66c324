"""Where a place name's span ends, and what qualifies it: "Paris, Texas", "New Jersey", "Asia-Pacific".

Decided here: an entity's span grows by one capitalised word to the left or right when the
longer text is a known place's primary name ("New" + "Jersey", "Baja" + "California"); "Paris,
Texas" is two mentions, the first constrained to the second (a country or first-level division,
or a US state's postal code or AP abbreviation: "Athens, GA", "Macon, Ga."), and a qualifier
written right after the entity constrains it too and is a mention of its own; "Asia-Pacific" is
two places when the whole is no name and both parts are.
"""

from __future__ import annotations

import re

from communique.stages.where.gazetteer import Gazetteer, GeoEntry, normalize
from communique.stages.where.mention import Mention, trim

PREV_WORD = re.compile(r"([A-Z][\w.]*)\s+$")
_NEXT_WORD = re.compile(r"^\s+([A-Z][\w]*)")
# A qualifier right after a name: ", " and one or two capitalised words ("Texas", "New Jersey", "Ga.", "N.J.").
_AFTER = re.compile(r",\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)")
# The kinds of place that can qualify another ("Paris, Texas", "Valencia, Spain").
QUALIFIER_FEATURES = ("PCLI", "ADM1")


def extend_left(text: str, start: int, end: int, gaz: Gazetteer) -> int:
    """Return a start moved left over one capitalised word when the longer name is a known
    place and the shorter is not its primary name ("New" + "Jersey" -> "New Jersey")."""
    m = PREV_WORD.search(text[max(0, start - 20) : start])
    if not m:
        return start
    longer = start - len(m.group(0))
    if normalize(text[longer:end]) == normalize(text[start:end]):  # "The Texas": no longer name
        return start
    if any(h.primary for h in gaz.lookup(text[longer:end])):
        return longer
    return start


def extend_right(text: str, start: int, end: int, gaz: Gazetteer) -> int:
    """Return an end moved right over one capitalised word when the longer name is a known
    place's primary name ("Baja" + "California" -> "Baja California")."""
    m = _NEXT_WORD.match(text[end : end + 30])
    if m and any(h.primary for h in gaz.lookup(text[start : end + m.end()])):
        return end + m.end()
    return end


def qualifier_entries(text: str, gaz: Gazetteer) -> list[GeoEntry]:
    """Return the countries and first-level divisions ``text`` names (what may qualify a place),
    a US state's postal code or AP abbreviation included ("GA", "Ga.")."""
    code = gaz.state_code_place(text)
    if code is not None:
        return [code]
    return [h.entry for h in gaz.lookup(text.strip()) if h.entry.feature in QUALIFIER_FEATURES]


def qualifier_after(text: str, end: int, gaz: Gazetteer) -> tuple[int, int, list[GeoEntry]] | None:
    """Return the span and entries of a qualifier written right after a place name (", Texas",
    ", Ga.", ", N.J.", ", GA"), or None: two words, else one (its dot kept for an abbreviation)."""
    m = _AFTER.match(text[end : end + 40])
    if not m:
        return None
    s = end + m.start(1)
    words = list(re.finditer(r"[A-Z][\w.]*", m.group(1)))
    for w in reversed(words):
        piece = text[s : s + w.end()]
        for cut in ([piece, piece.rstrip(".")] if piece.endswith(".") else [piece]):
            qual = qualifier_entries(cut, gaz)
            if qual:
                return s, s + len(cut), qual
    return None


def split_qualified(text: str, start: int, end: int, sidx: int, gaz: Gazetteer) -> list[Mention]:
    """Return one mention for an entity, two for "Paris, Texas" (the place and its qualifier).

    A qualifier written right after the entity (", Texas", " (Texas)") constrains it too."""
    start, end = trim(text, start, end)
    start = extend_left(text, start, end, gaz)
    end = extend_right(text, start, end, gaz)
    if end <= start:
        return []
    seg = text[start:end]
    m = re.match(r"^(.+?),\s+(.+)$", seg)
    if m:
        head_end = start + m.end(1)
        q_start = start + m.start(2)
        qual = qualifier_entries(m.group(2), gaz)
        if qual:
            return [
                Mention(start, head_end, text[start:head_end], sidx, "ner", qual),
                Mention(q_start, end, text[q_start:end], sidx, "ner", fixed=qual[:1] if gaz.state_code_place(m.group(2))
                        else []),
            ]
    after = qualifier_after(text, end, gaz)
    qual = after[2] if after else []
    # The qualifier is a place mention too ("Macon, Ga.": Georgia), unless an entity of its own
    # covers it (the finder keeps one mention per span).
    tail = [Mention(after[0], after[1], text[after[0]:after[1]], sidx, "ner", fixed=after[2][:1])] if after else []
    if "-" in seg and not gaz.lookup(seg):
        # "Asia-Pacific": two places when the whole is no name and its parts are.
        parts = [(start + p.start(), start + p.end()) for p in re.finditer(r"[^\s-][^-]*[^\s-]", seg)]
        if len(parts) > 1 and all(gaz.lookup(text[s:e]) for s, e in parts):
            return [Mention(s, e, text[s:e], sidx, "ner", qual) for s, e in parts] + tail
    return [Mention(start, end, seg, sidx, "ner", qual), *tail]
