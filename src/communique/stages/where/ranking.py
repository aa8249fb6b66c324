"""Ranking a mention's candidates with what the article says about where it is (steps 4-5 of ``where.resolve``).

Decided here:
- the score of a candidate: a feature prior (a country before a town of the same name),
  population, a primary-name bonus, and the document context: the countries of the article's
  actors, the countries and US states of the places resolved in the first pass, and the votes
  of the article's other names and of its outlet's home for the divisions the candidate lies
  in (``where.coherence``: "Paris" beside "Henry County" is Paris, Tennessee), and whether it is
  a namesake of the outlet's home town (``where.home``: "Paris" in the Paris Beacon);
- the two passes: the first ranks with the actors' countries only; the literal and metonymic
  places it resolves well (or that are countries or first-level divisions) become context, and
  every name found by the NER or the scan votes; the second ranks again, the first-pass votes
  of the mention's own name discounted (however often the article repeats it);
- confidence: the winner's share of the two best scores, lowered for alternate names and for
  gazetteer-scan mentions, at least ``QUALIFIED_FLOOR`` with a qualifier;
- support for weak mentions (a small town's name the NER did not call a place) and for names of
  villages only: a locative preposition, a qualifier, a US state the article names, or the
  votes of other names.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from communique.core.article import Article
from communique.stages.where import rules
from communique.stages.where.candidates import candidates
from communique.stages.where.coherence import Coherence, voter
from communique.stages.where.gazetteer import FEATURE_PRIOR, Gazetteer, GeoEntry, NameHit, normalize
from communique.stages.where.home import Home
from communique.stages.where.locative import locative_before
from communique.stages.where.mention import Mention

# Ranking weights, set by measuring on the GeoWebNews dev set (aggregate figures only).
PRIMARY_BONUS = 0.15
CONTEXT_PLACE = 0.6  # the candidate's country is named by other places (scaled up to 3 of them)
CONTEXT_PLACE_ANY = 0.3  # ... by at least one
CONTEXT_ACTOR = 0.4  # the candidate's country is an actor's
CONTEXT_ADMIN1 = 0.8  # the candidate lies in a US state the article names
COHERENCE = 0.4  # per vote of another name for the candidate's division (where.coherence) ...
COHERENCE_CAP = 1.5  # ... counted up to this many votes
NO_CONTEXT_POPULATION = 1_000  # a town this small takes none of the country context ...
FULL_CONTEXT_POPULATION = 100_000  # ... one this large all of it
WEAK_SUPPORT = 1.0
PLACED_WORKERS = rules.words("mentions.yaml", "placed_workers")
HOME = 1.0  # the candidate is a namesake of the outlet's home town (where.home)
VILLAGE_POPULATION = 5_000  # the votes that keep a weak mention (one name of the same county, two of the state)
# The usages of the place mentions that make up the context of the second pass.
CONTEXT_USAGES = ("literal", "metonym")
# A first-pass place counts as context at this confidence, or when it is one of these kinds.
CONTEXT_CONFIDENCE = 0.6
CONTEXT_FEATURES = ("PCLI", "ADM1")
# Confidence: a mention with one candidate; the factors for an alternate name and for a scan
# mention; the floor for a qualified mention ("Paris, Texas").
SINGLE_CANDIDATE = 0.95
# ... a town: a unique town name is more often a word or a namesake missing from the gazetteer
# (observed precision 0.85-0.89 on the tune halves, against 0.96-0.99 for countries and states).
SINGLE_TOWN = 0.85
ALTERNATE_NAME_FACTOR = 0.9
SCAN_FACTOR = 0.9
QUALIFIED_FLOOR = 0.9


@dataclass
class Context:
    """What an article says about where it is: counts of countries and of US states."""

    actor_countries: Counter[str] = field(default_factory=Counter)
    place_countries: Counter[str] = field(default_factory=Counter)
    place_admin1: Counter[tuple[str, str]] = field(default_factory=Counter)
    # What the mentions of each name (normalised) contributed to the two counts above.
    name_countries: Counter[tuple[str, str]] = field(default_factory=Counter)
    name_admin1: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    coherence: Coherence = field(default_factory=Coherence)
    home: set[GeoEntry] = field(default_factory=set)  # the outlet's home town's namesakes


@dataclass
class Ranked:
    """A mention with its first-pass winner and confidence."""

    mention: Mention
    hit: NameHit
    confidence: float
    scored: list[tuple[float, NameHit]] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        """Return True when the winner is sure enough, or a country or division, to be context."""
        return self.confidence >= CONTEXT_CONFIDENCE or self.hit.entry.feature in CONTEXT_FEATURES


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


def score(hit: NameHit, ctx: Context, own_name: str = "") -> float:
    """Return the ranking score of one candidate given the article's context.

    What the mentions of the name ``own_name`` contributed to the context in the first pass is
    discounted: a name does not vote for itself, however often the article repeats it."""
    e = hit.entry
    own = normalize(own_name)
    s = FEATURE_PRIOR.get(e.feature, 0.0)
    s += math.log10(max(e.population, 1)) / 7.0
    s += PRIMARY_BONUS if hit.primary else 0.0
    if e.country:
        n = ctx.place_countries.get(e.country, 0) - ctx.name_countries.get((own, e.country), 0)
        country = CONTEXT_PLACE * min(n, 3) / 3 + (CONTEXT_PLACE_ANY if n > 0 else 0.0)
        country += CONTEXT_ACTOR if ctx.actor_countries.get(e.country, 0) > 0 else 0.0
        s += country * town_share(e)
        if e.admin1 and e.feature not in ("ADM1", "PCLI"):
            k = ctx.place_admin1.get((e.country, e.admin1), 0) - ctx.name_admin1.get((own, e.country, e.admin1), 0)
            s += CONTEXT_ADMIN1 if k > 0 else 0.0
    if e in ctx.home:
        s += HOME
    if ctx.coherence.voters:
        s += COHERENCE * min(ctx.coherence.support(e, own_name), COHERENCE_CAP)
    return s


def town_share(e: GeoEntry) -> float:
    """Return the share of the country context a place takes: all for a division, a region or a
    town of ``FULL_CONTEXT_POPULATION``; for a smaller town, in proportion to the decades of its
    population above ``NO_CONTEXT_POPULATION`` (the country an article names does not make a
    village of a few thousand the namesake of a world city: names near it must vote for it)."""
    if e.feature not in ("PPL", "PPLC"):
        return 1.0
    lo, hi = math.log10(NO_CONTEXT_POPULATION), math.log10(FULL_CONTEXT_POPULATION)
    return min(max((math.log10(max(e.population, 1)) - lo) / (hi - lo), 0.0), 1.0)


def _scored(m: Mention, gaz: Gazetteer, ctx: Context) -> list[tuple[float, NameHit]]:
    """Return the mention's candidates with their scores, best first (ties keep gazetteer order)."""
    hits = candidates(m, gaz)
    return sorted(((score(h, ctx, m.key), h) for h in hits), key=lambda p: -p[0])


