"""Toponym resolution: place mentions in an article -> GeoNames entries.

Cascade, per article:
1. mentions: NER entities labelled GPE, LOC or FAC in parsed sentences; demonyms tagged NORP
   ("Russian"); place names inside the names of organisations and facilities ("the Washington
   Post", "University of California", "EU" for Europe); in sentences the NLP stage did not
   parse (or that are lower-cased), a gazetteer scan restricted to names that are rarely
   anything else (countries, first-level divisions, regions, capitals and large cities), and
   the demonyms;
2. usage: every mention is kept and says how the text uses the name (``Place.usage``):
   "demonym" for a nationality adjective that modifies a noun ("Turkish officials"; not a
   plural people noun such as "Afghans", nor a language, "in English"); "metonym" for a place
   name used as an actor ("Ankara said"), whether the actors stage says so (an actor over the
   span whose ``how`` mentions a metonym) or the parse does (the subject of a communication or
   decision verb); "embedded" for a name inside an organisation's; "literal" otherwise. Only
   literal places can be event locations (``where.stage``);
3. candidates: every gazetteer entry with that name or alternate name, or with a qualifier
   ("Paris, Texas") the entries inside the qualifier; a demonym's country or region;
4. ranking, in two passes: a feature prior (a country before a town of the same name),
   population, primary-name match, and the countries (and US states) of the article's actors
   and of the literal and metonymic places resolved in the first pass;
5. confidence: the winner's share of the two best scores, lowered for alternate names and
   for gazetteer-scan mentions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from communique.core.article import Article, Place, Sentence, Token
from communique.stages.where.gazetteer import FEATURE_PRIOR, Gazetteer, GeoEntry, NameHit, normalize

PLACE_LABELS = ("GPE", "LOC", "FAC")

# Verbs whose subject, when it is a place name, is an actor (metonymy: "Ankara said").
AGENT_VERBS = frozenset(
    """say tell announce state declare add note stress warn urge call demand ask accuse blame
    condemn denounce criticize criticise deny reject refuse threaten claim insist vow pledge
    promise agree sign decide respond reply protest welcome praise support back oppose want
    seek plan recall expel sanction impose launch order offer propose insist argue believe
    hope expect confirm acknowledge admit retaliate invite host""".split()
)

# Ranking weights, set by measuring on the GeoWebNews dev set (aggregate figures only).
PRIMARY_BONUS = 0.15
CONTEXT_PLACE = 0.6  # the candidate's country is named by other places (scaled up to 3 of them)
CONTEXT_PLACE_ANY = 0.3  # ... by at least one
CONTEXT_ACTOR = 0.4  # the candidate's country is an actor's
CONTEXT_ADMIN1 = 0.8  # the candidate lies in a US state the article names
# The usages of the place mentions that make up the context of the second pass.
CONTEXT_USAGES = ("literal", "metonym")

# Scanning unparsed sentences: capitalised word runs, with connecting lower-case words.
_CAP_RUN = re.compile(r"\b[A-Z][\w'\u2019.-]*(?:\s+(?:of|de|del|al|el|la|upon|on)?\s*[A-Z][\w'\u2019.-]*)*")
SCAN_MIN_POPULATION = 200_000
SCAN_FEATURES = ("PCLI", "ADM1", "RGN", "PEN", "CONT", "PPLC", "SEA", "OCN", "GULF", "BAY", "STRT")
# Suffixes that news reports add to a place name ("Donetsk region").
# Not "county": a county is not the town it is named after ("Morris County").
_SUFFIX = re.compile(r"\s+(?:region|province|state|governorate|oblast|city)$", re.IGNORECASE)


@dataclass
class Mention:
    """A candidate toponym span, with article-level offsets."""

    start: int
    end: int
    text: str
    sentence_index: int
    source: str  # "ner", "scan" or "weak" (kept only with support: see ``supported``)
    qualifier: list[GeoEntry] = field(default_factory=list)
    usage: str = "literal"  # literal, demonym, metonym, embedded (see ``Place.usage``)
    person: bool = False  # the NER read the span as a person's name
    # The places a demonym or an organisation's short name stands for (no name lookup).
    fixed: list[GeoEntry] = field(default_factory=list)


@dataclass
class Context:
    """What an article says about where it is: counts of countries and of US states."""

    actor_countries: Counter[str] = field(default_factory=Counter)
    place_countries: Counter[str] = field(default_factory=Counter)
    place_admin1: Counter[tuple[str, str]] = field(default_factory=Counter)


# --- mentions ---------------------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past a leading "the" and a trailing possessive or punctuation."""
    seg = text[start:end]
    m = re.match(r"(?i)the\s+", seg)
    if m:
        start += m.end()
    seg = text[start:end]
    m = re.search(r"(?:['\u2019]s?|[.,;:])$", seg)
    if m and not re.search(r"\b[A-Z]\.[A-Z]?\.?$", seg):
        end -= len(m.group())
    return start, end


