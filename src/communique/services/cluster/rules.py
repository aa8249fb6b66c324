"""When two clusters may be one event (``compatible``: the never-merge rules) and how alike they are (``score``).

Never merged (issue 12, DESIGN "Events and mentions"):

- different type families (PLOVER keeps the types apart), or different negated / hypothetical /
  future flags (a promise or threat dated by a day before its report is not future: ``model.promise_made``); a reference to the past (historical, or dated well before its report) never
  merges at all, so it never makes or joins a current event;
- different dyads: when both sides know their participant codes, one set must hold the other
  (a report that names only the attacker may join one that names both); a person named by
  surname alone, or without a country, counts with the country another report gives that
  person's full name (``through_persons``); for a directed type the roles may not be reversed
  (A accusing B is not B accusing A; across reports, two that agree on an actor are not reversed);
- dates further apart than ``max_gap_days`` (intervals from each mention's granularity);
- different places: two event locations below country level with different GeoNames ids
  (two countries only weigh against: a country-level location is often a country the sentence
  names, not where the act happened), or, for acts bound to a place (``placed_types``: strikes, protests,
  arrests, deployments; not statements, which name where they were said), evidence sentences
  that each name a place below country level the other does not ("in Nyala, South Darfur" and "in Mellit, North Darfur"; "in Nyala" and "in
  Nyala, South Darfur" may merge; for an act spread over a region, not done at one spot, one side
  naming regions only, "in Al Haouz province", is no other place: ``regions_only``); two locations of a statement-like act do not split when one
  cluster's sentences name the other's too, or, inside one report, when the follow-up is undated;
  for acts done at one spot (``point_types``) whose sentences name no place, their location below
  country level, else the places their report's sentences of the present name, count instead
  (two reports that name no place in common are two strikes).

Across reports a merge also needs an anchor (``anchored``): a shared country or IGO, person or
place (for place-bound acts also a participant's country where the other report places it; for
acts done at one spot a report's places, or, when it names none, its headline's names, that the
other names), or, for a report read without participants, the two or more countries its
sentences name that are the other's (``named_dyad``). The
score is a weighted sum (``data/cluster.yaml``) of five signals in 0..1: the evidence (the cosine of
its words, or the stretched cosine of its sentence embeddings when that is higher), shared names, place, date closeness and dyad agreement; the evidence words must be
``evidence_floor`` alike.
"""

from __future__ import annotations

import math

from communique.core.vector import cosine
from communique.services.cluster.model import AREA, Cluster, gap_days, place_keys
from communique.services.cluster.settings import ClusterSettings


def compatible(a: Cluster, b: Cluster, cfg: ClusterSettings, *, across: bool = True) -> bool:
    """Return True unless a never-merge rule keeps ``a`` and ``b`` apart (``apart``)."""
    return apart(a, b, cfg, across=across) is None


