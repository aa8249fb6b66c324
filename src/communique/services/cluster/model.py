"""What clustering compares: a ``Cluster`` of mentions (one event in the making) and its features.

A cluster is built from one mention (``Cluster.of``) or from a stored event (``Cluster.stored``),
and two clusters join with ``absorb``. Its features are what ``rules`` compares:

- ``family`` (the event type, or the family of types PLOVER lets merge) and ``symmetric``;
- ``actors`` / ``recipients``: participant codes (country, else IGO or actor id);
- ``names``: the names and surnames of participants who are persons, lower-cased;
- ``persons``: (role, the name as the report wrote it, country) of each person, so that a report
  that names a minister by surname alone can take the country another report gives the full name;
- ``words``: the content words of the evidence sentences and of their reports' titles, cut to six
  letters (strike/strikes); a title names the incident in few words, as every outlet does;
- ``vector``: the sum of its mentions' sentence embeddings (unit vectors, ``core.vector``; None
  when none was embedded): its direction is what the evidence means, whatever its words;
- ``lo``/``hi``: the date interval the mention's resolved date and granularity allow;
- ``geonameid`` (a city or smaller place) and ``country`` of the location; ``places``: the places
  below country level its sentences name; ``context``: those its report names in its sentences of the present (``context_places``);
- ``flags`` (negated, hypothetical, future) and ``past`` (historical, dated well before its report,
  or a habit: "regularly strikes").

The event a cluster shows is its most informative mention (``rank``: date granularity, a place,
both sides known, confidence), dated by its best-dated mention and placed by its best-placed one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np

from communique.core import vector as vectors
from communique.core.article import Article, Place
from communique.core.event import Event, Location, Participant
from communique.services.cluster.settings import ClusterSettings
from communique.stages.lexicon import countries, listed
from communique.stages.where.gazetteer import strip_accents

MAX_WORDS = 80  # content words a stored event keeps for comparison (bounded features)
MAX_SPOTS = 8  # members' place sets a cluster keeps (bounded features)
AREA = "@"  # marks a region's key in a member's ``spot`` (place keys are letters only)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
GRANULARITY_RANK = {"day": 4, "week": 3, "month": 2, "year": 1, "article": 0}


@dataclass
class Member:
    """A mention as clustering carries it: the record (dates maybe inherited) and its article's facts."""

    record: Event
    article_id: str
    source: str | None = None
    url: str | None = None
    article_date: str | None = None
    places: frozenset[str] = frozenset()  # the sentence's places below country level (``place_keys``)
    title: str | None = None
    context: frozenset[str] = frozenset()  # places its report names (``context_places``)
    spot: frozenset[str] = frozenset()  # ``places``: the towns (or sites) it names, regions marked ``AREA``
    vector: bytes | None = None  # its sentence's packed embedding (``Sentence.vector``), if embedded
    named: frozenset[str] = frozenset()  # countries its sentence's actors name (``sentence_countries``)


