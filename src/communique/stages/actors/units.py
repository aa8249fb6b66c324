"""Units: a sentence cut into the pieces that may name an actor, the same on parsed and unparsed text.

The sentence is cut into word tokens (the gazetteer's ``WORD`` pattern). Gazetteer matches
(countries, demonyms, capitals, IGOs, named groups, sector terms, titles, collective references)
and person names (PERSON entities, names the article or the registry already knows) become units;
the other words stay word units. A person name wins over a common-noun reading inside it ("Bishop"
in a surname), and a gazetteer name (a country, an IGO) over a spurious PERSON entity.

Then the units are corrected where the context shows a term names no actor:

- a sector term or title used as a noun modifier ("press release", "state-level", "military aid")
  is a word;
- a capital or city after a locative preposition ("met in Ankara") is marked as a place;
- a country inside a compound adjective ("all-India", "pan-African") is a word;
- a city followed by a capitalised word is part of a name ("the Paris Club");
- a collective inside a proper name ("the Conference of the Parties") is a word;

and ``names`` adds the names the text shows (after titles, in appositions, named bodies).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from communique.core.article import Sentence
from communique.stages.actors.gazetteer import WORD, Gazetteer, Match
from communique.stages.actors.names import add_apposition_names, add_title_names, is_cap, name_organisations
from communique.stages.actors.records import Unit
from communique.stages.actors.words import (
    ACTOR_HYPHEN_SUFFIXES,
    ADJECTIVE_TERMS,
    CALENDAR,
    COMPOUND_PREFIXES,
    FUNCTION_WORDS,
    LOCATIVE,
    NON_ACTOR_NEXT,
    RIVER_BANK_SIDES,
    RIVER_BANK_WORDS,
)
from communique.stages.lexicon import is_lowercased

# (start, end, kind, match): a span that becomes one unit; match is None for a person name.
Span = tuple[int, int, str, Any]
# Possessive endings a PERSON entity may carry ("Moon Jae-in's"), longest first.
POSSESSIVE_SUFFIXES = ("'s", "\u2019s", "'", "\u2019")
# Gazetteer kinds that are common nouns: they give way to a person name over them.
COMMON_NOUN_KINDS = ("sector", "title", "collective")


def sentence_units(
    sent: Sentence,
    gaz: Gazetteer,
    person_spans: list[tuple[int, int]] | None = None,
    known_names: Collection[str] | None = None,
) -> list[Unit]:
    """Return the units of a sentence, left to right (character offsets are article-level)."""
    lower = is_lowercased(sent.text)
    words = sentence_words(sent.text, sent.start)
    spans = _match_spans(sent, gaz, _without_possessive(sent, person_spans or []), lower)
    if known_names:
        spans += _known_name_spans(words, known_names, spans)
    spans.sort()
    units = _cut(sent, spans, words)
    _demote_modifiers(units, sent)
    _seats_that_act(units)
    _mark_located_cities(units)
    _demote_prefixed_names(units)
    _demote_river_banks(units)
    if not lower:
        _demote_city_names(units)
    _demote_named_collectives(units)
    add_title_names(units, lower)
    if not lower:
        add_apposition_names(units)
    name_organisations(units, sent.start)
    return units


def _without_possessive(sent: Sentence, person_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the person spans with a trailing possessive mark cut off: a PERSON entity may take it in
    ("Justin Trudeau's" of "Justin Trudeau's government"); the name is the words before it, and the
    mark stays a word that joins the name to its head noun."""
    out = []
    for s, e in person_spans:
        text = sent.text[s - sent.start:e - sent.start]
        for mark in POSSESSIVE_SUFFIXES:
            if text.endswith(mark) and len(text) > len(mark) + 1:
                e -= len(mark)
                break
        out.append((s, e))
    return out


def sentence_words(text: str, base: int) -> list[tuple[int, int, str]]:
    """Return the word tokens of ``text`` as (start, end, word), offsets shifted by ``base``."""
    return [(base + m.start(), base + m.end(), m.group()) for m in WORD.finditer(text)]