def _margin(scored: list[tuple[float, NameHit]], m: Mention) -> float:
    """Return the confidence of the best of several candidates: its share of the two best scores,
    lowered for an alternate name and for a scan mention, raised for a qualified mention."""
    best_s, best = scored[0]
    second = max(scored[1][0], 0.0)
    conf = 0.5 + 0.5 * (best_s - second) / max(best_s + second, 1e-6)
    return _adjusted(conf, best, m)


def _adjusted(conf: float, best: NameHit, m: Mention) -> float:
    if not best.primary:
        conf *= ALTERNATE_NAME_FACTOR
    if m.source == "scan":
        conf *= SCAN_FACTOR
    if m.qualifier:
        conf = max(conf, QUALIFIED_FLOOR)
    return conf


def rank(m: Mention, gaz: Gazetteer, ctx: Context) -> Ranked | None:
    """Return the mention ranked: its best candidate, confidence and scored candidates (None without any)."""
    scored = _scored(m, gaz, ctx)
    if not scored:
        return None
    best = scored[0][1]
    single = SINGLE_TOWN if best.entry.feature == "PPL" else SINGLE_CANDIDATE
    conf = _adjusted(single, best, m) if len(scored) == 1 else _margin(scored, m)
    return Ranked(m, best, round(min(conf, 0.99), 3), scored)