def find_mentions(article: Article, gaz: Gazetteer) -> list[Mention]:
    """Return the toponym mentions of ``article`` (see the module cascade, step 1)."""
    out: list[Mention] = []
    by_sentence: dict[int, list] = {}
    for ent in article.entities:
        by_sentence.setdefault(ent.sentence_index, []).append(ent)
    for sent in article.sentences:
        ents = by_sentence.get(sent.index, [])
        if sent.parsed and not _is_lowercased(sent.text):
            for ent in ents:
                if ent.label in PLACE_LABELS or _mislabelled_place(ent.text, ent.label, gaz):
                    out.extend(_split_qualified(article.text, ent.start, ent.end, sent.index, gaz))
                elif ent.label in WEAK_LABELS and _weak_place(ent.text, gaz):
                    for m in _split_qualified(article.text, ent.start, ent.end, sent.index, gaz):
                        m.source = "weak"
                        m.person = ent.label == "PERSON"
                        out.append(m)
                elif ent.label in INNER_LABELS:
                    out.extend(inner_mentions(article.text, ent.start, ent.end, ent.label, sent.index, gaz))
            # Names the NER missed altogether: the strict scan, over proper nouns outside entities.
            covered = [(e.start, e.end) for e in ents]
            proper = {t.start for t in sent.tokens if t.tag in ("NNP", "NNPS") or t.pos == "PROPN"}
            starts = {t.start: t for t in sent.tokens}
            out.extend(
                m
                for m in scan_sentence(sent, gaz, weak=True)
                if not any(m.start < e and s < m.end for s, e in covered)
                and all(
                    t.start in proper
                    for t in sent.tokens
                    if m.start <= t.start < m.end and t.text[:1].isalpha()
                )
                and m.start in starts
            )
        else:
            taken = [(e.start, e.end) for e in ents if e.label not in PLACE_LABELS]
            found = [
                m for m in scan_sentence(sent, gaz) if not any(m.start < e and s < m.end for s, e in taken)
            ]
            spans = [(m.start, m.end) for m in found]
            found += [
                m for m in scan_demonyms(sent, gaz) if not any(m.start < e and s < m.end for s, e in spans)
            ]
            out.extend(sorted(found, key=lambda m: m.start))
    return out