@dataclass
class Cluster:
    """An event in the making: features (see the module docstring), representative and new members."""

    event_id: str
    family: str
    symmetric: bool
    actors: set[str]
    recipients: set[str]
    names: set[str]
    persons: set[tuple[str, str, str]]
    words: set[str]
    lo: dt.date | None
    hi: dt.date | None
    geonameid: int | None
    country: str | None
    places: set[str]
    context: set[str]
    flags: tuple[bool, bool, bool]
    past: bool
    best: Event
    best_mention: str
    rank: tuple[float, ...]
    dated: Event
    location: Location | None
    members: list[Member] = field(default_factory=list)
    spots: set[frozenset[str]] = field(default_factory=set)  # each member's ``spot`` (see ``absorb``)
    vector: np.ndarray | None = None  # the sum of its mentions' unit embeddings (``vectors``): see ``vec``
    named: set[str] = field(default_factory=set)  # countries its sentences name (``sentence_countries``)
    headline: set[str] = field(default_factory=set)  # place keys of its headlines' names (``headline_keys``)
    stored_vector: str | None = None  # a stored event's direction as text, read when first compared
    stored: bool = False
    num_mentions: int = 1
    changed: bool = True
    merged_into: Cluster | None = None

    @property
    def codes(self) -> set[str]:
        return self.actors | self.recipients

    def live(self) -> Cluster:
        """Return the cluster this one was merged into (itself when it was not)."""
        c = self
        while c.merged_into is not None:
            c = c.merged_into
        return c

    def vec(self) -> np.ndarray | None:
        """Return the sum of the mentions' vectors (a stored event's is read from its text on first use)."""
        if self.vector is None and self.stored_vector is not None:
            v = vectors.from_text(self.stored_vector)
            self.vector = v * max(1, self.num_mentions) if v is not None else None
            self.stored_vector = None
        return self.vector

    @classmethod
    def of(cls, member: Member, cfg: ClusterSettings) -> Cluster:
        """Return the cluster of one mention (its id is the mention's id)."""
        e = member.record
        lo, hi = interval(e, cfg)
        ref = parse_date(member.article_date)
        past = bool(e.historical) or bool(hi and ref and (ref - hi).days > cfg.report_lag_days) or habitual(e, cfg)
        geonameid, country = place_of(e.location)
        symmetric = bool(getattr(e, "symmetric", False)) or e.type in cfg.symmetric
        return cls(
            event_id=e.event_id, family=cfg.family(e.type), symmetric=symmetric,
            actors=codes_of(e.actors), recipients=codes_of(e.recipients),
            names=names_of(e), persons=persons_of(e), words=words_of(e, cfg) | text_words(member.title or "", cfg), lo=lo, hi=hi, geonameid=geonameid, country=country,
            places=set(member.places), context=set(member.context), flags=(bool(e.negated), bool(e.hypothetical), bool(e.future) and not promise_made(e, ref, cfg)), past=past, best=e,
            best_mention=e.event_id, rank=rank_of(e), dated=e, location=e.location, members=[member],
            spots={member.spot} if member.spot else set(), vector=vectors.unpack(member.vector),
            named=set(member.named),
            headline=headline_keys(member.title or "", cfg) if e.type in cfg.point_types else set(),
        )

    @classmethod
    def stored_event(cls, event_id: str, mention_id: str, record: Event, features: dict[str, Any],
                     first: str | None, last: str | None, num_mentions: int, cfg: ClusterSettings) -> Cluster:
        """Return the cluster of a stored event, from its row's features (no mention is reread)."""
        if not features:  # an event migrated from a store before clustering: its record says it all
            c = cls.of(Member(record, record.article_id, article_date=record.date), cfg)
            c.event_id, c.stored, c.changed, c.members, c.num_mentions = event_id, True, False, [], num_mentions
            c.best_mention = mention_id
            return c
        gid = features.get("geonameid")
        return cls(
            event_id=event_id, family=cfg.family(record.type), symmetric=bool(features.get("symmetric")),
            actors=set(features.get("actors", [])), recipients=set(features.get("recipients", [])),
            names=set(features.get("names", [])),
            persons={tuple(x) for x in features.get("persons", [])}, words=set(features.get("words", [])),
            lo=parse_date(first), hi=parse_date(last), geonameid=int(gid) if gid is not None else None,
            country=features.get("country"), places=set(features.get("places", [])),
            context=set(features.get("context", [])), flags=tuple(bool(x) for x in features.get("flags", (0, 0, 0))),
            past=bool(features.get("past")), best=record, best_mention=mention_id,
            rank=tuple(features.get("rank", rank_of(record))), dated=record, location=record.location,
            members=[], spots=_spots(features), stored=True,
            num_mentions=num_mentions, changed=False, stored_vector=features.get("vector"),
            named=set(features.get("named", [])), headline=set(features.get("headline", [])),
        )

    def absorb(self, other: Cluster, take_place: bool = True) -> None:
        """Take ``other``'s mentions and features into this cluster (``other`` then points here).

        ``take_place`` False keeps this cluster's location even when it has none: inside one
        report a follow-up's place is mostly where something was said about the event.
        """
        self.actors |= other.actors
        self.recipients |= other.recipients
        self.names |= other.names
        self.persons |= other.persons
        if len(self.words) < MAX_WORDS:
            self.words |= set(sorted(other.words - self.words)[: MAX_WORDS - len(self.words)])
        if other.lo and (not self.lo or _dating(other) < _dating(self)):
            self.lo, self.hi, self.dated = other.lo, other.hi, other.dated
        if take_place:
            if self.geonameid is None and other.geonameid is not None:
                self.geonameid, self.location = other.geonameid, other.location
            if self.country is None:
                self.country = other.country
            if self.location is None and other.location is not None:
                self.location = other.location
        self.places |= other.places
        # Each member's towns, not only the union of places: a roundup's "Kharkiv and Odesa" joined
        # by a report of Kharkiv must not let a report of Odesa alone join too (``rules.apart``).
        self.spots |= set(sorted(other.spots - self.spots, key=sorted)[: max(0, MAX_SPOTS - len(self.spots))])
        self.context |= other.context
        self.named |= other.named
        if len(self.headline) < MAX_WORDS:
            self.headline |= set(sorted(other.headline - self.headline)[: MAX_WORDS - len(self.headline)])
        theirs, mine = other.vec(), self.vec()
        if theirs is not None:
            self.vector = theirs.copy() if mine is None else mine + theirs
        if other.rank > self.rank:
            self.best, self.best_mention, self.rank = other.best, other.best_mention, other.rank
        self.members += other.members
        self.num_mentions += other.num_mentions
        self.changed = True
        other.merged_into = self

    def event(self) -> Event:
        """Return the event record: the representative's fields, dated and placed from the best members."""
        d = self.dated
        return replace(self.best, event_id=self.event_id, date=d.date, date_text=d.date_text,
                       date_granularity=d.date_granularity,
                       location=self.location if self.location is not None else self.best.location,
                       historical=self.best.historical or self.past)

    def features(self) -> dict[str, Any]:
        """Return what the store keeps of this cluster for later comparisons (JSON-ready)."""
        return {"actors": sorted(self.actors), "recipients": sorted(self.recipients), "names": sorted(self.names),
                "persons": [list(x) for x in sorted(self.persons)],
                "words": sorted(self.words)[:MAX_WORDS], "geonameid": self.geonameid, "country": self.country,
                "places": sorted(self.places), "spots": sorted(sorted(x) for x in self.spots), "context": sorted(self.context),
                "named": sorted(self.named), "headline": sorted(self.headline), "flags": list(self.flags), "past": self.past, "symmetric": self.symmetric, "rank": list(self.rank),
                **({"vector": vectors.to_text(v)} if (v := self.vec()) is not None else {})}