def _free(spans: list[Span], s: int, e: int) -> bool:
    return all(e <= a or s >= b for a, b, _, _ in spans)


def _match_spans(sent: Sentence, gaz: Gazetteer, person_spans: list[tuple[int, int]], lower: bool) -> list[Span]:
    """Return the person spans and the gazetteer matches that survive them, without overlaps."""
    base = sent.start
    spans: list[Span] = [(s, e, "name", None) for s, e in person_spans]
    for m in gaz.find(sent.text, lowercase=lower):
        m = Match(m.start + base, m.end + base, m.text, m.entries)
        if not _free(spans, m.start, m.end):
            if m.entries[0].kind in COMMON_NOUN_KINDS:
                continue  # a person name wins over a common-noun reading inside it ("Bishop")
            # gazetteer names (countries, IGOs) win over a spurious PERSON entity
            spans = [sp for sp in spans if sp[1] <= m.start or sp[0] >= m.end]
        spans.append((m.start, m.end, m.entries[0].kind, m))
    return spans


def _known_name_spans(words: list[tuple[int, int, str]], known: Collection[str], spans: list[Span]) -> list[Span]:
    """Return name spans for capitalised words the article or the registry already knows as names."""
    taken = list(spans)
    out: list[Span] = []
    for i, (s, e, w) in enumerate(words):
        if w in known and w[:1].isupper() and _free(taken, s, e):
            # extend to a following known token ("Jeyhun Bayramov")
            end = e
            j = i + 1
            while j < len(words) and words[j][2] in known and words[j][2][:1].isupper():
                end = words[j][1]
                j += 1
            if _free(taken, s, end):
                taken.append((s, end, "name", None))
                out.append((s, end, "name", None))
    return out


def _cut(sent: Sentence, spans: list[Span], words: list[tuple[int, int, str]]) -> list[Unit]:
    """Return the units: one per span, and a word unit for every word outside the spans."""
    tok_by_start = {t.start: t for t in sent.tokens}
    units: list[Unit] = []
    wi = 0
    for s, e, kind, m in spans:
        while wi < len(words) and words[wi][0] < s:
            units.append(_word_unit(*words[wi], tok_by_start))
            wi += 1
        while wi < len(words) and words[wi][0] < e:
            wi += 1
        units.append(_span_unit(sent, s, e, kind, m, tok_by_start))
    units.extend(_word_unit(*w, tok_by_start) for w in words[wi:])
    return units


def _span_unit(sent: Sentence, s: int, e: int, kind: str, m: Match | None, tok_by_start: dict[int, Any]) -> Unit:
    u = Unit(s, e, sent.text[s - sent.start : e - sent.start], kind)
    if m is not None:
        u.entry = m.entries[0]
        u.entries = m.entries
    tok = tok_by_start.get(s)
    if tok is not None:
        u.pos = tok.pos
        # the dependency of the unit is that of its last token (its head, in English NPs)
        last = [t for t in sent.tokens if s <= t.start < e]
        if last:
            u.dep = last[-1].dep
            u.pos = last[-1].pos
    return u


def _word_unit(s: int, e: int, w: str, tok_by_start: dict[int, Any]) -> Unit:
    tok = tok_by_start.get(s)
    return Unit(s, e, w, "word", dep=tok.dep if tok else "", pos=tok.pos if tok else "")


ACTING_DEPS = ("nsubj", "nsubjpass", "poss")


def _seats_that_act(units: list[Unit]) -> None:
    """A capital that is also an IGO's seat stands for the IGO only where it acts ("Brussels imposed sanctions").

    The gazetteer reads "Brussels" as the EU first; as a subject or a possessor it is the EU, anywhere
    else ("marched through Brussels", "met in Brussels") it is the city, its country's capital. In an
    unparsed sentence, after a preposition of place or path it is the city.
    """
    for i, u in enumerate(units):
        after_prep = i > 0 and units[i - 1].text.lower() in LOCATIVE
        if u.kind == "igo" and (u.dep not in ACTING_DEPS if u.dep else after_prep):
            capital = next((e for e in u.entries if e.kind == "capital"), None)
            if capital is not None:
                u.kind, u.entry = "capital", capital