# Entity labels whose text may hold a toponym that is not the entity itself: a demonym (NORP
# "Russian"), an organisation or a facility named after a place ("the Washington Post",
# "University of California"). Not PERSON: people's names are too often place names.
INNER_LABELS = ("NORP", "ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT")
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
    start, end = _trim(text, start, end)
    seg = text[start:end]
    if end <= start:
        return []
    org = gaz.organisation_places(seg)
    if org:
        return [Mention(start, end, seg, sidx, "ner", usage="embedded", fixed=org)]
    if label == "NORP":
        # "Indian" + "Ocean", "Central" + "American": the longer name wins.
        start = _extend_left(text, start, end, gaz)
        prev = _PREV_WORD.search(text[max(0, start - 20) : start])
        wider = text[start - len(prev.group(0)) : end] if prev else ""
        if prev and normalize(wider) != normalize(text[start:end]) and gaz.demonym_places(wider):
            start -= len(prev.group(0))
        longer = _extend_right(text, start, end, gaz)
        if longer > end:
            return [Mention(start, longer, text[start:longer], sidx, "ner")]
        seg = text[start:end]
    dem = gaz.demonym_places(seg)
    if dem:
        return [] if is_people(seg) else [Mention(start, end, seg, sidx, "ner", usage="demonym", fixed=dem)]
    words = list(_WORD.finditer(seg))
    # Where an embedded name may start: the first word, or the word after "of".
    heads = [0] + [i + 1 for i, w in enumerate(words[:-1]) if w.group() == "of"]
    out: list[Mention] = []
    for i in heads:
        for j in range(min(i + 4, len(words)) - 1, i - 1, -1):
            s, e = start + words[i].start(), start + words[j].end()
            s, e = _trim(text, s, e)
            if e <= s or (s, e) == (start, end) or not text[s].isupper():
                continue
            piece = text[s:e]
            if _acronym(piece) and _acronym(piece) not in gaz.acronyms(piece):
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
    # "University of California": not the town of University when a stronger name is there.
    strong = [m for m in out if m.source != "weak"]
    return strong or out


def is_people(text: str) -> bool:
    """True for a plural demonym ("Mexicans", "Kurds"): people, not a place (not "Swiss")."""
    key = text.casefold()
    return key.endswith("s") and not key.endswith(("ss", "ois", "ais"))


def _acronym(text: str) -> str:
    bare = text.replace(".", "")
    return bare if bare.isupper() and len(bare) <= 4 else ""


def _embed_ok(hit: NameHit) -> bool:
    e = hit.entry
    if e.feature == "PCLI":
        return True
    return hit.primary and (e.feature in STRONG_FEATURES or e.population >= EMBED_MIN_POPULATION)


def scan_demonyms(sent: Sentence, gaz: Gazetteer) -> list[Mention]:
    """Return the capitalised demonyms of an unparsed sentence (usage "demonym")."""
    out: list[Mention] = []
    words = list(re.finditer(r"[A-Z][a-z]+", sent.text))
    i = 0
    while i < len(words):
        # Two words first ("Latin American"), when they are next to each other.
        pair = i + 1 < len(words) and sent.text[words[i].end() : words[i + 1].start()] == " "
        for j in [i + 1, i] if pair else [i]:
            s, e = _trim(sent.text, words[i].start(), words[j].end())
            piece = sent.text[s:e]
            places = gaz.demonym_places(piece) if s < e else []
            if places and not is_people(piece):
                out.append(
                    Mention(
                        sent.start + s,
                        sent.start + e,
                        piece,
                        sent.index,
                        "scan",
                        usage="demonym",
                        fixed=places,
                    )
                )
                i = j
                break
        i += 1
    return out


_PREV_WORD = re.compile(r"([A-Z][\w.]*)\s+$")


def _extend_left(text: str, start: int, end: int, gaz: Gazetteer) -> int:
    """Return a start moved left over one capitalised word when the longer name is a known
    place and the shorter is not its primary name ("New" + "Jersey" -> "New Jersey")."""
    m = _PREV_WORD.search(text[max(0, start - 20) : start])
    if not m:
        return start
    longer = start - len(m.group(0))
    if normalize(text[longer:end]) == normalize(text[start:end]):  # "The Texas": no longer name
        return start
    if any(h.primary for h in gaz.lookup(text[longer:end])):
        return longer
    return start


_NEXT_WORD = re.compile(r"^\s+([A-Z][\w]*)")