def _spots(features: dict[str, Any]) -> set[frozenset[str]]:
    """Return a stored event's members' towns (its places as one, if stored before they were kept)."""
    if "spots" in features:
        return {frozenset(x) for x in features["spots"] if x}
    places = frozenset(features.get("places", []))
    return {places} if places else set()


def _width(c: Cluster) -> int:
    return (c.hi - c.lo).days if c.lo and c.hi else 10**6


UNDATED = (None, "article")  # granularities that say a mention had no date expression of its own
UNDATED_WIDTH = 8  # days: how wide the window of a mention dated only by its report counts (``_dating``)


def _dating(c: Cluster) -> int:
    """Return how well a cluster's date is known in days, lower is better: the width of its window.

    A mention with no date expression (dated by its report, "article") is a guess however narrow
    its lookback window: it counts as wider than a week, so that "a week after army officers seized
    power" dates the coup, not "the detained president" two sentences on; a month ("later this
    month") stays vaguer than the report's date.
    """
    return max(_width(c), UNDATED_WIDTH) if c.dated.date_granularity in UNDATED else _width(c)


def members_of(article: Article, cfg: ClusterSettings) -> list[Member]:
    """Return an article's mentions as clustering members, in sentence order.

    A member's ``places`` name the places below country level its sentence speaks of: the
    resolved ones, and capitalised names after a locative preposition ("in Mellit") that the
    gazetteer did not know, so that two strikes in two towns stay apart even then.
    """
    by_sentence: dict[int, set[str]] = {}
    texts: dict[int, set[str]] = {}  # the same places as written
    regions: dict[int, set[str]] = {}  # the keys of the regions among them ("South Darfur")
    nations: dict[int, set[str]] = {}  # the countries each sentence names as places (for "the capital")
    sites: dict[int, set[str]] = {}  # towns named in a site's name ("Aleppo international airport")
    # Only acts done at one spot read sites and the report's other places (``rules.apart``).
    point = any(e.type in cfg.point_types for e in article.events)
    for p in article.places:
        feature = p.feature or ""
        if p.usage == "literal" and feature.startswith("PCL"):
            nations.setdefault(p.sentence_index, set()).add((p.name or p.text).lower())
        # A dateline ("TAIPEI —", in capitals) says where the report was filed, not where the act was.
        if p.usage == "literal" and not feature.startswith("PCL") and not p.text.isupper():
            by_sentence.setdefault(p.sentence_index, set()).update(place_keys(p.name or p.text, cfg))
            texts.setdefault(p.sentence_index, set()).add(p.text)
            if is_region(p, article.text, cfg):
                regions.setdefault(p.sentence_index, set()).update(place_keys(p.name or p.text, cfg))
        elif point and p.usage == "embedded" and not feature.startswith("PCL") and names_site(p, article.text, cfg):
            sites.setdefault(p.sentence_index, set()).update(place_keys(p.name or p.text, cfg))
    for i, keys in sites.items():
        if not by_sentence.get(i):
            by_sentence[i] = set(keys)
    named = names_not_places(article, cfg)
    context = context_places(article, by_sentence, cfg, nations, named) if point else set()
    countries_named = sentence_countries(article)
    out = []
    seen: set[str] = set()
    for e in article.events:
        if e.event_id in seen:  # the same record twice: the store keeps one
            continue
        seen.add(e.event_id)
        keys = set(by_sentence.get(e.sentence_index, ()))
        if e.evidence:
            keys |= (named_places(e.evidence.sentence, cfg) - named.get(e.sentence_index, set())) | struck_places(e, cfg) | \
                capital_places(e.evidence.sentence, cfg, nations.get(e.sentence_index, set()))
        # A place named as a participant is the state acting ("Beijing mobilised", "Tashkent and
        # Astana agreed"), not where: the geoparser sometimes reads it as literal. But the place
        # an act is done to ("fired at targets in Erbil", "bombed the town of Mellit") is where it
        # happened: the recipient of an act done at one spot stays a place, and so does a
        # place-bound act's recipient that is one of the sentence's places ("sent troops to
        # Kherson", not "sent units of the National Guard"), so that two towns stay apart.
        here = texts.get(e.sentence_index, set()) if e.type in cfg.placed_types else set()
        done_to = [r for r in e.recipients if e.type in cfg.point_types or r.text in here]
        for p in (*e.actors, *(r for r in e.recipients if r not in done_to), *patients(e, cfg)):
            keys -= place_keys(p.text, cfg)
        areas = regions.get(e.sentence_index, set()) | (named_regions(e.evidence.sentence, cfg) if e.evidence else set())
        sentence = article.sentence_of(e)
        out.append(Member(e, article.id, article.source, article.url, article.date, frozenset(keys), article.title,
                          frozenset(context), frozenset((keys - areas) | {AREA + k for k in keys & areas}),
                          sentence.vector if sentence is not None else None,
                          frozenset(countries_named.get(e.sentence_index, ()))))
    return out