def apart(a: Cluster, b: Cluster, cfg: ClusterSettings, *, across: bool = True) -> str | None:
    """Return the first never-merge rule that keeps ``a`` and ``b`` apart, in words, or None.

    ``across`` False compares two mentions of one report, whose roles are read strictly (see ``_reversed``).
    The words are for diagnostics (``explain``); clustering asks only whether there is one.
    """
    if a.family != b.family:
        return f"type {a.family} / {b.family}"
    if a.flags != b.flags:
        return "negated/hypothetical/future flags differ"
    if a.past or b.past:
        return "a reference to the past (or a habit)"
    (aa, ar), (ba, br) = through_persons(a, b), through_persons(b, a)
    ca, cb = aa | ar, ba | br
    if ca and cb and not (ca <= cb or cb <= ca):
        return f"dyad {sorted(ca)} / {sorted(cb)}"
    if not (a.symmetric or b.symmetric) and _reversed((aa, ar), (ba, br), across):
        return "roles reversed"
    gap = gap_days(a, b)
    if gap is not None and gap > cfg.max_gap_days:
        return f"dates {gap} days apart"
    if a.geonameid is not None and b.geonameid is not None and a.geonameid != b.geonameid \
            and not _names_other(a, b, cfg) and not (not across and _said_elsewhere(b, cfg)):
        return f"places {a.location.name if a.location else None} / {b.location.name if b.location else None}"
    if (a.best.type in cfg.placed_types and a.places and b.places
            and not (a.places <= b.places or b.places <= a.places)
            and not (a.best.type not in cfg.point_types and (regions_only(a) or regions_only(b)))):
        return f"sentences name places {sorted(a.places)} / {sorted(b.places)}"
    if a.best.type in cfg.placed_types:
        # And every member's towns against every other's: a roundup of two towns joined by a
        # report of one of them is that town's strike, which a report of the other may not join.
        for x in a.spots:
            for y in b.spots:
                if not spots_related(x, y):
                    return f"sentences name places {sorted(x)} / {sorted(y)}"
    if across and a.best.type in cfg.point_types and not (a.places and b.places):
        # One side's sentences name no place: its report's other places say where ("struck
        # buildings overnight ... Kharkiv's mayor said"), so it is not "place unknown" (inside
        # one report, follow-ups share its places and keep the rules above).
        pa, pb = a.places or _located(a, cfg) or a.context, b.places or _located(b, cfg) or b.context
        if pa and pb and not pa & pb:
            return f"reports name places {sorted(pa)} / {sorted(pb)}"
    return None


def regions_only(c: Cluster) -> bool:
    """Return True when every member of a cluster that names a place names regions only ("in Al Haouz province")."""
    return bool(c.spots) and all(k.startswith(AREA) for x in c.spots for k in x)


def spots_related(x: frozenset[str], y: frozenset[str]) -> bool:
    """Return True when two members' towns may be one spot: one's towns among the other's towns or regions.

    "near Bama in Borno state" (town Bama, region Borno) and "in Borno" (the state by its bare
    name, a town of its sentence: ``model.is_region``) may be one strike; "in Dnipro" and "in
    Zaporizhzhia" may not; "in Nyala, South Darfur" and "in South Darfur" (no town) may.
    """
    tx, ty = {k for k in x if not k.startswith(AREA)}, {k for k in y if not k.startswith(AREA)}
    ax, ay = {k[1:] for k in x if k.startswith(AREA)}, {k[1:] for k in y if k.startswith(AREA)}
    return tx <= ty | ay or ty <= tx | ax


def _located(c: Cluster, cfg: ClusterSettings) -> set[str]:
    """Return the place keys of a cluster's location below country level (none for a country)."""
    loc = c.location
    return place_keys(loc.name or loc.text, cfg) if loc is not None and c.geonameid is not None else set()


def _names_other(a: Cluster, b: Cluster, cfg: ClusterSettings) -> bool:
    """Return True when one cluster's sentences name the other's location too.

    "Reopen the Poipet–Aranyaprathet checkpoint" placed at Poipet and "reopen the crossing at
    Aranyaprathet and Poipet" placed at Aranyaprathet chose different towns of one place. Never for
    a place-bound act: a sentence naming two towns there is a roundup of two strikes or protests.
    """
    if a.best.type in cfg.placed_types:
        return False
    def keys(c: Cluster) -> set[str]:
        loc = c.location
        return place_keys(loc.name or loc.text, cfg) | place_keys(loc.text, cfg) if loc else set()

    ka, kb = keys(a), keys(b)
    return bool(ka and ka & b.places) or bool(kb and kb & a.places)


def _said_elsewhere(b: Cluster, cfg: ClusterSettings) -> bool:
    """Return True when ``b`` is an undated follow-up of a statement-like type, placed where it was said.

    Inside one report, "told reporters in Phnom Penh that the agreement was good news" goes on
    about the agreement: its place is where it was said (place-bound acts keep their own rule).
    """
    return b.best.date_granularity in (None, "article") and b.best.type not in cfg.placed_types