def _extend_right(text: str, start: int, end: int, gaz: Gazetteer) -> int:
    """Return an end moved right over one capitalised word when the longer name is a known
    place's primary name ("Baja" + "California" -> "Baja California")."""
    m = _NEXT_WORD.match(text[end : end + 30])
    if m and any(h.primary for h in gaz.lookup(text[start : end + m.end()])):
        return end + m.end()
    return end


def _split_qualified(text: str, start: int, end: int, sidx: int, gaz: Gazetteer) -> list[Mention]:
    """Return one mention for an entity, two for "Paris, Texas" (the place and its qualifier).

    A qualifier written right after the entity (", Texas", " (Texas)") constrains it too."""
    start, end = _trim(text, start, end)
    start = _extend_left(text, start, end, gaz)
    end = _extend_right(text, start, end, gaz)
    if end <= start:
        return []
    seg = text[start:end]
    m = re.match(r"^(.+?),\s+(.+)$", seg)
    if m:
        head_end = start + m.end(1)
        q_start = start + m.start(2)
        qual = _qualifier_entries(m.group(2), gaz)
        if qual:
            return [
                Mention(start, head_end, text[start:head_end], sidx, "ner", qual),
                Mention(q_start, end, text[q_start:end], sidx, "ner"),
            ]
    after = re.match(r",\s+((?:[A-Z][\w.]*\.?)(?:\s+[A-Z][\w.]*)?)", text[end : end + 40])
    qual = _qualifier_entries(after.group(1), gaz) if after else []
    if "-" in seg and not gaz.lookup(seg):
        # "Asia-Pacific": two places when the whole is no name and its parts are.
        parts = [(start + p.start(), start + p.end()) for p in re.finditer(r"[^\s-][^-]*[^\s-]", seg)]
        if len(parts) > 1 and all(gaz.lookup(text[s:e]) for s, e in parts):
            return [Mention(s, e, text[s:e], sidx, "ner", qual) for s, e in parts]
    return [Mention(start, end, seg, sidx, "ner", qual)]


STRONG_FEATURES = ("PCLI", "ADM1", "RGN", "CONT", "PEN", "SEA", "OCN", "GULF", "BAY", "STRT")
STRONG_CITY_POPULATION = 100_000


def _mislabelled_place(text: str, label: str, gaz: Gazetteer) -> bool:
    """True for an entity the NER labelled otherwise whose whole text is a name that is rarely
    anything but a place: a country's name tagged NORP ("U.S."; not a demonym such as
    "Russian"); a country, state, region or large city tagged ORG ("California"); a country,
    state or region tagged PERSON (not a city or a country: they are often names of people)."""
    if label not in ("NORP", "ORG", "PERSON") or gaz.is_demonym(text):
        return False
    hits = [h for h in gaz.lookup(text) if h.primary or h.entry.feature == "PCLI"]
    if label == "NORP":
        return any(h.entry.feature == "PCLI" for h in hits)
    if label == "PERSON":
        # Not countries either: "Jordan", "Chad" and "Georgia" are given names.
        return any(h.entry.feature in STRONG_FEATURES and h.entry.feature != "PCLI" for h in hits)
    return any(
        h.entry.feature in STRONG_FEATURES or h.entry.population >= STRONG_CITY_POPULATION for h in hits
    )


# Labels of entities whose whole text may be a smaller town the NER took for something else
# ("Allendale" tagged ORG, "Cheltenham" tagged PERSON): "weak" mentions, kept with support.
WEAK_LABELS = ("ORG", "PERSON", "PRODUCT", "NORP")


def _weak_place(text: str, gaz: Gazetteer) -> bool:
    """True when an entity's whole text is the primary name of a town of the gazetteer."""
    if gaz.is_demonym(text) or gaz.organisation_places(text) or not text[:1].isupper():
        return False
    if _acronym(text) and _acronym(text) not in gaz.acronyms(text):
        return False
    return any(h.primary and h.entry.feature in ("PPL", "PPLC") for h in gaz.lookup(text))


