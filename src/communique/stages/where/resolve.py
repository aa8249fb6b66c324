"""Toponym resolution: the place mentions of an article -> GeoNames entries (the places stage's cascade).

Cascade, per article (each step in its own module):
1. mentions (``where.find``): NER entities labelled GPE, LOC or FAC in parsed sentences; demonyms
   tagged NORP ("Russian"); place names inside the names of organisations and facilities ("the
   Washington Post", "University of California", "EU" for Europe: ``where.organisations``); in
   sentences the NLP stage did not parse (or that are lower-cased), a gazetteer scan restricted
   to names that are rarely anything else (countries, first-level divisions, regions, capitals
   and large cities: ``where.scan``), and the demonyms; qualifiers ("Paris, Texas":
   ``where.qualifiers``);
2. usage (``where.usage``): every mention is kept and says how the text uses the name
   (``Place.usage``): "demonym" for a nationality adjective that modifies a noun ("Turkish
   officials"; not a plural people noun such as "Afghans", nor a language, "in English");
   "metonym" for a place name used as an actor ("Ankara said"), whether the actors stage says so
   (an actor over the span whose ``basis`` is metonym) or the parse does (the subject of a
   communication or decision verb); "embedded" for a name inside an organisation's; "literal"
   otherwise. Only literal places can be event locations (``where.location``);
3. candidates (``where.candidates``): every gazetteer entry with that name or alternate name, or
   with a qualifier the entries inside the qualifier; a demonym's country or region;
4. ranking (``where.ranking``), in two passes: a feature prior (a country before a town of the
   same name), population, primary-name match, and the countries (and US states) of the
   article's actors and of the literal and metonymic places resolved in the first pass, the
   votes of the article's other names and of its outlet's home (``where.home``) for the
   divisions a candidate lies in (``where.coherence``); weak mentions, and names of villages only,
   are kept only with support;
5. confidence: the winner's share of the two best scores, lowered for alternate names and
   for gazetteer-scan mentions.
"""

from __future__ import annotations

from communique.core.article import Article, Place
from communique.core.errors import at_sentence
from communique.stages.where.find import find_mentions
from communique.stages.where.gazetteer import Gazetteer, GeoEntry
from communique.stages.where.home import outlet_home
from communique.stages.where.mention import Mention
from communique.stages.where.ranking import (
    Ranked,
    add_home,
    add_places,
    article_context,
    needs_support,
    rank,
    rerank,
    supported,
)
from communique.stages.where.usage import assign_usage


def resolve_article(article: Article, gaz: Gazetteer) -> list[Place]:
    """Return the resolved places of ``article``, in text order (see the module cascade)."""
    sentences = {s.index: s for s in article.sentences}
    mentions = []
    for m in find_mentions(article, gaz):
        with at_sentence(m.sentence_index):
            if assign_usage(m, article, sentences.get(m.sentence_index), gaz):
                mentions.append(m)
    ctx = article_context(article)
    first: list[Ranked] = []
    for m in mentions:
        with at_sentence(m.sentence_index):
            r = rank(m, gaz, ctx)
        if r is not None:
            first.append(r)
    add_places(ctx, first)
    add_home(ctx, outlet_home(article, gaz))
    places: list[Place] = []
    for r in first:
        m = r.mention
        with at_sentence(m.sentence_index):
            if needs_support(r) and not supported(m, article.text, gaz, ctx):
                continue
            best, conf = rerank(r, gaz, ctx)
        places.append(_place(m, best.entry, conf))
    places.sort(key=lambda p: (p.start, p.end))
    return places


def _place(m: Mention, e: GeoEntry, confidence: float) -> Place:
    return Place(
        text=m.text,
        start=m.start,
        end=m.end,
        name=e.name,
        geonameid=e.geonameid,
        country=e.country,
        lat=e.lat,
        lon=e.lon,
        feature=e.feature,
        confidence=confidence,
        sentence_index=m.sentence_index,
        usage=m.usage,
    )