def _mark_located_cities(units: list[Unit]) -> None:
    """A capital or city after a locative preposition ("met in Ankara") is a place, not a metonym.

    It stays an actor of its country with no sector (basis "place"): gold standards such as PLOVER
    code "demonstrators in Baghdad" as IRQ, but it does not stand for the government.
    """
    for i, u in enumerate(units):
        if u.kind in ("capital", "city") and i > 0 and units[i - 1].text.lower() in LOCATIVE:
            u.located = True


def _demote_city_names(units: list[Unit]) -> None:
    """A city followed by a capitalised word is part of a name ("the Paris Club", "Tokyo Stock Exchange")."""
    for i, u in enumerate(units[:-1]):
        nxt = units[i + 1]
        if u.kind in ("capital", "city") and nxt.kind == "word" and is_cap(nxt.text) and nxt.text.isalpha() \
                and nxt.text.lower() not in CALENDAR:
            u.kind = "word"


def _demote_river_banks(units: list[Unit]) -> None:
    """ "the west bank of the Dnipro", "the far bank": a river's bank is a place, not a business."""
    for i, u in enumerate(units):
        if u.kind != "sector" or not u.text.islower() or u.text not in RIVER_BANK_WORDS:
            continue
        # a side word only: "the central bank of Nigeria" is a bank
        if i > 0 and units[i - 1].text.lower() in RIVER_BANK_SIDES:
            u.kind = "word"


def _demote_prefixed_names(units: list[Unit]) -> None:
    """ "all-India", "pan-African": a country inside a compound adjective names no actor."""
    for i, u in enumerate(units):
        if u.kind in ("country", "demonym") and i >= 2 and units[i - 1].text == "-" \
                and units[i - 2].text.lower() in COMPOUND_PREFIXES:
            u.kind = "word"


def _demote_named_collectives(units: list[Unit]) -> None:
    """A collective inside a proper name ("the Conference of the Parties") refers to no one in focus."""
    for i, u in enumerate(units):
        if u.kind != "collective" or i < 2:
            continue
        prev, before = units[i - 1], units[i - 2]
        if prev.text.lower() == "of" and before.kind == "word" and is_cap(before.text):
            u.kind = "word"


def _demote_modifiers(units: list[Unit], sent: Sentence) -> None:
    """Turn sector terms used as noun modifiers ("press release", "state media") into words."""
    for i, u in enumerate(units):
        if u.kind not in ("sector", "title"):
            continue
        if u.kind == "title" and not (u.pos == "ADJ" or u.text.lower() in ADJECTIVE_TERMS):
            continue
        nxt = units[i + 1] if i + 1 < len(units) else Unit(u.end, u.end, "", "end")
        if _is_modifier(units, i, nxt, sent.parsed):
            u.kind = "word"


def _is_modifier(units: list[Unit], i: int, nxt: Unit, parsed: bool) -> bool:
    """True when the sector term or title at ``i`` modifies the noun after it."""
    u = units[i]
    # Only known non-actor compounds: "army bulldozers" or "police custody" still tell who acts.
    if nxt.kind == "word" and nxt.text.lower() in NON_ACTOR_NEXT:
        return True
    if nxt.text == "-" and nxt.start == u.end \
            and not (i + 2 < len(units) and units[i + 2].text.lower() in ACTOR_HYPHEN_SUFFIXES):
        return True  # "state-level": part of a modifier (but "rebel-held" still names rebels)
    if parsed:
        return u.pos == "ADJ"  # "military aid", "official visit"
    return u.text.lower() in ADJECTIVE_TERMS and nxt.kind == "word" and nxt.text.isalpha() \
        and nxt.text.islower() and nxt.text not in FUNCTION_WORDS