def _qualifier_entries(text: str, gaz: Gazetteer) -> list[GeoEntry]:
    return [h.entry for h in gaz.lookup(text.strip()) if h.entry.feature in ("PCLI", "ADM1")]


def _is_lowercased(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.isupper() for c in letters)


def scan_sentence(sent: Sentence, gaz: Gazetteer, weak: bool = False) -> list[Mention]:
    """Return gazetteer matches in an unparsed sentence: capitalised runs (any case when the
    sentence is lower-cased), longest match first, restricted to unambiguous kinds of place.

    With ``weak``, the primary names of smaller towns match too, as "weak" mentions that are
    kept only with support (see ``supported``)."""
    text = sent.text
    lower = _is_lowercased(text)
    spans: list[tuple[int, int]] = []
    if lower:
        words = list(re.finditer(r"[\w'.-]+", text))
        spans = [
            (words[i].start(), words[j].end())
            for i in range(len(words))
            for j in range(i, min(i + 4, len(words)))
        ]
    else:
        for m in _CAP_RUN.finditer(text):
            words = list(re.finditer(r"\S+", m.group()))
            base = m.start()
            spans += [
                (base + words[i].start(), base + words[j].end())
                for i in range(len(words))
                for j in range(i, min(i + 4, len(words)))
            ]
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        if e <= s or any(s < te and ts < e for ts, te in taken):
            continue
        piece = text[s:e]
        hits = [h for h in gaz.lookup(piece) if _scan_ok(h, lower)]
        source = "scan"
        if not hits and weak and not lower and not _acronym(piece):
            hits = [h for h in gaz.lookup(piece) if h.primary and h.entry.feature == "PPL"]
            source = "weak"
        if not hits or gaz.is_demonym(piece):
            continue
        taken.append((s, e))
        out.append(Mention(sent.start + s, sent.start + e, piece, sent.index, source))
    out.sort(key=lambda m: m.start)
    return out


def _scan_ok(hit: NameHit, lower: bool) -> bool:
    e = hit.entry
    if e.feature in SCAN_FEATURES:
        # Alternate names of capitals come from GeoNames and are noisy; the others are ours.
        return hit.primary or e.feature != "PPLC"
    return hit.primary and not lower and e.population >= SCAN_MIN_POPULATION


# --- filters ------------------------------------------------------------------------------


_AGENT_AFTER = re.compile(
    r"^\s*(?:(?:has|have|had|will|would|also|again|later|then|on\s+\w+day)\s+)*"
    r"(?:said|says|told|tells|announced|stated|declared|warned|urged|demanded|accused|blamed|"
    r"condemned|denounced|critici[sz]ed|denied|denies|rejected|rejects|refused|threatened|threatens|"
    r"claimed|claims|insisted|vowed|pledged|promised|agreed|signed|responded|replied|protested|"
    r"welcomed|praised|expelled|imposed|sanctioned|retaliated|recalled|called|asked|wants|insists)\b",
)


def is_metonymic(m: Mention, article: Article, sent: Sentence | None) -> bool:
    """Return True when the mention names an actor rather than a place ("Ankara said").

    Parsed sentences: the mention is the subject of a communication or decision verb.
    Unparsed ones: the actors stage read the span as a state acting (an actor whose ``how``
    mentions a metonym) and such a verb follows it. The actors stage reads every bare capital
    as the state acting, so its mark alone does not decide ("in London" is a place)."""
    if sent is None or not sent.tokens:
        actor = any(
            a.start < m.end
            and m.start < a.end
            and (a.kind == "country" or a.basis == "metonym")
            for a in article.actors
        )
        return actor and bool(_AGENT_AFTER.match(article.text[m.end : m.end + 60]))
    toks = [t for t in sent.tokens if t.start < m.end and m.start < t.end]
    if not toks:
        return False
    root = _span_root(sent.tokens, toks)
    if root.dep != "nsubj" or not (0 <= root.head < len(sent.tokens)):
        return False
    return sent.tokens[root.head].lemma.lower() in AGENT_VERBS