def anchored(a: Cluster, b: Cluster, cfg: ClusterSettings) -> bool:
    """Return True when two reports share something that names the event, not only its type and days.

    A shared participant country or IGO, a shared person, the same event location, or (for
    place-bound acts) a place both sentences name. Across reports a merge needs one: two
    company deals, or two unnamed groups meeting "in New York", share nothing but their type.
    """
    if _codes(a, b) & _codes(b, a) or a.names & b.names or named_dyad(a, b):
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.best.type not in cfg.placed_types:
        return False
    # A strike or protest: a place both sentences name, or a participant's country that is where
    # the other report places it ("gunmen abducted pupils in Kaduna" and "in northwestern Nigeria").
    if a.places & b.places:
        return True
    # An act done at one spot whose sentence names no place ("The attack killed twelve civilians"):
    # the places its report names say where (as in ``apart``), so one of them the other names anchors.
    if a.best.type in cfg.point_types and not (a.places and b.places):
        pa, pb = a.places or a.context, b.places or b.context
        if pa & pb:
            return True
        # A report that names no place at all may name its town in its headline as a modifier
        # ("Commuters walk as Naples drivers stay home"): a place the other report names.
        if (not pa and a.headline & (pb | _located(b, cfg))) or (not pb and b.headline & (pa | _located(a, cfg))):
            return True
    return bool(a.country and a.country in _codes(b, a)) or \
        bool(b.country and b.country in _codes(a, b))


def named_dyad(a: Cluster, b: Cluster) -> bool:
    """Return True when a report read without participants names, in its sentences, the other's two countries.

    "The electricity agreement Ethiopia and Kenya concluded on October 3" (no role filled) and
    "Ethiopia and Kenya signed an agreement" share the dyad all the same; two such reports that
    name the same two countries do too. One country is not enough (every act of a day involves
    the United States), nor a set that differs from the other's by a country.
    """
    ca, cb = _codes(a, b), _codes(b, a)
    if ca and cb:
        return False
    sa, sb = ca or a.named, cb or b.named
    return len(sa) >= 2 and sa == sb


def evidence_floor(a: Cluster, b: Cluster, cfg: ClusterSettings) -> float:
    """Return how alike two clusters' evidence words must be: less when they share a full dyad or a person.

    Both naming the same two or more participant countries, or the same person by full name, say
    which event it is better than a few shared words do; a shared single country or city (every
    US deal of a day, every meeting "in New York") does not, and needs ``min_evidence``.
    """
    ca, cb = _codes(a, b), _codes(b, a)
    if (len(ca) >= 2 and ca == cb) or any(" " in n for n in a.names & b.names):
        return cfg.min_evidence_anchored
    return cfg.min_evidence


def through_persons(a: Cluster, b: Cluster) -> tuple[set[str], set[str]]:
    """Return ``a``'s actor and recipient codes, with the countries of persons ``b`` names better.

    A person ``a`` names without a country, or by one word where ``b`` gives a full name
    ("Bennett" and "Laura Bennett", "Xi" and "Xi Jinping"), takes the country ``b`` gives that
    person: the registry's guess for a bare surname is weaker than another report's full name.
    """
    actors, recipients = set(a.actors), set(a.recipients)
    if not (a.persons and b.persons):
        return actors, recipients
    for role, name, country in a.persons:
        words = set(name.split())
        for _, other, theirs in b.persons:
            known = set(other.split())
            if not theirs or theirs == country or not (words <= known or known <= words):
                continue
            if not country or (len(words) == 1 < len(known)):
                side = actors if role == "actor" else recipients
                side.discard(country)
                side.add(theirs)
                break
    return actors, recipients


def _codes(a: Cluster, b: Cluster) -> set[str]:
    actors, recipients = through_persons(a, b)
    return actors | recipients


