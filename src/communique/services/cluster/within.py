"""Within-article coreference: the mentions of one act in one report become one cluster.

A report names its event once with a date and a place ("... met in Ankara the previous day")
and goes on about it ("The parties discussed ...", "During the meeting, the sides ..."). In
sentence order, each mention joins the most recent cluster of the same article that the
never-merge rules (``rules.compatible``) allow, or the cluster of a mention of the same type in
the same sentence from the same trigger word or with a participant in common (one act told
once, however its participants were read); no score is needed inside one report, where a
second act of the same type and dyad shows itself by its own date or place. A follow-up that
joins takes the cluster's date and place when it has none of its own (its date was the
report's), so that its record is dated as the event is; the cluster never takes a follow-up's
place (mostly where something was said about the event: "told reporters in Phnom Penh").

A later sentence whose subject is the act told again as a definite noun ("The accord follows talks
in Rabat earlier this month", "The agreement followed a meeting in Doha last month") names the
act already reported (``anaphoric``); the date and place of its sentence are another act's, so it
joins the most recent cluster of its type that the never-merge rules allow without them. Only a
bare definite noun: "the second meeting", "the talks in Astana", "the agreement signed in 2019"
say which act they are and keep their own date and place.
"""

from __future__ import annotations

import re
from dataclasses import replace

from communique.core.article import Article
from communique.services.cluster.model import UNDATED, Cluster, codes_of, members_of
from communique.services.cluster.rules import compatible
from communique.services.cluster.settings import ClusterSettings


def article_clusters(article: Article, cfg: ClusterSettings) -> list[Cluster]:
    """Return the article's mentions grouped into clusters (in order of their first mention)."""
    clusters: list[Cluster] = []
    for member in members_of(article, cfg):
        c = Cluster.of(member, cfg)
        home = _home(clusters, c, cfg)
        if home is None and (anaphoric(c, cfg) or told_of(c, cfg)):
            bare = detached(c, keep_flags=not told_of(c, cfg))
            if (home := _home(clusters, bare, cfg)) is not None:
                c = bare
        if home is not None:
            home.absorb(c, take_place=False)
        else:
            clusters.append(c)
    for c in clusters:
        inherit(c)
    return clusters


def _home(clusters: list[Cluster], c: Cluster, cfg: ClusterSettings) -> Cluster | None:
    """Return the most recent cluster of the report that ``c`` joins (None: it starts one)."""
    for other in reversed(clusters):
        if same_act(other, c) or compatible(other, c, cfg, across=False):
            return other
    return None


_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_DEFINITE = re.compile(r"^\W*(?:the|this|that)\s+((?:[\w$€£.,'’\-]+\s+){0,3})$", re.IGNORECASE)


def anaphoric(c: Cluster, cfg: ClusterSettings) -> bool:
    """Return True when ``c``'s mention is the act told again as its sentence's definite subject.

    The trigger is an act noun (``anaphor_nouns``) that opens the sentence after "the", "this" or
    "that" and at most three modifiers ("The accord follows ...", "The $7.5 billion investment pact
    ..."), and neither a modifier nor the next word says which act it is (``anaphor_blockers``: "the
    second meeting", "the talks in Astana", "the pact signed in 2019").
    """
    e = c.best
    ev = e.evidence
    t = ev.trigger if ev else None
    if ev is None or t is None or t.text.lower() not in cfg.anaphor_nouns:
        return False
    s, i = ev.sentence, t.start - ev.start
    if not (0 <= i and s[i:i + len(t.text)] == t.text):
        i = s.find(t.text)
        if i < 0:
            return False
    m = _DEFINITE.match(s[:i])
    if m is None:
        return False
    return not _says_which(set(_WORD.findall(m.group(1))), s[i + len(t.text):], cfg)


def _says_which(modifiers: set[str], rest: str, cfg: ClusterSettings) -> bool:
    """Return True when an act noun's modifiers or the word after it (the start of ``rest``) say which
    act it is (``anaphor_blockers``: "the second meeting", "the talks in Astana")."""
    after = _WORD.findall(rest)[:1]
    return bool({w.lower() for w in modifiers} & cfg.anaphor_blockers) or bool(
        after and after[0].lower() in cfg.anaphor_blockers)