def sentence_countries(article: Article) -> dict[int, set[str]]:
    """Return, per sentence, the countries its actors name, whether or not they are an event's participants.

    "The electricity agreement Ethiopia and Kenya concluded on October 3 will ..." or "Talks were
    held between Polish Defence Minister Marek Zielinski and his Lithuanian counterpart" tell the act
    with its parties outside its roles: a mention read without participants still says whose act it
    was (``rules.anchored``). A dateline ("VILNIUS —", in capitals) says where the report was filed,
    and a country guessed from the article around a mention is no evidence: neither counts.
    """
    out: dict[int, set[str]] = {}
    for a in article.actors:
        if a.country and a.sentence_index >= 0 and not a.context_country and not a.text.isupper():
            out.setdefault(a.sentence_index, set()).add(a.country)
    return out


def headline_keys(title: str, cfg: ClusterSettings) -> set[str]:
    """Return the place keys of a headline's capitalised words ("Commuters walk as Naples drivers stay home").

    A headline names the town of its incident as a modifier ("Naples drivers", "Kharkiv residents")
    as often as after "in": these are only candidates, read as a place only where the other report
    names it as one (``rules.anchored``), never to keep two reports apart.
    """
    out: set[str] = set()
    for w in _WORD.findall(title):
        if w[:1].isupper() and w.lower() not in cfg.stop_words:
            out |= place_keys(w, cfg)
    return out