def _reversed(a: tuple[set[str], set[str]], b: tuple[set[str], set[str]], across: bool = True) -> bool:
    """Return True when a participant acts in one cluster and is only acted on in the other.

    Each side is (actor codes, recipient codes). Only between clusters that both name an actor:
    a report that names the victims alone ("nine were killed in Mogadishu") says nothing about
    who acted. Across reports, two that agree on an actor ("India" and "India and Sri Lanka"
    delivered aid) have one participant misread, not the roles reversed; inside one report the
    same words are read the same way, so there "the ministers praised" and "Bayramov appreciated
    Turkish companies" stay two acts.
    """
    (aa, ar), (ba, br) = a, b
    if not (aa and ba) or (across and aa & ba):
        return False
    return bool((aa & br) - ba or (ba & ar) - aa)


def word_similarity(a: Cluster, b: Cluster) -> float:
    """Return the cosine of two clusters' evidence words (0 when one has none)."""
    return len(a.words & b.words) / math.sqrt(len(a.words) * len(b.words)) if a.words and b.words else 0.0


def meaning_similarity(a: Cluster, b: Cluster, cfg: ClusterSettings) -> float:
    """Return how alike two clusters' evidence sentences are in meaning, in 0..1 (0 when one has no vector).

    The cosine of their mean sentence embeddings, stretched from ``meaning_low`` (0: sentences
    of one topic, "a minister met a counterpart") to ``meaning_high`` (1: the same act told
    in other words, "froze the assets of" / "added to its sanctions list"); it stands for the
    evidence words when it says more than they do (``signals``).
    """
    c = cosine(a.vec(), b.vec())
    if c is None or cfg.meaning_high <= cfg.meaning_low:
        return 0.0
    return min(1.0, max(0.0, (c - cfg.meaning_low) / (cfg.meaning_high - cfg.meaning_low)))


def signals(a: Cluster, b: Cluster, cfg: ClusterSettings) -> dict[str, float]:
    """Return the five similarity signals of two compatible clusters, each in 0..1."""
    ev = max(word_similarity(a, b), meaning_similarity(a, b, cfg))
    if a.names and b.names:
        names = len(a.names & b.names) / min(len(a.names), len(b.names))
    else:  # no name to compare on one side (countries only): neither for nor against
        names = 0.5 if not (a.names or b.names) else 0.25
    if (a.geonameid is not None and a.geonameid == b.geonameid) or same_places(a, b, cfg):
        place = 1.0
    elif a.country and b.country and a.country != b.country:
        place = 0.0
    elif a.geonameid is None and b.geonameid is None and a.country and a.country == b.country:
        place = 0.75
    else:
        place = 0.5
    gap = gap_days(a, b)
    date = 0.5 if gap is None else 1.0 - gap / (cfg.max_gap_days + 1)
    ca, cb = _codes(a, b), _codes(b, a)
    dyad = 1.0 if ca and ca == cb else (0.5 if ca or cb else 0.25)
    return {"evidence": ev, "names": names, "place": place, "date": date, "dyad": dyad}


def same_places(a: Cluster, b: Cluster, cfg: ClusterSettings) -> bool:
    """Return True when two clusters' sentences say one place: one's places among the other's, or one's location named by the other.

    "in Vilnius" and "in the Lithuanian capital" (``model.capital_places``) name one city, as do a
    report placed at Vilnius and one whose sentences name Vilnius without the geoparser placing it.
    """
    if a.places and b.places and (a.places <= b.places or b.places <= a.places):
        return True
    return bool(_located(a, cfg) & b.places) or bool(_located(b, cfg) & a.places)


def score(a: Cluster, b: Cluster, cfg: ClusterSettings) -> float:
    """Return the weighted similarity of two clusters (compare with ``cfg.threshold``)."""
    s = signals(a, b, cfg)
    return sum(cfg.weights[k] * v for k, v in s.items())