def told_of(c: Cluster, cfg: ClusterSettings) -> bool:
    """Return True when ``c``'s sentence says what the act already reported will do or would do.

    Its subject is the act as a bare definite noun (as for ``anaphoric``: "The deal will fund a port
    on the Red Sea"), its trigger a later word of the sentence, its mention flagged (future or
    hypothetical: the flags are the predicate's, while "the deal" presupposes that the deal was
    made) and undated: a sentence with a date of its own ("The talks will resume next week")
    tells another act.
    """
    e = c.best
    ev = e.evidence
    t = ev.trigger if ev else None
    if ev is None or t is None or not any(c.flags) or e.date_granularity not in UNDATED:
        return False
    span = _subject_anaphor(ev.sentence, cfg)
    return span is not None and t.start - ev.start >= span[1]


def _subject_anaphor(s: str, cfg: ClusterSettings) -> tuple[int, int] | None:
    """Return where a sentence's opening bare definite act noun is ("The accord ...", "This deal ..."), or None.

    After "the", "this" or "that" and at most three modifiers ("The $7.5 billion investment pact"), none
    of them nor the next word saying which act it is (``anaphor_blockers``).
    """
    m = re.match(r"^\W*(?:the|this|that)\s+", s, re.IGNORECASE)
    if m is None:
        return None
    words = list(re.finditer(r"[\w$€£.,'’\-]+", s[m.end():]))[:4]
    for n, w in enumerate(words):
        if w.group().lower() not in cfg.anaphor_nouns:
            continue
        if _says_which({x for v in words[:n] for x in _WORD.findall(v.group())}, s[m.end() + w.end():], cfg):
            return None
        return m.end() + w.start(), m.end() + w.end()
    return None


def detached(c: Cluster, keep_flags: bool = True) -> Cluster:
    """Return ``c`` without the date and place its sentence gave it (an anaphor's are another act's).

    ``keep_flags`` False also drops its negated / hypothetical / future flags (``told_of``: they
    are what the act will do, not whether it was done).
    """
    return replace(c, lo=None, hi=None, geonameid=None, location=None, places=set(), spots=set(),
                   members=list(c.members), flags=c.flags if keep_flags else (False, False, False))


def same_act(a: Cluster, b: Cluster) -> bool:
    """Return True when ``b``'s mention and one of ``a``'s are one act told in one sentence.

    The same type in the same sentence, from the same trigger word or sharing a participant in
    the same role (so that "Tajikistan released Kyrgyz citizens and Kyrgyzstan freed Tajiks" stays two):
    "met ... to discuss North Korea's missiles" is one meeting even when "discuss" was read with
    North Korea as a participant, and an accusation coded on "accused" and on "aggression" is
    one accusation, however each reading's participants came out.
    """
    e = b.best
    t = e.evidence.trigger if e.evidence else None
    for m in a.members:
        r = m.record
        if r.type != e.type or r.sentence_index != e.sentence_index or r.historical != e.historical:
            continue
        u = r.evidence.trigger if r.evidence else None
        if t is not None and u is not None and u.start < t.end and t.start < u.end:
            return True
        if codes_of(r.actors) & b.actors or codes_of(r.recipients) & b.recipients:
            return True
    return False


def inherit(c: Cluster) -> None:
    """Give members without a date or place of their own the cluster's date and place."""
    d, loc = c.dated, c.location
    for m in c.members:
        e = m.record
        changes = {}
        if e.date_granularity in UNDATED and d.date_granularity not in UNDATED:
            changes.update(date=d.date, date_text=d.date_text, date_granularity=d.date_granularity)
        if e.location is None and loc is not None:
            changes["location"] = loc
        if changes:
            m.record = replace(e, **changes)
            if c.best_mention == e.event_id:
                c.best = m.record