_CAPITAL = re.compile(r"\b([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)\s+capital\b")
_BARE_CAPITAL = re.compile(r"\bthe\s+capital\b")


def capital_places(sentence: str, cfg: ClusterSettings, nations: set[str] = frozenset()) -> set[str]:
    """Return the place keys of the capital a sentence names by its country ("the Ukrainian capital").

    "the capital" with no country before it is the capital of the one country the sentence names
    as a place, if it names exactly one ("Syria's defence ministry said ... south of the capital");
    with none or several it says nothing.
    """
    out: set[str] = set()
    for m in _CAPITAL.finditer(sentence):
        capital = _capitals().get(m.group(1).lower().removesuffix("'s").removesuffix("’s"))
        if capital:
            out |= place_keys(capital, cfg)
    if len(nations) == 1 and _BARE_CAPITAL.search(sentence):
        capital = _capitals().get(next(iter(nations)))
        if capital:
            out |= place_keys(capital, cfg)
    return out


def is_region(p: Place, text: str, cfg: ClusterSettings) -> bool:
    """Return True when a resolved place is a region of its sentence, not a town (``Member.spot``).

    A geographic region ("Darfur") is one; a division is one when its name or the words around it
    say so ("South Darfur", "Duhok province", "the province of Idlib"). A division written by its
    bare name ("Zaporizhzhia", "Aleppo") is named like its seat and may be either: a town.
    """
    feature = (p.feature or "").upper()
    if not feature.startswith(cfg.region_features):
        return False
    if not feature.startswith("ADM"):
        return True
    if {w.lower() for w in _WORD.findall(p.text)} & cfg.division_words:
        return True
    after = _WORD.findall(text[p.end:p.end + 24].lower())
    before = _WORD.findall(text[max(0, p.start - 24):p.start].lower())
    return bool(after and after[0] in cfg.division_words) or \
        (len(before) >= 2 and before[-1] == "of" and before[-2] in cfg.division_words)