MODIFIER_DEPS = ("amod", "compound", "nmod", "npadvmod", "poss")


def is_modifier(m: Mention, sent: Sentence | None) -> bool:
    """True when a demonym modifies a noun ("Russian officials", "the Saudi-led coalition"),
    in the parse when there is one. A demonym standing alone names a language or people ("in
    English", "the Irish need 85 points"), not a place."""
    if sent is None or not sent.tokens:
        return True
    toks = [t for t in sent.tokens if t.start < m.end and m.start < t.end]
    if not toks:
        return True
    root = _span_root(sent.tokens, toks)
    if root.dep == "conj" and 0 <= root.head < len(sent.tokens):  # "German, Irish and Italian"
        root = sent.tokens[root.head]
    return root.dep in MODIFIER_DEPS


def _span_root(tokens: list[Token], span: list[Token]) -> Token:
    ids = {t.i for t in span}
    for t in span:
        if t.head not in ids or t.head == t.i:
            return t
    return span[-1]


# --- ranking ------------------------------------------------------------------------------


def candidates(m: Mention, gaz: Gazetteer) -> list[NameHit]:
    """Return the gazetteer entries the mention may name."""
    if m.fixed:
        return [NameHit(e, True) for e in m.fixed]
    hits = gaz.lookup(m.text)
    if not hits:
        stripped = _SUFFIX.sub("", m.text)
        if stripped != m.text:
            hits = gaz.lookup(stripped)
    if m.qualifier and hits:
        keys = {(q.country, q.admin1) for q in m.qualifier}
        countries = {q.country for q in m.qualifier if q.feature == "PCLI"}
        inside = [
            h for h in hits if (h.entry.country, h.entry.admin1) in keys or h.entry.country in countries
        ]
        hits = inside or hits
    return hits


def score(hit: NameHit, ctx: Context, own_country: str | None = None, own_admin1: str | None = None) -> float:
    """Return the ranking score of one candidate given the article's context.

    ``own_*`` is what the mention itself contributed to the context in the first pass; it is
    discounted so that a mention does not vote for itself."""
    e = hit.entry
    s = FEATURE_PRIOR.get(e.feature, 0.0)
    s += math.log10(max(e.population, 1)) / 7.0
    s += PRIMARY_BONUS if hit.primary else 0.0
    if e.country:
        n = ctx.place_countries.get(e.country, 0) - (1 if e.country == own_country else 0)
        s += CONTEXT_PLACE * min(n, 3) / 3 + (CONTEXT_PLACE_ANY if n > 0 else 0.0)
        s += CONTEXT_ACTOR if ctx.actor_countries.get(e.country, 0) > 0 else 0.0
        if e.admin1 and e.feature not in ("ADM1", "PCLI"):
            k = ctx.place_admin1.get((e.country, e.admin1), 0)
            k -= 1 if (e.country, e.admin1) == (own_country, own_admin1) else 0
            s += CONTEXT_ADMIN1 if k > 0 else 0.0
    return s


def rank(m: Mention, gaz: Gazetteer, ctx: Context) -> tuple[NameHit, float] | None:
    """Return the best candidate of a mention and its confidence, or None without candidates."""
    hits = candidates(m, gaz)
    if not hits:
        return None
    scored = sorted(((score(h, ctx), h) for h in hits), key=lambda p: -p[0])
    best_s, best = scored[0]
    if len(scored) == 1:
        conf = 0.95
    else:
        second = max(scored[1][0], 0.0)
        conf = 0.5 + 0.5 * (best_s - second) / max(best_s + second, 1e-6)
    if not best.primary:
        conf *= 0.9
    if m.source == "scan":
        conf *= 0.9
    if m.qualifier:
        conf = max(conf, 0.9)
    return best, round(min(conf, 0.99), 3)