def add_places(ctx: Context, first: list[Ranked]) -> None:
    """Count the first pass's literal and metonymic places that are sure enough into the context,
    and let every name the NER or the scan found vote (``where.coherence``)."""
    for r in first:
        if r.mention.source != "weak" and r.mention.usage != "demonym":
            ctx.coherence.add(voter(normalize(r.mention.key), r.scored))
    for r in first:
        if r.mention.usage not in CONTEXT_USAGES or not r.counts:
            continue
        e = r.hit.entry
        own = normalize(r.mention.key)
        if e.country:
            ctx.place_countries[e.country] += 1
            ctx.name_countries[(own, e.country)] += 1
        if e.feature == "ADM1" and e.country:
            ctx.place_admin1[(e.country, e.admin1)] += 1
            ctx.name_admin1[(own, e.country, e.admin1)] += 1


def add_home(ctx: Context, home: Home) -> None:
    """Count the outlet's home into the context: its domain's country as a place the article names,
    its home town as a voter (its namesakes scored as a mention's would be)."""
    if home.country:
        ctx.place_countries[home.country] += 1
    if home.towns:
        ctx.home = {h.entry for h in home.towns}
        scored = [(score(h, ctx), h) for h in home.towns]
        ctx.coherence.add(voter(normalize(home.name), scored))


def rerank(r: Ranked, gaz: Gazetteer, ctx: Context) -> tuple[NameHit, float]:
    """Return the second-pass winner and confidence of a first-pass result, its own name's votes discounted.

    A single candidate keeps its first-pass confidence."""
    scored = _scored(r.mention, gaz, ctx)
    best = scored[0][1]
    conf = r.confidence if len(scored) == 1 else _margin(scored, r.mention)
    return best, round(min(conf, 0.99), 3)


def needs_support(r: Ranked) -> bool:
    """True when a mention is kept only with support (``supported``): a weak one, or one whose every
    candidate is a village (a town under ``VILLAGE_POPULATION``): thousands of villages bear a
    word or a given name ("Irma", "Centre", "Olivia"), and the NER calls many such words places."""
    m = r.mention
    if m.source == "weak":
        return True
    if m.source == "dateline" or m.fixed or m.qualifier or not r.scored:
        return False
    return all(h.entry.feature == "PPL" and h.entry.population < VILLAGE_POPULATION for _, h in r.scored)


def supported(m: Mention, text: str, gaz: Gazetteer, ctx: Context) -> bool:
    """True when a weak mention (a small town's name the NER did not call a place) has support:
    a locative preposition before it ("in Allendale"; not before an organisation or a facility
    it is part of), a qualifier (", N.J."), or, unless the NER read it as a person's name, a
    candidate in a US state the article names or one the article's other names vote for."""
    if m.qualifier or (m.usage != "embedded" and locative_before(text, m.start)):
        # Not for a name inside another's: "at Rogers Centre" is where the stadium is.
        return True
    if m.person:
        return False
    after = text[m.end : m.end + 24].split()
    if m.usage != "embedded" and after and after[0].lower() in PLACED_WORKERS:
        # "Piraeus dockers": the town where the workers work, as "the dockers of Piraeus".
        return True
    for h in candidates(m, gaz):
        e = h.entry
        if e.admin1 and ctx.place_admin1.get((e.country, e.admin1), 0) > 0:
            return True
        if ctx.coherence.support(e, m.key) >= WEAK_SUPPORT:
            return True
    return False