def names_site(p: Place, text: str, cfg: ClusterSettings) -> bool:
    """Return True when a town read inside another name names a site there ("Aleppo international airport")."""
    after = " ".join(_WORD.findall(text[p.end:p.end + 40].lower())[:4])
    return any(re.match(rf"(?:\S+\s+)?{re.escape(w)}\b", after) for w in cfg.site_words)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Return each country's capital by the country's names and demonyms, lower-cased."""
    out = {}
    for row in countries():
        if not row.get("capital"):
            continue
        names = [row["name"].strip(), *listed(row.get("aliases")), *listed(row.get("demonyms"))]
        out.update({n.lower(): row["capital"] for n in names if n})
    return out


def struck_places(e: Event, cfg: ClusterSettings) -> set[str]:
    """Return the place keys of a bare name an attack takes as object ("missiles struck Kharkiv").

    The NER often reads a town there as a person ("struck Tyre"), so the places stage misses it;
    but nobody bombs or shells a person by bare name: the name right after the attack word, or
    after "on" ("strikes on Hodeidah"), is a place. So is a name whose site was hit ("Hodeidah's
    port was hit": ``site_words``), even where the act is told without such a word. Named groups
    (a sector: "struck Hamas", "strikes on Hamas") and countries are left out.
    """
    t = e.evidence.trigger if e.evidence else None
    if e.type not in cfg.point_types or t is None:
        return set()
    attack = t.text.lower() in cfg.place_object_verbs
    out: set[str] = set()
    for p in e.recipients:
        words = p.text.removesuffix("'s").removesuffix("’s").split()
        if p.sector or not words or not all(w[:1].isupper() for w in words) or p.text.lower() in _country_words():
            continue
        name = re.escape(" ".join(words))
        if attack and re.search(rf"\b{re.escape(t.text)}\s+(?:on\s+)?{name}\b", e.evidence.sentence):
            out |= place_keys(p.text, cfg)
        elif _site_after(e.evidence.sentence, name, cfg):
            out |= place_keys(p.text, cfg)
    return out


def _site_after(sentence: str, name: str, cfg: ClusterSettings) -> bool:
    """Return True when the sentence writes the name as a site's owner ("Hodeidah's port", "Hodeidah's main airport")."""
    m = re.search(rf"\b{name}['’]s\s+((?:[a-z][\w\-]*\s+){{0,2}}[a-z][\w\-]*(?:\s+[a-z]+)?)", sentence)
    if not m:
        return False
    tail = m.group(1).lower()
    return any(re.search(rf"\b{re.escape(w)}\b", tail) for w in cfg.site_words)


_BODIES = frozenset({"group", "organisation", "igo"})


def names_not_places(article: Article, cfg: ClusterSettings) -> dict[int, set[str]]:
    """Return, per sentence, the place keys of the groups, organisations and persons it names.

    A capitalised name after "of" or "in" is read as a place (``named_places``) unless the actors
    stage read it as a named body: "thousands of National Guard troops" names a force, not a town
    called Guard; "members of Hamas", "in Reuters' count" likewise. Countries and capitals that act
    ("Mexico City said") are left to the places stage. Only the regex's names are checked against
    these: a place the gazetteer resolved stays a place. Persons are not read (the NER takes many a
    small town for a person: "bombed the town of Mellit"), nor bodies without a sector.
    """
    out: dict[int, set[str]] = {}
    for a in article.actors:
        if a.kind in _BODIES and a.sector and a.sentence_index >= 0:
            out.setdefault(a.sentence_index, set()).update(place_keys(a.text, cfg))
    return out


def context_places(article: Article, by_sentence: dict[int, set[str]], cfg: ClusterSettings,
                   nations: dict[int, set[str]] | None = None,
                   named: dict[int, set[str]] | None = None) -> set[str]:
    """Return the places below country level a report names in its sentences of the present.

    Where a strike was when its own sentence says only "missiles struck buildings overnight" and
    the next one "Kharkiv's mayor said ...", or the headline "... near Sulaymaniyah". A sentence that tells an act of another time (past,
    a habit, future, hypothetical or denied: "the troops will patrol crossings in Sonora") does
    not count, nor does a place that acts ("Beijing said").
    """
    elsewhen = {e.sentence_index for e in article.events
                if e.historical or e.future or e.hypothetical or e.negated or habitual(e, cfg)}
    out = {k for i, ks in by_sentence.items() if i not in elsewhen for k in ks}
    for s in article.sentences:
        if s.index not in elsewhen:
            out |= (named_places(s.text, cfg) - (named or {}).get(s.index, set())) | \
                capital_places(s.text, cfg, (nations or {}).get(s.index, set()))
    # The headline names the incident, often with its place ("Drone strike near Sulaymaniyah kills two").
    if article.title:
        out |= named_places(article.title, cfg) | capital_places(article.title, cfg)
    for e in article.events:
        for p in (*e.actors, *patients(e, cfg)):
            out -= place_keys(p.text, cfg)
    return out


def patients(e: Event, cfg: ClusterSettings) -> list[Any]:
    """Return the persons an act done to people receives ("the arrest of Tendai Moyo"): who, not where."""
    return [r for r in e.recipients if e.type in cfg.person_patient_types and r.kind == "person"]


_LOCATIVE = re.compile(r"\b(?:in|near|at|outside|of)\s+(?:the\s+(?:town|city|village)\s+of\s+)?"
                       r"([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)")


def named_places(sentence: str, cfg: ClusterSettings) -> set[str]:
    """Return place keys of capitalised names after a locative preposition, countries left out.

    A name's first word is read without its possessive, so that a day or month ("killed in
    Tuesday's strike", "in March's talks") is a time, as the stop words say, not a place.
    """
    out: set[str] = set()
    for m in _LOCATIVE.finditer(sentence):
        name = m.group(1)
        first = name.split()[0].lower().replace("’", "'").removesuffix("'s")
        # A country named with its possessive ("in New Zealand's largest city") is a country too.
        if name.lower().replace("’", "'").removesuffix("'s") in _country_words() or first in cfg.stop_words:
            continue
        out |= place_keys(name, cfg)
    return out


def named_regions(sentence: str, cfg: ClusterSettings) -> set[str]:
    """Return the keys of the names after a locative preposition that a division word follows ("in Al Haouz province").

    The gazetteer may not know the name, but the word after it says it is a division, not a town
    (``division_words``), as ``is_region`` reads a resolved one.
    """
    out: set[str] = set()
    for m in _LOCATIVE.finditer(sentence):
        after = _WORD.findall(sentence[m.end():m.end() + 24].lower())
        if after and after[0] in cfg.division_words:
            out |= place_keys(m.group(1), cfg)
    return out


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """Return country names, aliases and demonyms, lower-cased (not places below country level)."""
    out = set(_country_names())
    for row in countries():
        out.update(x.lower() for x in listed(row.get("demonyms")))
    return frozenset(out)


def place_keys(name: str, cfg: ClusterSettings) -> set[str]:
    """Return the words that name a place, less generic ones and countries ("Kaduna State" -> {"kaduna"})."""
    out = set()
    for w in _WORD.findall(strip_accents(name.lower().replace("’", "'"))):
        w = w.removesuffix("'s").strip("'-")
        if len(w) > 2 and w not in cfg.place_generic_words and w not in _country_words():
            out.add(w[:6])
    return out


def parse_date(value: str | None) -> dt.date | None:
    """Return the date of a YYYY-MM-DD string, or None."""
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def interval(e: Event, cfg: ClusterSettings) -> tuple[dt.date | None, dt.date | None]:
    """Return the first and last day the mention's resolved date and granularity allow."""
    d = parse_date(e.date)
    if d is None:
        return None, None
    g = e.date_granularity
    if g == "day":
        return d, d
    if g == "week":
        return d, d + dt.timedelta(days=6)
    if g == "month":
        return d, d.replace(day=calendar.monthrange(d.year, d.month)[1])
    if g == "year":
        return d, d.replace(month=12, day=31)
    # No expression: the report's own date. News reports events of the same day or the few before.
    return d - dt.timedelta(days=cfg.article_lookback_days), d


def gap_days(a: Cluster, b: Cluster) -> int | None:
    """Return the days between two clusters' date intervals (0 when they overlap), None if one is undated."""
    if not (a.lo and a.hi and b.lo and b.hi):
        return None
    return max(0, (b.lo - a.hi).days, (a.lo - b.hi).days)


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    names = set()
    for row in countries():
        names.add(row["name"].lower())
        names.update(x.lower() for x in listed(row.get("aliases")))
    return frozenset(names)


def place_of(loc: Location | None) -> tuple[int | None, str | None]:
    """Return (geonameid of a place below country level or None, the location's country)."""
    if loc is None:
        return None, None
    if (loc.name or "").lower() in _country_names() or loc.geonameid is None:
        return None, loc.country
    return int(loc.geonameid), loc.country


def codes_of(group: list[Participant]) -> set[str]:
    """Return the dyad codes of participants: countries and IGO ids (other ids say no country)."""
    return {c for p in group if (c := p.country or (p.id if p.kind == "igo" else None))}


def names_of(e: Event) -> set[str]:
    """Return the persons' names and surnames among the participants, lower-cased.

    Only persons: a group's name ("the Myanmar military", "protesters") is shared by every
    event of its country and says nothing about which event this is.
    """
    out: set[str] = set()
    for p in (*e.actors, *e.recipients):
        if p.kind != "person" or not p.name:
            continue
        name = p.name.lower()
        out.add(name)
        if " " in name:
            out.add(name.rsplit(" ", 1)[1])
    return out


def promise_made(e: Event, ref: dt.date | None, cfg: ClusterSettings) -> bool:
    """Return True when a future-flagged promise or threat is dated by a day before its report: made that day.

    "Norway will give forty million dollars to Yemen, its minister announced on Tuesday" is an
    AGREE (``promise_types``) of Tuesday, as "Norway pledged ... on Tuesday" is; a promise dated
    by the report's own day, or later, or by a vaguer date, keeps its future flag.
    """
    d = parse_date(e.date)
    return e.type in cfg.promise_types and e.date_granularity == "day" and bool(d and ref and d < ref)


def habitual(e: Event, cfg: ClusterSettings) -> bool:
    """Return True when the evidence says the act is a habit, not one event ("Turkey regularly strikes ...")."""
    text = e.evidence.sentence if e.evidence else ""
    return any(w.lower() in cfg.habitual_words for w in _WORD.findall(text))


def persons_of(e: Event) -> set[tuple[str, str, str]]:
    """Return (role, name as written, country or "") of the persons among the participants.

    The name is the report's own words, lower-cased, and only when every word of it is
    capitalised ("Bennett", "Kenji Moriyama"), not a description ("South Korea's foreign minister").
    """
    out = set()
    for role, group in (("actor", e.actors), ("recipient", e.recipients)):
        for p in group:
            words = [w.removesuffix("'s").removesuffix("’s") for w in (p.text or "").split()]
            if p.kind != "person" or not words or not all(w[:1].isupper() for w in words):
                continue
            out.add((role, " ".join(w.lower() for w in words), p.country or ""))
    return out


def words_of(e: Event, cfg: ClusterSettings) -> set[str]:
    """Return the content words of the evidence sentence, cut to six letters."""
    return text_words(e.evidence.sentence if e.evidence else "", cfg)


def text_words(text: str, cfg: ClusterSettings) -> set[str]:
    """Return the content words of ``text``, cut to six letters."""
    out = set()
    for w in _WORD.findall(text):
        w = w.lower().removesuffix("'s").strip("'-")
        if len(w) >= 3 and w not in cfg.stop_words:
            out.add(w[:6])
    return out


def rank_of(e: Event) -> tuple[float, ...]:
    """Return how informative a mention is: date granularity, a place, both sides known, confidence."""
    return (float(GRANULARITY_RANK.get(e.date_granularity or "", 0)), float(e.location is not None),
            float(bool(e.actors) and bool(e.recipients)), float(e.confidence or 0.0))