_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|around|across|throughout|within|into)\s+(?:the\s+)?$", re.IGNORECASE
)


def supported(m: Mention, text: str, gaz: Gazetteer, ctx: Context) -> bool:
    """True when a weak mention (a small town's name the NER did not call a place) has support:
    a locative preposition before it ("in Allendale"), a qualifier (", N.J."), or, unless the
    NER read it as a person's name, a candidate in a US state the article names."""
    if m.qualifier or _LOCATIVE.search(text[max(0, m.start - 20) : m.start]):
        return True
    if m.person:
        return False
    for h in candidates(m, gaz):
        e = h.entry
        if e.admin1 and ctx.place_admin1.get((e.country, e.admin1), 0) > 0:
            return True
    return False


def article_context(article: Article) -> Context:
    """Return the countries of the article's actors (the places come in the second pass)."""
    ctx = Context()
    for a in article.actors:
        if a.country:
            ctx.actor_countries[a.country] += 1
        for mem in a.members:
            if mem.country:
                ctx.actor_countries[mem.country] += 1
    return ctx


def resolve_article(article: Article, gaz: Gazetteer) -> list[Place]:
    """Return the resolved places of ``article``, in text order (see the module cascade)."""
    sentences = {s.index: s for s in article.sentences}
    mentions = []
    for m in find_mentions(article, gaz):
        sent = sentences.get(m.sentence_index)
        if m.usage == "literal":
            if gaz.is_demonym(m.text) and not any(h.primary for h in gaz.lookup(m.text)):
                if is_people(m.text):
                    continue
                m.usage, m.fixed = "demonym", gaz.demonym_places(m.text)
            elif is_metonymic(m, article, sent):
                m.usage = "metonym"
        if m.usage == "demonym" and not is_modifier(m, sent):
            continue
        mentions.append(m)
    ctx = article_context(article)
    first: list[tuple[Mention, NameHit, float] | None] = []
    for m in mentions:
        r = rank(m, gaz, ctx)
        first.append((m, *r) if r else None)
    for item in first:
        if item is None:
            continue
        m, hit, conf = item
        if m.usage not in CONTEXT_USAGES:
            continue
        if conf >= 0.6 or hit.entry.feature in ("PCLI", "ADM1"):
            if hit.entry.country:
                ctx.place_countries[hit.entry.country] += 1
            if hit.entry.feature == "ADM1" and hit.entry.country:
                ctx.place_admin1[(hit.entry.country, hit.entry.admin1)] += 1
    places: list[Place] = []
    for item in first:
        if item is None:
            continue
        m, hit0, conf0 = item
        if m.source == "weak" and not supported(m, article.text, gaz, ctx):
            continue
        counted = conf0 >= 0.6 or hit0.entry.feature in ("PCLI", "ADM1")
        own_c = hit0.entry.country if counted else None
        own_a = hit0.entry.admin1 if counted and hit0.entry.feature == "ADM1" else None
        hits = candidates(m, gaz)
        scored = sorted(((score(h, ctx, own_c, own_a), h) for h in hits), key=lambda p: -p[0])
        best_s, best = scored[0]
        if len(scored) == 1:
            conf = conf0
        else:
            second = max(scored[1][0], 0.0)
            conf = 0.5 + 0.5 * (best_s - second) / max(best_s + second, 1e-6)
            conf *= 0.9 if not best.primary else 1.0
            conf *= 0.9 if m.source == "scan" else 1.0
            if m.qualifier:
                conf = max(conf, 0.9)
        e = best.entry
        places.append(
            Place(
                text=m.text,
                start=m.start,
                end=m.end,
                name=e.name,
                geonameid=e.geonameid,
                country=e.country,
                lat=e.lat,
                lon=e.lon,
                feature=e.feature,
                confidence=round(min(conf, 0.99), 3),
                sentence_index=m.sentence_index,
                usage=m.usage,
            )
        )
    places.sort(key=lambda p: (p.start, p.end))
    return places
