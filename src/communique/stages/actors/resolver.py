"""Turn the mentions of a sentence into Actors, and link them across an article.

The resolver works in three steps, the same on parsed and unparsed sentences:

1. **Units.** The sentence is cut into word tokens; gazetteer matches (countries, demonyms,
   capitals, IGOs, named groups, sector terms, titles, collective references) and person names
   (spaCy PERSON entities, capitalised words after a title, names already known in the article or
   the registry) become units.
2. **Chunks.** Consecutive units joined by light material (a determiner, "'s", "-backed", a short
   adjective such as "senior", "of" + country) form one mention: "the Azerbaijani Foreign Ministry's
   press service", "Russian-backed separatists", "King Hassan of Morocco".
3. **Reading.** A chunk's country comes from its country-like units (a country, demonym, capital,
   named group or an "of" phrase); its sector from its head noun (a generic head such as "leaders"
   or "officers" inherits a modifier's sector: "rebel leaders" -> REB, "army officers" -> MIL);
   a person name makes it a person. Conventions, chosen so that the output is predictable:

   - a country, capital or major city alone is the state acting: kind "country", sector GOV
     ("Ankara said" -> TUR/GOV, how="metonym");
   - "X-backed", "X-supported", "pro-X" name a sponsor, not the actor's nationality: the actor's
     country stays unknown (or comes from a named group) and the sponsor is kept in ``how``
     ("sponsor=RUS"); "X-led" keeps X, as CAMEO codes "US-led coalition" USA;
   - coordinated modifiers with one head ("Hungarian and Romanian officials") give one actor
     per country;
   - a demonym used as a plural noun ("Nigerians", "the Palestinians") is the people of that
     country: kind "group", sector CVL; "ethnic Albanians" is an ethnic group, not nationals:
     sector CVL and the country of the context;
   - a bare demonym modifying a non-actor noun ("Israeli air raids", "the Armenian constitution")
     is its country with no sector (kind "country", how="demonym-modifier");
   - a capital or city after a locative preposition ("met in Ankara") is a place: its country,
     no sector (how="place"); the events stage should not take it as an agent;
   - a title with no name ("the Azerbaijani Foreign Minister", "the prime minister") is an
     unnamed person (how="title-only:...");
   - capitalised words before a sector noun name a body ("Gotthard Bank": kind organisation);
   - an unqualified domestic agent (a titled person or a sector noun with no country) takes the
     country most mentioned in the sentence, else in the article so far (how "...;context-country=X");
     countries that qualify another government actor are not used for persons, and agents marked
     "foreign", "international", ... are left without a country.

The article pass then links mentions (see ``ArticleLinker``):

- titles and appositions bind a person to a country and sector ("Turkish Foreign Minister Hakan
  Fidan", "Hakan Fidan, the Turkish foreign minister,");
- the *pair in focus* is the last ordered pair of countries the text names together: coordinated
  or hyphenated demonyms ("Azerbaijani-Turkish relations"), "X and Y", "between X and Y";
- an enumeration of N names right after a plural title whose countries are N countries in a
  known order ("the Foreign Ministers of the two countries - A and B", "the Azerbaijani and
  Turkish foreign ministers, A and B") binds the names in that order, the way "respectively"
  reads; a country already known for one of the names (an earlier title, the registry) wins;
- a later surname (or any known part of the name) links back to the full person;
- collective references ("the two countries", "both sides", "the parties", "the Ministers")
  become a group whose members are the pair in focus: its persons when each country of the pair
  has one, else the two countries; a collective inside a proper name ("the Conference of the
  Parties") is left alone;
- "he"/"she" as a subject (parsed) or sentence-initial (unparsed) links to the last person that
  was a subject within the two previous sentences; "his counterpart/interlocutor" links to the
  other person of the pair.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from communique.core.article import Actor, Article, Entity, Sentence, content_hash
from communique.stages.actors.gazetteer import _WORD, Entry, Gazetteer, Match, is_lowercased, load_gazetteer

DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "both", "two", "three", "several", "some",
               "many", "all", "other", "these"}
POSSESSIVE_PRONOUNS = {"its", "his", "her", "their", "our", "my", "your"}
# Short modifiers that may sit inside an actor mention without changing who it is.
MODIFIERS = {
    "senior", "top", "former", "new", "acting", "deputy", "local", "federal", "national", "central",
    "regional", "provincial", "state-run", "visiting", "outgoing", "incoming", "chief", "high",
    "supreme", "interim", "transitional", "ruling", "main", "leading", "official", "elected",
    "newly", "vice", "then", "ex", "current", "exiled", "hardline", "moderate", "radical", "islamist",
    "islamic", "armed", "unidentified", "unknown", "suspected", "alleged", "ethnic", "muslim",
    "christian", "hindu", "jewish", "sunni", "shiite", "shia", "kurdish", "tamil", "catholic",
    "orthodox", "foreign", "special", "own", "various", "angry", "striking", "peacekeeping",
    "civilian", "military", "government", "state", "security", "defence", "defense", "interior",
    "ministry", "presidential", "royal", "opposition", "rebel", "police", "army", "separatist",
    "two", "three", "four", "five", "dozens", "hundreds", "thousands", "of", "several", "junior", "nationalist", "militant", "communist", "socialist", "conservative", "liberal", "democratic",
}
# Hyphenated forms after a country word that mark a sponsor, not a nationality ("X-led" keeps X:
# the leader's country is the force's, as CAMEO codes "US-led coalition").
SPONSOR = {"backed", "supported", "sponsored", "allied", "funded", "armed", "trained", "aligned"}
LED = {"led", "dominated", "controlled", "run", "commanded"}
# Heads that take the sector of a more specific modifier ("rebel leaders" -> REB).
GENERIC_HEADS = {
    "leader", "leaders", "leadership", "official", "officials", "spokesman", "spokeswoman", "spokesperson",
    "commander", "commanders", "chief", "head", "members", "member", "forces", "force", "group",
    "groups", "representative", "representatives", "delegation", "delegations", "negotiator",
    "negotiators", "officer", "officers", "personnel", "sources", "fighters", "supporters",
    "press service", "press office", "mission", "envoy", "envoys", "side", "sides", "minister",
    "ministers", "ministry", "troops", "counterpart", "authorities",
}
# Words after a sector term that show it is a modifier, not the head ("press release").
NON_ACTOR_NEXT = {
    "release", "releases", "conference", "freedom", "media", "television", "radio", "agency", "visit",
    "budget", "station", "stations", "report", "reports", "statement", "level", "levels", "building",
    "buildings", "headquarters", "policy", "policies", "reform", "reforms", "chief", "record", "official",
    "officials", "property", "secrets", "interests", "sources", "affairs", "elections", "election",
    "vehicle", "vehicles", "bill", "law", "laws", "decision", "ruling", "order", "case", "cases",
}
# Plural agent nouns whose "in <country>" phrase gives their country.
PLURAL_AGENTS = {"rebels", "insurgents", "militants", "separatists", "guerrillas", "opposition", "groups",
                 "parties", "forces", "protesters", "demonstrators", "students", "activists", "refugees",
                 "civilians", "residents", "villagers", "gunmen", "fighters", "police", "authorities"}
AMBIGUOUS_TITLES = {"general", "major", "private", "justice", "representative", "deputy", "speaker", "marshal",
                    "captain"}
ORG_SUFFIXES = {"co", "corp", "inc", "ltd", "plc", "llc", "ag", "sa", "nv", "gmbh", "bank", "group", "company",
                "corporation", "holdings", "airlines", "motors", "electric", "union", "front", "party", "movement",
                "council", "committee", "association", "federation", "league", "congress", "organization",
                "organisation", "agency", "commission", "assembly", "club", "institute", "foundation", "fund",
                "department", "ministry", "office", "service", "court", "house", "bureau", "board", "authority",
                "administration", "news", "university", "exchange", "reserve", "treasury"}
CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
# Prepositions before a country that make it another party or a destination, not the scene.
OTHER_PARTY = {"from", "to", "against", "with", "toward", "towards", "into", "over"}
# Modifiers that say an agent is not of the country in focus ("foreign governments").
NOT_LOCAL = {"foreign", "international", "overseas", "western", "other", "outside", "regional", "world"}
# Sector terms that are also adjectives; unparsed, they are modifiers before a lower-case word.
ADJECTIVE_TERMS = {"official", "military", "royal", "public", "national", "local", "federal", "executive",
                   "corporate", "academic", "civilian", "criminal", "paramilitary"}
FUNCTION_WORDS = {"said", "says", "say", "told", "and", "or", "of", "in", "on", "at", "to", "for", "with", "from",
                  "has", "have", "had", "is", "are", "was", "were", "will", "would", "who", "which", "that",
                  "by", "as", "also", "could", "should", "may", "might", "did", "does", "do"}
THIRD_PERSON = {"he": "m", "she": "f"}
COUNTERPART_WORDS = {"interlocutor", "counterpart"}

_NAME_PARTICLES = {"de", "da", "del", "van", "von", "al", "el", "bin", "ibn", "ben", "abu", "la", "le", "di"}


@dataclass
class Unit:
    """One piece of a sentence: a gazetteer match, a person name, or a plain word."""

    start: int
    end: int
    text: str
    kind: str  # gazetteer kind, "name" or "word"
    entry: Entry | None = None
    entries: list[Entry] = field(default_factory=list)
    dep: str = ""
    pos: str = ""
    located: bool = False  # a city after a locative preposition ("in Ankara")
    org_name: str = ""  # a named body whose head is a sector noun ("Gotthard Bank")

    @property
    def actorish(self) -> bool:
        return self.kind not in ("word",)


@dataclass
class Reading:
    """What a chunk says about who is acting (before in-document linking)."""

    start: int
    end: int
    text: str
    countries: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    sector: str | None = None
    sector_how: str = ""
    title: str | None = None
    name: str | None = None
    name_span: tuple[int, int] | None = None
    igo: Entry | None = None
    group: Entry | None = None
    collective: Entry | None = None
    of_collective: Entry | None = None
    head_kind: str = ""  # kind of the head unit
    org_name: str = ""  # name of a named body ("Gotthard Bank")
    plural: bool = False
    modifier_only: bool = False  # demonym(s) modifying a non-actor noun ("Israeli air raids")
    units: list[Unit] = field(default_factory=list)
    coordinated: list[Unit] = field(default_factory=list)  # country-like units joined by and / -


# --------------------------------------------------------------------------------------------
# Units


def _words(text: str, base: int) -> list[tuple[int, int, str]]:
    return [(base + m.start(), base + m.end(), m.group()) for m in _WORD.finditer(text)]


def sentence_units(
    sent: Sentence,
    gaz: Gazetteer,
    person_spans: list[tuple[int, int]] | None = None,
    known_names: dict[str, Any] | None = None,
) -> list[Unit]:
    """Return the units of a sentence, left to right (character offsets are article-level)."""
    base = sent.start
    lower = is_lowercased(sent.text)
    matches = [
        Match(m.start + base, m.end + base, m.text, m.entries) for m in gaz.find(sent.text, lowercase=lower)
    ]
    words = _words(sent.text, base)
    tok_by_start = {t.start: t for t in sent.tokens}
    spans: list[tuple[int, int, str, Any]] = []
    for s, e in person_spans or []:
        spans.append((s, e, "name", None))
    taken = [(s, e) for s, e, _, _ in spans]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in matches:
        # A person name wins over a common-noun reading inside it ("Bishop" in a surname).
        if m.entries[0].kind in ("sector", "title", "collective") and not free(m.start, m.end):
            continue
        if not free(m.start, m.end):
            # gazetteer names (countries, IGOs) win over a spurious PERSON entity
            spans = [sp for sp in spans if sp[1] <= m.start or sp[0] >= m.end]
            taken = [(s, e) for s, e, _, _ in spans]
        spans.append((m.start, m.end, m.entries[0].kind, m))
        taken.append((m.start, m.end))
    # Names already known in this article / the registry, matched on word tokens.
    if known_names:
        for i, (s, e, w) in enumerate(words):
            if w in known_names and w[:1].isupper() and free(s, e):
                # extend to a following known token ("Jeyhun Bayramov")
                end = e
                j = i + 1
                while j < len(words) and words[j][2] in known_names and words[j][2][:1].isupper():
                    end = words[j][1]
                    j += 1
                if free(s, end):
                    spans.append((s, end, "name", None))
                    taken.append((s, end))
    spans.sort()
    units: list[Unit] = []
    wi = 0
    text = sent.text
    for s, e, kind, m in spans:
        while wi < len(words) and words[wi][0] < s:
            ws, we, w = words[wi]
            units.append(_word_unit(ws, we, w, tok_by_start))
            wi += 1
        while wi < len(words) and words[wi][0] < e:
            wi += 1
        u = Unit(s, e, text[s - base : e - base], kind)
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
        units.append(u)
    while wi < len(words):
        ws, we, w = words[wi]
        units.append(_word_unit(ws, we, w, tok_by_start))
        wi += 1
    _demote_modifiers(units, sent)
    _mark_located_cities(units)
    _demote_prefixed_names(units)
    if not lower:
        _demote_city_names(units)
    _demote_named_collectives(units)
    _add_title_names(units, lower)
    if not lower:
        _add_apposition_names(units)
    _name_organisations(units, sent.start)
    return units


LOCATIVE = {"in", "at", "from", "near", "into", "outside", "around", "across", "within", "toward", "towards",
            "via", "through", "inside", "to"}


def _mark_located_cities(units: list[Unit]) -> None:
    """A capital or city after a locative preposition ("met in Ankara") is a place, not a metonym.

    It stays an actor of its country with no sector (how="place"): gold standards such as PLOVER
    code "demonstrators in Baghdad" as IRQ, but it does not stand for the government.
    """
    for i, u in enumerate(units):
        if u.kind in ("capital", "city") and i > 0 and units[i - 1].text.lower() in LOCATIVE:
            u.located = True


def _demote_city_names(units: list[Unit]) -> None:
    """A city followed by a capitalised word is part of a name ("the Paris Club", "Tokyo Stock Exchange")."""
    for i, u in enumerate(units[:-1]):
        nxt = units[i + 1]
        if u.kind in ("capital", "city") and nxt.kind == "word" and _is_cap(nxt.text) and nxt.text.isalpha() \
                and nxt.text.lower() not in CALENDAR:
            u.kind = "word"


def _demote_prefixed_names(units: list[Unit]) -> None:
    """ "all-India", "pan-African": a country inside a compound adjective names no actor."""
    for i, u in enumerate(units):
        if u.kind in ("country", "demonym") and i >= 2 and units[i - 1].text == "-" \
                and units[i - 2].text.lower() in ("all", "pan", "trans", "inter", "intra"):
            u.kind = "word"


def _demote_named_collectives(units: list[Unit]) -> None:
    """A collective inside a proper name ("the Conference of the Parties") refers to no one in focus."""
    for i, u in enumerate(units):
        if u.kind != "collective" or i < 2:
            continue
        prev, before = units[i - 1], units[i - 2]
        if prev.text.lower() == "of" and before.kind == "word" and _is_cap(before.text):
            u.kind = "word"


def _word_unit(s: int, e: int, w: str, tok_by_start: dict[int, Any]) -> Unit:
    tok = tok_by_start.get(s)
    return Unit(s, e, w, "word", dep=tok.dep if tok else "", pos=tok.pos if tok else "")


def _demote_modifiers(units: list[Unit], sent: Sentence) -> None:
    """Turn sector terms used as noun modifiers ("press release", "state media") into words."""
    for i, u in enumerate(units):
        if u.kind not in ("sector", "title"):
            continue
        if u.kind == "title" and not (u.pos == "ADJ" or u.text.lower() in ADJECTIVE_TERMS):
            continue
        nxt = units[i + 1] if i + 1 < len(units) else Unit(u.end, u.end, "", "end")
        # Only known non-actor compounds: "army bulldozers" or "police custody" still tell who acts.
        if nxt.kind == "word" and nxt.text.lower() in NON_ACTOR_NEXT:
            u.kind = "word"
        elif nxt.text == "-" and nxt.start == u.end and not (
                i + 2 < len(units) and units[i + 2].text.lower() in LED | SPONSOR | {"held"}):
            u.kind = "word"  # "state-level": part of a modifier (but "rebel-held" still names rebels)
        elif sent.parsed and u.pos == "ADJ":
            u.kind = "word"  # "military aid", "official visit"
        elif not sent.parsed and u.text.lower() in ADJECTIVE_TERMS and nxt.kind == "word" \
                and nxt.text.isalpha() and nxt.text.islower() and nxt.text not in FUNCTION_WORDS:
            u.kind = "word"


def _is_cap(w: str) -> bool:
    return w[:1].isupper() and any(c.isalpha() for c in w)


def _add_title_names(units: list[Unit], lower: bool = False) -> None:
    """Capitalised words right after a title (or an enumeration) become a name unit.

    Titles that are also common words ("general", "major") count only when capitalised in
    normally cased text; a "name" with a corporate suffix ("General Electric Co") is a company.
    """
    i = 0
    while i < len(units):
        u = units[i]
        if u.kind == "title" and not lower and u.text.lower() in AMBIGUOUS_TITLES and not _is_cap(u.text):
            u.kind = "word"
        if u.kind == "title" and i + 1 < len(units) and units[i + 1].kind == "word":
            j = _name_run(units, i + 1)
            glued = j == i + 2 and j < len(units) and units[j].kind != "word" and units[j].start - units[j - 1].end <= 1
            if j > i + 1 and (glued or any(v.text.strip(".,").lower() in ORG_SUFFIXES for v in units[i + 1 : j])):
                for v in units[i:j]:
                    v.kind = "word"
                i = j
                continue
            if j > i + 1:
                _merge_name(units, i + 1, j)
        i += 1


def _add_apposition_names(units: list[Unit]) -> None:
    """Two or more capitalised words set off by commas next to a title are a name.

    "Hakan Fidan, the Turkish foreign minister, said" and "the Turkish foreign minister, Hakan
    Fidan, said": on unparsed text there is no PERSON entity, but the apposition shows the name.
    """
    i = 0
    while i < len(units):
        u = units[i]
        if u.kind != "word" or not _is_cap(u.text) or (i > 0 and units[i - 1].kind == "word"
                                                      and _is_cap(units[i - 1].text)):
            i += 1
            continue
        j = _name_run(units, i)
        if j - i < 2:
            i += 1
            continue
        after = j < len(units) and units[j].text == "," and _title_within(units[j + 1 : j + 8])
        before = i >= 2 and units[i - 1].text == "," and _title_within(list(reversed(units[max(0, i - 8) : i - 1])))
        if after or before:
            _merge_name(units, i, j)
        i += 1


def _title_within(seq: list[Unit]) -> bool:
    for u in seq:
        if u.text in (",", ".", ";", ":"):
            return False
        if u.kind == "title":
            return True
    return False


def _name_organisations(units: list[Unit], sent_start: int) -> None:
    """Capitalised words before a capitalised sector noun form a named body ("Gotthard Bank").

    A capitalised sector noun followed by a capitalised word ("National Westminster") is part
    of a name and is dropped.
    """
    for i, u in enumerate(units):
        if u.kind != "sector" or " " in u.text or not _is_cap(u.text):
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if nxt is not None and nxt.kind == "word" and _is_cap(nxt.text) and nxt.text.isalpha():
            u.kind = "word"
            continue
        j = i
        while j > 0 and units[j - 1].kind == "word" and _is_cap(units[j - 1].text) and units[j - 1].text.isalpha() \
                and units[j - 1].text.lower() not in DETERMINERS:
            j -= 1
        if j < i and not (j == 0 and i - j == 1 and units[0].start == sent_start):
            u.org_name = " ".join(v.text for v in units[j : i + 1])
            u.start = units[j].start
            u.text = u.org_name
            del units[j:i]
            return _name_organisations(units, sent_start)


def _name_run(units: list[Unit], i: int) -> int:
    """Return the end index of a run of capitalised words starting at ``i`` (i when none)."""
    j = i
    while j < len(units):
        w = units[j].text
        if units[j].kind == "name" and j > i:
            j += 1  # a known surname after a first name: "George" + "Shultz"
            continue
        if units[j].kind != "word":
            break
        if _is_cap(w) and w.lower() not in DETERMINERS:
            j += 1
        elif w.lower() in _NAME_PARTICLES and j + 1 < len(units) and (
            _is_cap(units[j + 1].text) or units[j + 1].text == "-"
        ) and j > i:
            j += 1
        elif w == "-" and j > i and j + 1 < len(units) and units[j + 1].start == units[j].end \
                and units[j - 1].end == units[j].start and _is_cap(units[j + 1].text):
            j += 1
        elif w == "." and j > i and len(units[j - 1].text) == 1 and units[j - 1].text.isupper() \
                and units[j].start == units[j - 1].end and j + 1 < len(units) and _is_cap(units[j + 1].text):
            j += 1  # an initial: "Mario M. Cuomo"
        else:
            break
    return j


def _merge_name(units: list[Unit], i: int, j: int) -> None:
    s, e = units[i].start, units[j - 1].end
    text = "".join(
        u.text if k == 0 else (" " * (u.start - units[i + k - 1].end)) + u.text
        for k, u in enumerate(units[i:j])
    )
    units[i:j] = [Unit(s, e, text, "name", dep=units[j - 1].dep, pos=units[j - 1].pos)]


# --------------------------------------------------------------------------------------------
# Chunks


def chunk_units(units: list[Unit]) -> list[list[Unit]]:
    """Group units into mentions: actor-like units joined by light material."""
    chunks: list[list[Unit]] = []
    i = 0
    n = len(units)
    while i < n:
        u = units[i]
        if not u.actorish:
            i += 1
            continue
        # leading determiner / modifiers
        start = i
        while start > 0 and units[start - 1].kind == "word" and (
            units[start - 1].text.lower() in DETERMINERS or units[start - 1].text.lower() in MODIFIERS
        ) and units[start - 1].text.lower() != "of":
            start -= 1
        # "pro-Iranian": sponsor prefix
        if start >= 2 and units[start - 1].text == "-" and units[start - 2].text.lower() in ("pro", "anti"):
            start -= 2
        chunk = units[start : i + 1]
        j = i + 1
        while j < n:
            nxt = units[j]
            prev = chunk[-1]
            if nxt.actorish:
                if prev.kind == "name" and nxt.kind == "name":
                    break  # two names in a row are two people
                if nxt.kind == "collective" and prev.kind != "word":
                    break
                chunk.append(nxt)
                j += 1
                continue
            t = nxt.text.lower()
            # possessive
            if t in ("'s", "’s", "'", "’") or (t in ("'", "’") and j + 1 < n and units[j + 1].text == "s"):
                k = j + 1
                if k < n and units[k].text == "s":
                    k += 1
                if k < n and _continues(units, k, 3):
                    chunk.extend(units[j:k])
                    j = k
                    continue
                break
            if t == "-" and j + 1 < n and nxt.start == prev.end:
                after = units[j + 1]
                if after.text.lower() in SPONSOR or after.text.lower() in LED or after.actorish:
                    chunk.extend([nxt, after])
                    j += 2
                    continue
                break
            if t == "and" and prev.kind in ("demonym", "country") and j + 1 < n and units[j + 1].kind in (
                "demonym",
            ):
                chunk.extend([nxt, units[j + 1]])
                j += 2
                continue
            if t == "in" and prev.kind == "sector" and j + 1 < n and not any(
                    c.kind in ("country", "demonym", "capital", "city", "group", "igo") for c in chunk):
                # "Rebels in the Ivory Coast", "opposition groups in Zimbabwe": the country they are in
                k = j + 1
                while k < n and units[k].kind == "word" and units[k].text.lower() in DETERMINERS:
                    k += 1
                if k < n and units[k].kind in ("country", "capital", "city") \
                        and prev.text.lower().split()[-1] in PLURAL_AGENTS:
                    chunk.extend(units[j : k + 1])
                    j = k + 1
                    continue
                break
            if t == "of" and prev.kind in ("title", "sector", "name", "collective") and j + 1 < n:
                k = j + 1
                while k < n and units[k].kind == "word" and units[k].text.lower() in DETERMINERS:
                    k += 1
                if k < n and units[k].kind in ("country", "capital", "city", "igo", "group", "collective"):
                    chunk.extend(units[j : k + 1])
                    j = k + 1
                    continue
                break
            if (t in MODIFIERS or (_is_cap(nxt.text) and prev.kind != "name") or _adjective_like(nxt)) \
                    and _continues(units, j + 1, 3):
                k = j + 1
                while k < n and not units[k].actorish:
                    k += 1
                chunk.extend(units[j : k + 1])
                j = k + 1
                continue
            break
        chunks.append(chunk)
        i = j
    return chunks


_ADJ_SUFFIXES = ("ist", "ic", "al", "ian", "ive", "ary", "ern")


def _adjective_like(u: Unit) -> bool:
    """A lower-case adjective or noun modifier that may sit inside a mention ("nationalist")."""
    if u.kind != "word" or not u.text.isalpha() or not u.text.islower():
        return False
    if u.pos:
        return u.pos == "ADJ" or (u.pos == "NOUN" and u.dep in ("compound", "amod"))
    return u.text.endswith(_ADJ_SUFFIXES)


def _continues(units: list[Unit], k: int, window: int = 1) -> bool:
    """True when an actor unit starts within ``window`` light words from index ``k``."""
    for d in range(window):
        if k + d >= len(units):
            return False
        u = units[k + d]
        if u.actorish:
            return True
        t = u.text.lower()
        if not (t in MODIFIERS or _is_cap(u.text) or t in DETERMINERS or _adjective_like(u)):
            return False
        if t in (",", ".", ";", ":"):
            return False
    return False


# --------------------------------------------------------------------------------------------
# Reading a chunk


def read_chunk(chunk: list[Unit]) -> Reading | None:
    """Return what the chunk says about its actor, or None when it names no actor."""
    # trim leading determiners/modifiers that are not part of a named unit
    lead = 0
    while lead < len(chunk) - 1 and chunk[lead].kind == "word" and chunk[lead].text.lower() in DETERMINERS:
        lead += 1
    body = chunk[lead:]
    r = Reading(start=chunk[0].start, end=chunk[-1].end, text="", units=chunk)
    # split off an "of" phrase
    of_at = next((k for k, u in enumerate(body) if u.kind == "word" and u.text.lower() in ("of", "in") and k > 0),
                 None)
    main = body if of_at is None else body[:of_at]
    tail = [] if of_at is None else body[of_at + 1 :]
    actor_units = [u for u in main if u.actorish]
    if not actor_units and not tail:
        return None
    head = actor_units[-1] if actor_units else None
    # sponsors: "X-backed", "pro-X"
    sponsor_ids: set[int] = set()
    for k, u in enumerate(main):
        if u.kind in ("country", "demonym", "capital", "city") and k + 2 < len(main) and main[k + 1].text == "-" \
                and main[k + 2].text.lower() in SPONSOR:
            sponsor_ids.add(id(u))
        if u.kind in ("country", "demonym") and k >= 2 and main[k - 1].text == "-" and \
                main[k - 2].text.lower() in ("pro", "anti"):
            sponsor_ids.add(id(u))
    ethnic = any(u.kind == "word" and u.text.lower() == "ethnic" for u in main)
    for u in main:
        if u.entry is None:
            continue
        if ethnic and u.kind == "demonym":
            # "ethnic Albanians in Serbia" are an ethnic group, not nationals of Albania
            r.sector, r.sector_how = r.sector or "CVL", "ethnic"
            r.plural = True
            continue
        if id(u) in sponsor_ids:
            r.sponsors.append(u.entry.country or "")
        elif u.kind in ("country", "demonym", "capital", "city"):
            if u.entry.country not in r.countries:
                r.countries.append(u.entry.country or "")
                r.coordinated.append(u)
        elif u.kind == "igo":
            r.igo = r.igo or u.entry
        elif u.kind == "group":
            r.group = r.group or u.entry
            if u.entry.country and u.entry.country not in r.countries:
                r.countries.append(u.entry.country)
        elif u.kind == "collective":
            r.collective = u.entry
    for u in tail:
        if u.entry is None:
            continue
        if u.kind in ("country", "capital", "city") and u.entry.country not in r.countries:
            r.countries.append(u.entry.country or "")
            r.coordinated.append(u)
        elif u.kind == "collective":
            r.of_collective = u.entry
        elif u.kind == "igo" and r.igo is None:
            r.igo = u.entry
        elif u.kind == "group" and r.group is None:
            r.group = u.entry
            if u.entry.country and u.entry.country not in r.countries:
                r.countries.append(u.entry.country)
    names = [u for u in main if u.kind == "name"]
    if names:
        r.name = " ".join(names[-1].text.split())
        r.name_span = (names[-1].start, names[-1].end)
    titles = [u for u in main if u.kind == "title"]
    if titles:
        r.title = " ".join(titles[-1].text.lower().split())
    if head is None:
        head = tail[-1] if tail else None
    r.head_kind = head.kind if head else ""
    r.org_name = head.org_name if head else ""
    # a person-level collective with an "of" phrase is a title ("the Foreign Ministers of ...")
    if r.collective is not None and (r.of_collective is not None or r.countries) and of_at is not None:
        r.title = r.collective.name.removeprefix("the ").removeprefix("two ").removeprefix("both ")
        r.of_collective = r.of_collective or None
        r.collective = None
        r.plural = True
        r.sector, r.sector_how = "GOV", "title"
    else:
        _read_sector(r, main, head)
    if head is not None and head.kind == "demonym" and not r.name:
        if head.entry is not None and head.entry.plural:
            r.plural = True
        elif len([u for u in main if u.actorish]) == len(r.coordinated) and r.sector is None:
            # "Israeli air raids", "Azerbaijani-Turkish relations": the country, sector unknown
            r.modifier_only = True
    if r.sector is not None and not r.countries and not r.name and r.igo is None and r.group is None \
            and r.collective is None and chunk[0].text.lower() in POSSESSIVE_PRONOUNS:
        return None  # "its family", "their people": not an actor we can place
    r.text = ""
    return r


def _read_sector(r: Reading, main: list[Unit], head: Unit | None) -> None:
    sector_units = [u for u in main if u.kind in ("sector", "title") and u.entry is not None]
    if not sector_units:
        if r.name is None and head is not None and head.kind in ("capital", "city") and head.located:
            r.sector, r.sector_how = None, "place"
        elif r.name is None and head is not None and head.kind in ("country", "capital", "city"):
            r.sector, r.sector_how = "GOV", ("metonym" if head.kind in ("capital", "city") else "country")
        elif r.group is not None:
            r.sector, r.sector_how = r.group.sector, "group"
        elif r.igo is not None:
            r.sector, r.sector_how = r.igo.sector, "igo"
        return
    last = sector_units[-1]
    sector = last.entry.sector
    how = last.kind
    if last.text.lower() in GENERIC_HEADS or (last.entry.sector == "GOV" and last.kind == "sector"):
        for u in reversed(sector_units[:-1]):
            if u.entry.sector and u.entry.sector != sector:
                sector, how = u.entry.sector, "modifier"
                break
        else:
            if r.group is not None and r.group.sector and last.text.lower() in GENERIC_HEADS:
                sector, how = r.group.sector, "group"
    r.sector, r.sector_how = sector, how
    low = last.text.lower()
    r.plural = low.endswith("s") and not low.endswith("ss") and low not in ("police", "press", "forces")
    if low in ("forces", "troops", "authorities", "police"):
        r.plural = True


# --------------------------------------------------------------------------------------------
# Actors


def person_id(name: str) -> str:
    """Stable id of a person: a hash of the normalised full name."""
    return "P" + content_hash("person", " ".join(name.lower().split()), length=11)


def group_id(members: list[Actor]) -> str:
    return "G" + content_hash("group", *sorted(m.id for m in members), length=11)


def sector_actor_id(country: str | None, sector: str | None, extra: str = "") -> str:
    return "-".join(p for p in (country or "XXX", sector or "UNK") if p) + (f"-{extra}" if extra else "")


def country_actor(gaz: Gazetteer, iso3: str, text: str = "", start: int = -1, end: int = -1,
                  sentence_index: int = -1, how: str = "country") -> Actor:
    """Return the Actor for a country acting as a state (sector GOV by convention)."""
    name = gaz.country_name(iso3) or iso3
    return Actor(text=text or name, name=name, country=iso3, sector="GOV", kind="country", id=iso3,
                 start=start, end=end, sentence_index=sentence_index, how=how)


def reading_actors(r: Reading, gaz: Gazetteer, text: str, sentence_index: int) -> list[Actor]:
    """Return the actors of one reading, without document context (persons may lack a country)."""
    span_text = text[r.start : r.end]
    r.text = span_text
    how = r.sector_how
    if r.sponsors:
        how += ";sponsor=" + ",".join(r.sponsors)
    if r.name:
        country = r.countries[0] if r.countries else None
        sector = r.sector
        return [Actor(text=span_text, name=r.name, country=country, sector=sector, kind="person",
                      id=person_id(r.name), start=r.start, end=r.end, sentence_index=sentence_index,
                      how=("title" if r.title else "name") + (f":{r.title}" if r.title else ""))]
    if r.collective is not None or r.of_collective is not None:
        # resolved by the linker (members); placeholder group
        return [Actor(text=span_text, name=span_text, country=None, sector=r.sector, kind="group",
                      id="", start=r.start, end=r.end, sentence_index=sentence_index,
                      how="collective:" + (r.collective or r.of_collective).key)]
    if r.igo is not None and not r.countries:
        sector = r.sector if r.sector_how in ("sector", "title", "modifier") and r.sector != "GOV" else r.igo.sector
        kind = "igo"
        aid = r.igo.key if sector == r.igo.sector else f"{r.igo.key}-{sector}"
        return [Actor(text=span_text, name=r.igo.name, country=None, sector=sector, kind=kind, id=aid,
                      start=r.start, end=r.end, sentence_index=sentence_index, how="igo")]
    if r.group is not None and r.head_kind == "group":
        g = r.group
        return [Actor(text=span_text, name=g.name, country=g.country, sector=g.sector, kind=g.actor_kind,
                      id=g.key, start=r.start, end=r.end, sentence_index=sentence_index, how="group")]
    if not r.countries:
        if r.sector is None:
            return []
        if _bare_title(r):
            return [_title_person(r, None, gaz, span_text, r.start, r.end, sentence_index)]
        if r.org_name:
            return [Actor(text=span_text, name=r.org_name, country=None, sector=r.sector, kind="organisation",
                          id="O" + content_hash("org", r.org_name.lower(), length=11), start=r.start, end=r.end,
                          sentence_index=sentence_index, how="named:" + how)]
        kind = "group" if r.plural else "organisation"
        return [Actor(text=span_text, name=span_text, country=None, sector=r.sector, kind=kind,
                      id=sector_actor_id(None, r.sector), start=r.start, end=r.end,
                      sentence_index=sentence_index, how=how)]
    out: list[Actor] = []
    # one actor per coordinated country; the first spans the whole chunk
    for k, iso3 in enumerate(r.countries):
        start = r.start if k == 0 else (r.coordinated[k].start if k < len(r.coordinated) else r.start)
        t = text[start : r.end]
        if r.head_kind in ("country", "capital", "city") and r.sector_how in ("country", "metonym"):
            a = country_actor(gaz, iso3, t, start, r.end, sentence_index, how)
        elif r.sector_how == "place":
            a = country_actor(gaz, iso3, t, start, r.end, sentence_index, "place")
            a.sector = None
        elif r.modifier_only:
            u = r.coordinated[k]
            a = Actor(text=u.text, name=gaz.country_name(iso3) or iso3, country=iso3, sector=None, kind="country",
                      id=iso3, start=u.start, end=u.end, sentence_index=sentence_index, how="demonym-modifier")
        elif r.head_kind == "demonym" and r.sector is None:
            a = Actor(text=t, name=f"{gaz.country_name(iso3) or iso3} people", country=iso3, sector="CVL",
                      kind="group", id=sector_actor_id(iso3, "CVL"), start=start, end=r.end,
                      sentence_index=sentence_index, how="demonym-plural")
        elif _bare_title(r):
            a = _title_person(r, iso3, gaz, t, start, r.end, sentence_index)
        else:
            kind = "group" if r.plural else "organisation"
            name = _sector_name(gaz, iso3, r)
            a = Actor(text=t, name=name, country=iso3, sector=r.sector, kind=kind,
                      id=sector_actor_id(iso3, r.sector), start=start, end=r.end,
                      sentence_index=sentence_index, how=how)
        out.append(a)
    return out


def _bare_title(r: Reading) -> bool:
    return r.head_kind == "title" and not r.plural and not r.name and r.title is not None


def _title_person(r: Reading, iso3: str | None, gaz: Gazetteer, text: str, start: int, end: int,
                  sentence_index: int) -> Actor:
    """An unnamed office holder ("the Azerbaijani Foreign Minister"): a person known by the title."""
    title = r.title or ""
    country = gaz.country_name(iso3) if iso3 else None
    name = f"{country} {title}" if country else title
    slug = re.sub(r"\W+", "-", title).strip("-")
    return Actor(text=text, name=name, country=iso3, sector=r.sector, kind="person",
                 id=sector_actor_id(iso3, r.sector, slug), start=start, end=end, sentence_index=sentence_index,
                 how=f"title-only:{title}")


def _sector_name(gaz: Gazetteer, iso3: str, r: Reading) -> str:
    c = gaz.countries.get(iso3)
    label = {"GOV": "government", "MIL": "military", "POL": "police", "LEG": "legislature", "JUD": "judiciary",
             "BUS": "business", "MED": "media", "REB": "rebels", "OPP": "opposition", "CVL": "civilians",
             "EDU": "education", "HLH": "health", "REL": "religious", "NGO": "NGO", "REF": "refugees",
             "SPY": "intelligence", "UAF": "armed groups", "LAB": "labour", "CRM": "criminals",
             "PTY": "party", "AGR": "agriculture"}.get(r.sector or "", r.sector or "")
    return f"{c.name if c else iso3} {label}".strip()


# --------------------------------------------------------------------------------------------
# Article-level linking


@dataclass
class PersonInfo:
    name: str
    country: str | None
    sector: str | None
    role: str | None
    how: str
    id: str


class ArticleLinker:
    """Resolve an article's mentions in reading order, carrying the context between sentences."""

    def __init__(self, article: Article, gaz: Gazetteer | None = None, registry: Any = None):
        self.article = article
        self.gaz = gaz or load_gazetteer()
        self.registry = registry
        self.persons: dict[str, PersonInfo] = {}  # full name -> info
        self.surnames: dict[str, str] = {}  # surname -> full name (unique only)
        self.focus: list[str] = []  # ordered country pair in focus
        self.focus_persons: dict[str, Actor] = {}  # country -> person representing it
        self.last_subjects: list[tuple[int, Actor]] = []
        self.seen_countries: Counter[str] = Counter()  # countries mentioned in earlier sentences

    # -- names ---------------------------------------------------------------------------
    def known_names(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for full in self.persons:
            for w in full.split():
                out[w] = full
        if self.registry is not None:
            for w in self.registry.name_tokens:
                out.setdefault(w, w)
        return out

    def _learn_person(self, name: str, country: str | None, sector: str | None, role: str | None, how: str) -> None:
        info = self.persons.get(name)
        if info is None or (info.country is None and country):
            self.persons[name] = PersonInfo(name, country, sector, role, how, person_id(name))
        parts = name.split()
        if len(parts) > 1:
            sur = parts[-1]
            if sur in self.surnames and self.surnames[sur] != name:
                self.surnames[sur] = ""  # ambiguous
            else:
                self.surnames[sur] = name

    def _person_lookup(self, name: str) -> PersonInfo | None:
        if name in self.persons:
            return self.persons[name]
        full = self.surnames.get(name) or self.surnames.get(name.split()[-1] if name.split() else "")
        if full and full in self.persons and (name == full.split()[-1] or name in full):
            return self.persons[full]
        for full, info in self.persons.items():
            if name in full.split() and len(name) > 2:
                return info
        return None

    # -- main ----------------------------------------------------------------------------
    def run(self) -> list[Actor]:
        art = self.article
        actors: list[Actor] = []
        ents_by_sent: dict[int, list[Entity]] = {}
        for e in art.entities:
            ents_by_sent.setdefault(e.sentence_index, []).append(e)
        for sent in art.sentences:
            persons = [(e.start, e.end) for e in ents_by_sent.get(sent.index, []) if e.label == "PERSON"]
            units = sentence_units(sent, self.gaz, persons, self.known_names())
            actors.extend(self._sentence(sent, units))
        return actors

    def _sentence(self, sent: Sentence, units: list[Unit]) -> list[Actor]:
        text = self.article.text
        chunks = chunk_units(units)
        out: list[Actor] = []
        readings: list[tuple[list[Unit], Reading]] = []
        for ch in chunks:
            r = read_chunk(ch)
            if r is not None:
                readings.append((ch, r))
        explicit = self._update_focus(units, readings)
        for idx, (ch, r) in enumerate(readings):
            acts = reading_actors(r, self.gaz, text, sent.index)
            enumerated = self._enumeration(units, ch, r, sent, readings[idx + 1 :])
            for a in acts:
                if a.kind == "person" and not a.how.startswith("title-only"):
                    self._bind_person(a, r, units, ch)
                elif a.how.startswith("collective:"):
                    self._resolve_collective(a, r, enumerated)
                    if not a.members:
                        continue
                out.append(a)
            out.extend(enumerated)
        self._merge_appositions(out)
        self._context_countries(out)
        if not explicit:
            self._focus_from_persons(out)
        out.extend(self._pronouns(sent, units))
        # de-duplicate: enumeration may have produced persons that are also chunks
        uniq: dict[tuple[int, int], Actor] = {}
        for a in out:
            key = (a.start, a.end)
            if key not in uniq or (uniq[key].country is None and a.country):
                uniq[key] = a
        result = sorted(uniq.values(), key=lambda a: (a.start, a.end))
        for a in result:
            if a.kind == "person" and _is_subject(units, a):
                self.last_subjects.append((sent.index, a))
        return result

    def _merge_appositions(self, actors: list[Actor]) -> None:
        """The title in "X, the Turkish foreign minister," is X again: same name and id."""
        text = self.article.text
        for a in actors:
            if not a.how.startswith("title-only"):
                continue
            for p in actors:
                if p.kind != "person" or not p.how.startswith("apposition"):
                    continue
                gap = text[p.end : a.start] if p.end <= a.start else text[a.end : p.start]
                if gap.strip() == ",":
                    a.name, a.id, a.how = p.name, p.id, f"apposition-of:{p.name}"
                    break

    # -- context country -------------------------------------------------------------------
    def _context_countries(self, actors: list[Actor]) -> None:
        """Give unqualified domestic agents the country in focus ("President X", "the rebels").

        Convention: a person with an official title but no country, or a sector agent with no
        country ("police", "rebels", "the opposition"), belongs to the country most mentioned in
        the sentence (else in the article so far). For persons, countries that qualify another
        government actor in the sentence ("Moroccan diplomats met President X") are left out:
        they name a counterpart, not the person's own state.
        """
        here: Counter[str] = Counter()
        places: Counter[str] = Counter()
        counterpart: set[str] = set()
        text = self.article.text
        for a in actors:
            before = text[max(0, a.start - 12) : a.start].split()
            if a.kind == "country" and before and before[-1].lower() in OTHER_PARTY:
                continue  # "men from Pakistan", "aid to Liberia": another party, not the scene
            if a.kind == "country" and text[a.end : a.end + 2].strip().startswith("$"):
                continue  # "US $50 million" is a currency
            for m in [a, *a.members]:
                if m.country and m.how == "place":
                    places[m.country] += 1
                elif m.country:
                    here[m.country] += 1
                    if m.kind in ("person", "organisation", "group") and m.sector == "GOV" and not m.members:
                        counterpart.add(m.country)
        for a in actors:
            if a.country is not None or a.members or a.kind == "igo" or a.how.startswith(("collective", "named:")):
                continue
            if a.kind == "person":
                if not a.how.startswith("title"):
                    continue
                pool = Counter({c: n for c, n in here.items() if c not in counterpart})
            elif a.sector and a.sector not in ("IGO", "NGO") and not NOT_LOCAL & set(a.text.lower().split()):
                # where an unqualified agent acts tells its country ("the opposition ... in Baku")
                pool = here + places
            else:
                continue
            if not pool:
                pool = self.seen_countries
            if not pool:
                continue
            best = pool.most_common(1)[0][0]
            a.country = best
            a.how += f";context-country={best}"
            if a.kind == "person" and not a.how.startswith("title-only"):
                self._learn_person(a.name, best, a.sector, None, "context")
                self._remember(a)
        for c, n in here.items():
            self.seen_countries[c] += n

    # -- focus ---------------------------------------------------------------------------
    def _update_focus(self, units: list[Unit], readings: list[tuple[list[Unit], Reading]]) -> bool:
        """Set the pair in focus from what the sentence names together; True when it did."""
        # a chunk with two coordinated countries ("Azerbaijani-Turkish", "Hungarian and Romanian")
        for _, r in readings:
            if len(r.countries) >= 2 and not r.sponsors:
                self.focus = r.countries[:2]
                return True
        # "X and Y", "between X and Y": two country-like units joined by "and"
        for k in range(len(units) - 2):
            a, mid, b = units[k], units[k + 1], units[k + 2]
            if a.kind in ("country", "demonym", "capital") and b.kind in ("country", "demonym", "capital") \
                    and mid.text.lower() in ("and", "-", "–") and a.entry and b.entry \
                    and a.entry.country != b.entry.country:
                self.focus = [a.entry.country or "", b.entry.country or ""]
                return True
        return False

    def _focus_from_persons(self, actors: list[Actor]) -> None:
        """Two named persons of different countries in one sentence ("Putin met Erdogan") are the pair."""
        people: dict[str, Actor] = {}
        for a in actors:
            if a.kind == "person" and a.country and not a.how.startswith(("title-only", "pronoun", "counterpart")):
                people.setdefault(a.country, a)
        if len(people) >= 2:
            self.focus = list(people)[:2]
            self.focus_persons = {c: people[c] for c in self.focus}

    # -- persons -------------------------------------------------------------------------
    def _bind_person(self, a: Actor, r: Reading, units: list[Unit], ch: list[Unit]) -> None:
        if a.country is None and r.of_collective is not None and r.of_collective.level == "country" \
                and len(self.focus) == 1:
            a.country = self.focus[0]
        if a.country:
            if r.title:
                self._learn_person(a.name, a.country, a.sector, r.title, "title")
                a.how = f"title:{r.title}"
            self._remember(a)
            return
        # apposition: "X, the Turkish foreign minister," or "the Turkish foreign minister, X,"
        app = _apposition(units, ch)
        if app is not None and app.countries:
            a.country = app.countries[0]
            a.sector = app.sector or a.sector
            a.how = f"apposition:{app.title or app.text}"
            self._learn_person(a.name, a.country, a.sector, app.title, "apposition")
            self._remember(a)
            return
        info = self._person_lookup(a.name)
        if info is not None:
            a.name = info.name
            a.id = info.id
            a.country = a.country or info.country
            a.sector = a.sector or info.sector
            a.how = f"coref:{info.how}"
            self._remember(a)
            return
        if self.registry is not None:
            entry = self.registry.lookup(a.name, self.article.date)
            if entry is not None:
                a.name = entry.name
                a.id = person_id(entry.name)
                a.country = entry.country
                a.sector = a.sector or entry.sector
                a.how = f"registry:{entry.article_id}"
                self._learn_person(entry.name, entry.country, a.sector, entry.role, "registry")
                self._remember(a)
                return
        if a.country or a.sector:
            self._learn_person(a.name, a.country, a.sector, r.title, a.how)
        self._remember(a)

    def _remember(self, a: Actor) -> None:
        if a.country and a.country in self.focus:
            self.focus_persons[a.country] = a

    def _enumeration(self, units: list[Unit], ch: list[Unit], r: Reading, sent: Sentence,
                     later: list[tuple[list[Unit], Reading]]) -> list[Actor]:
        """Bind "TITLEs of the two countries - A and B" (or "Xi and Yi TITLEs, A and B") in order."""
        if not (r.plural and r.title) or r.name:
            return []
        countries = list(r.countries)
        if r.of_collective is not None and r.of_collective.level in ("country", "any"):
            countries = list(self.focus)
        if len(countries) < 2:
            return []
        k = units.index(ch[-1]) + 1
        if k >= len(units) or units[k].text not in ("-", "–", "—", ",", ":", "("):
            return []
        k += 1
        names: list[Unit] = []
        while k < len(units):
            u = units[k]
            if u.kind == "word" and _is_cap(u.text):
                j = _name_run(units, k)
                _merge_name(units, k, j)
                u = units[k]
            if u.kind != "name":
                break
            names.append(u)
            k += 1
            if k < len(units) and units[k].text.lower() in ("and", ","):
                k += 1
                continue
            break
        if len(names) != len(countries):
            return []
        out = []
        sector = r.sector or "GOV"
        for u, iso3 in zip(names, countries, strict=True):
            name = " ".join(u.text.split())
            known = self._person_lookup(name)
            if known is not None and known.country and known.country in countries:
                iso3 = known.country
            a = Actor(text=u.text, name=name, country=iso3, sector=sector, kind="person", id=person_id(name),
                      start=u.start, end=u.end, sentence_index=sent.index,
                      how=f"enumeration:{r.title}")
            self._learn_person(name, iso3, sector, r.title.rstrip("s") if r.title else None, "enumeration")
            self._remember(a)
            out.append(a)
        return out

    # -- collectives -------------------------------------------------------------------------
    def _resolve_collective(self, a: Actor, r: Reading, enumerated: list[Actor]) -> None:
        entry = r.collective or r.of_collective
        level = entry.level if entry else "any"
        if enumerated:
            members = enumerated
        elif level in ("person", "any") and self.focus and all(c in self.focus_persons for c in self.focus):
            members = [self.focus_persons[c] for c in self.focus]
        elif self.focus:
            members = [country_actor(self.gaz, c, how="focus") for c in self.focus]
        else:
            return
        a.members = [replace(m, members=[]) for m in members]
        sectors = {m.sector for m in a.members}
        a.sector = sectors.pop() if len(sectors) == 1 else None
        a.id = group_id(a.members)
        a.name = " and ".join(m.name for m in a.members)
        a.how = f"collective:{entry.key if entry else ''}"

    # -- pronouns ----------------------------------------------------------------------------
    def _pronouns(self, sent: Sentence, units: list[Unit]) -> list[Actor]:
        out: list[Actor] = []
        for k, u in enumerate(units):
            low = u.text.lower()
            if u.kind == "word" and low in THIRD_PERSON:
                subject = u.dep in ("nsubj", "nsubjpass") if sent.parsed else k == 0
                if not subject:
                    continue
                ante = self._antecedent(sent.index)
                if ante is None:
                    continue
                out.append(replace(ante, text=u.text, start=u.start, end=u.end, sentence_index=sent.index,
                                   how=f"pronoun:{ante.name}", members=[]))
            elif u.kind in ("word", "sector", "title") and low in COUNTERPART_WORDS and k > 0 \
                    and units[k - 1].text.lower() in ("his", "her"):
                ante = self._antecedent(sent.index)
                if ante is None or len(self.focus_persons) != 2:
                    continue
                others = [p for c, p in self.focus_persons.items() if p.id != ante.id]
                if len(others) == 1:
                    o = others[0]
                    out.append(replace(o, text=self.article.text[units[k - 1].start : u.end], start=units[k - 1].start,
                                       end=u.end, sentence_index=sent.index, how=f"counterpart:{o.name}",
                                       members=[]))
        return out

    def _antecedent(self, index: int) -> Actor | None:
        for si, a in reversed(self.last_subjects):
            if index - si <= 2:
                return a
            break
        return None


def _is_subject(units: list[Unit], a: Actor) -> bool:
    for k, u in enumerate(units):
        if u.start == a.start or (u.start >= a.start and u.end <= a.end and u.kind == "name"):
            if u.dep:
                return u.dep in ("nsubj", "nsubjpass")
            # unparsed: a name at the start of the sentence (after an optional adverbial) is the subject
            return all(v.kind == "word" and v.text.lower() in DETERMINERS | {"also"} for v in units[:k]) or k == 0
    return False


def _apposition(units: list[Unit], ch: list[Unit]) -> Reading | None:
    """Return the reading of an apposition next to a name chunk: ", the Turkish foreign minister,"."""
    first = units.index(ch[0])
    last = units.index(ch[-1])
    # after: NAME , (the) ... TITLE/SECTOR ,|.|said
    if last + 2 < len(units) and units[last + 1].text == ",":
        k = last + 2
        sub: list[Unit] = []
        while k < len(units) and units[k].text not in (",", ".", ";", "said", "says", "told"):
            sub.append(units[k])
            k += 1
        if sub and len(sub) <= 8:
            chunks = chunk_units(sub)
            for c in chunks:
                r = read_chunk(c)
                if r is not None and r.title and r.countries and not r.name:
                    return r
    # before: TITLE-chunk , NAME
    if first >= 2 and units[first - 1].text == ",":
        k = first - 2
        sub = []
        while k >= 0 and units[k].text not in (",", ".", ";"):
            sub.insert(0, units[k])
            k -= 1
        if sub and len(sub) <= 8:
            for c in chunk_units(sub):
                r = read_chunk(c)
                if r is not None and r.title and r.countries and not r.name:
                    return r
    return None


# --------------------------------------------------------------------------------------------
# Stand-alone helpers


def resolve_text(text: str, registry: Any = None, date: str | None = None) -> list[Actor]:
    """Return the actors found in a free text (one pseudo-article, no parse)."""
    from communique.stages.nlp.model import load_splitter
    from communique.stages.nlp.stage import split_sentences

    art = Article(text=text, date=date)
    art.sentences = split_sentences(load_splitter(), text)
    for s in art.sentences:
        s.candidate = False
    return ArticleLinker(art, registry=registry).run()


def resolve_span(text: str, registry: Any = None, date: str | None = None) -> Actor | None:
    """Return the single actor a short mention denotes ("Turkish police" -> TUR/POL), or None."""
    acts = [a for a in resolve_text(text, registry, date) if a.kind != "group" or a.members or a.country or a.sector]
    if not acts:
        return None
    return max(acts, key=lambda a: (a.end - a.start, a.country is not None))

