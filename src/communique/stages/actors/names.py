"""Names inside a sentence's units: which runs of capitalised words are a person or a named body.

A model's PERSON entities and the names the article or the registry already knows become name
units in ``units``; this module adds the names the text itself shows:

- capitalised words right after a title ("Foreign Minister Hakan Fidan"), unless they carry a
  corporate suffix ("General Electric Co": a company, not General Electric);
- on unparsed text, two or more capitalised words set off by commas next to a title ("Hakan Fidan,
  the Turkish foreign minister,"), where there is no PERSON entity to say so;
- capitalised words before a capitalised sector noun, which form a named body ("Gotthard Bank").

A run of name words may hold particles ("Charles de Gaulle"), hyphens ("Abu-Bakr") and initials
("Mario M. Cuomo"); the lists are in ``data/words.yaml``.
"""

from __future__ import annotations

from communique.stages.actors.records import Unit
from communique.stages.actors.words import AMBIGUOUS_TITLES, DETERMINERS, NAME_PARTICLES, ORG_SUFFIXES

# Marks that end a clause: a mention, or an apposition's search for a title.
CLAUSE_MARKS = (",", ".", ";", ":")


def is_cap(w: str) -> bool:
    """True when ``w`` starts with a capital and has a letter (a name word, an acronym)."""
    return w[:1].isupper() and any(c.isalpha() for c in w)


def add_title_names(units: list[Unit], lower: bool = False) -> None:
    """Capitalised words right after a title (or an enumeration) become a name unit.

    Titles that are also common words ("general", "major") count only when capitalised in
    normally cased text; a "name" with a corporate suffix ("General Electric Co") is a company.
    """
    i = 0
    while i < len(units):
        u = units[i]
        if u.kind == "title" and not lower and u.text.lower() in AMBIGUOUS_TITLES and not is_cap(u.text):
            u.kind = "word"
        if u.kind == "title" and i + 1 < len(units) and units[i + 1].kind == "word":
            j = name_run(units, i + 1)
            if j > i + 1 and _is_company(units, i, j):
                for v in units[i:j]:
                    v.kind = "word"
                i = j
                continue
            if j > i + 1:
                merge_name(units, i + 1, j)
        i += 1


def _is_company(units: list[Unit], i: int, j: int) -> bool:
    """True when the title at ``i`` and the name words ``i+1 .. j`` are a company's name."""
    glued = j == i + 2 and j < len(units) and units[j].kind != "word" and units[j].start - units[j - 1].end <= 1
    return glued or any(v.text.strip(".,").lower() in ORG_SUFFIXES for v in units[i + 1 : j])


def add_apposition_names(units: list[Unit]) -> None:
    """Two or more capitalised words set off by commas next to a title are a name.

    "Hakan Fidan, the Turkish foreign minister, said" and "the Turkish foreign minister, Hakan
    Fidan, said": on unparsed text there is no PERSON entity, but the apposition shows the name.
    """
    i = 0
    while i < len(units):
        u = units[i]
        if u.kind != "word" or not is_cap(u.text) or (i > 0 and units[i - 1].kind == "word"
                                                     and is_cap(units[i - 1].text)):
            i += 1
            continue
        j = name_run(units, i)
        if j - i < 2:
            i += 1
            continue
        after = j < len(units) and units[j].text == "," and _title_within(units[j + 1 : j + 8])
        before = i >= 2 and units[i - 1].text == "," and _title_within(list(reversed(units[max(0, i - 8) : i - 1])))
        if after or before:
            merge_name(units, i, j)
        i += 1


def _title_within(seq: list[Unit]) -> bool:
    for u in seq:
        if u.text in CLAUSE_MARKS:
            return False
        if u.kind == "title":
            return True
    return False


def name_organisations(units: list[Unit], sent_start: int) -> None:
    """Capitalised words before a capitalised sector noun form a named body ("Gotthard Bank").

    A capitalised sector noun followed by a capitalised word ("National Westminster") is part
    of a name and is dropped.
    """
    for i, u in enumerate(units):
        if u.kind != "sector" or " " in u.text or not is_cap(u.text):
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if nxt is not None and nxt.kind == "word" and is_cap(nxt.text) and nxt.text.isalpha():
            u.kind = "word"
            continue
        j = i
        while j > 0 and units[j - 1].kind == "word" and is_cap(units[j - 1].text) and units[j - 1].text.isalpha() \
                and units[j - 1].text.lower() not in DETERMINERS:
            j -= 1
        if j < i and not (j == 0 and i - j == 1 and units[0].start == sent_start):
            u.org_name = " ".join(v.text for v in units[j : i + 1])
            u.start = units[j].start
            u.text = u.org_name
            del units[j:i]
            return name_organisations(units, sent_start)


def name_run(units: list[Unit], i: int) -> int:
    """Return the end index of a run of capitalised words starting at ``i`` (i when none)."""
    j = i
    while j < len(units):
        if units[j].kind == "name" and j > i:
            j += 1  # a known surname after a first name: "George" + "Shultz"
            continue
        if units[j].kind != "word" or not _continues_name(units, i, j):
            break
        j += 1
    return j


def _continues_name(units: list[Unit], i: int, j: int) -> bool:
    """True when word unit ``j`` extends the name run that started at ``i``."""
    w = units[j].text
    nxt = units[j + 1] if j + 1 < len(units) else None
    if is_cap(w) and w.lower() not in DETERMINERS:
        return True
    if w.lower() in NAME_PARTICLES:
        return j > i and nxt is not None and (is_cap(nxt.text) or nxt.text == "-")
    if w == "-":  # "Abu-Bakr": a hyphen glued on both sides
        return j > i and nxt is not None and nxt.start == units[j].end and units[j - 1].end == units[j].start \
            and is_cap(nxt.text)
    if w == ".":  # an initial: "Mario M. Cuomo"
        return j > i and len(units[j - 1].text) == 1 and units[j - 1].text.isupper() \
            and units[j].start == units[j - 1].end and nxt is not None and is_cap(nxt.text)
    return False


def merge_name(units: list[Unit], i: int, j: int) -> None:
    """Replace units ``i .. j-1`` with one name unit spanning them (spacing kept)."""
    s, e = units[i].start, units[j - 1].end
    text = "".join(
        u.text if k == 0 else (" " * (u.start - units[i + k - 1].end)) + u.text
        for k, u in enumerate(units[i:j])
    )
    units[i:j] = [Unit(s, e, text, "name", dep=units[j - 1].dep, pos=units[j - 1].pos)]
