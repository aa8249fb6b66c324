"""Auxiliary modes of an event trigger: negated, future, hypothetical, historical.

Cues come from ``data/modality.yaml``. Each test looks at the trigger's own dependents, the
auxiliaries of its clause, and the verb that governs it (control verbs such as "refuse to",
"threatened to", "agreed to"), never at the whole sentence, so that two events in one sentence
get their own flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from communique.core.parse import Parse
from communique.core.resources import YamlDoc
from communique.stages.events.rules import load_yaml, words

YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")


@dataclass
class Modality:
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    historical: bool = False


@dataclass(frozen=True)
class ModalityCues:
    """The cue words of ``data/modality.yaml``, one field per list."""

    neg_adverbs: frozenset[str]
    neg_determiners: frozenset[str]
    neg_prepositions: frozenset[str]
    neg_governors: frozenset[str]
    future_aux: frozenset[str]
    future_governors: frozenset[str]
    future_modifiers: frozenset[str]
    hyp_aux: frozenset[str]
    hyp_markers: frozenset[str]
    hyp_governors: frozenset[str]
    hyp_nouns: frozenset[str]
    hyp_clause_nouns: frozenset[str]
    past_nouns: frozenset[str]
    past_adverbs: frozenset[str]
    past_prepositions: frozenset[str]
    min_years_before: int
    aspectual: frozenset[str] = frozenset()
    # An act named as the grounds of a punishment or accusation ("arrested for collaborating with").
    ground_preps: frozenset[str] = frozenset()
    ground_verbs: frozenset[str] = frozenset()


def parse_cues(doc: YamlDoc) -> ModalityCues:
    """Return the modality cues of a cue file (E302 at the line of a bad list or number)."""
    gap = doc.get("historical", {}).get("min_years_before")
    if not isinstance(gap, int) or isinstance(gap, bool) or gap < 0:
        raise doc.fail("historical.min_years_before must be a whole number of years", "historical", "min_years_before")
    return ModalityCues(
        words(doc, "negation", "adverbs"), words(doc, "negation", "determiners"),
        words(doc, "negation", "prepositions"), words(doc, "negation", "governors"),
        words(doc, "future", "aux"), words(doc, "future", "governors"), words(doc, "future", "modifiers"),
        words(doc, "hypothetical", "aux"), words(doc, "hypothetical", "markers"),
        words(doc, "hypothetical", "governors"), words(doc, "hypothetical", "nouns"),
        words(doc, "hypothetical", "clause_nouns"),
        words(doc, "historical", "past_nouns"), words(doc, "historical", "adverbs"),
        words(doc, "historical", "prepositions"), gap, words(doc, "aspectual"),
        ground_preps=words(doc, "hypothetical", "grounds", "prepositions"),
        ground_verbs=words(doc, "hypothetical", "grounds", "verbs"),
    )


@lru_cache(maxsize=1)
def modality_cues() -> ModalityCues:
    """Return the packaged modality cues (read once)."""
    return parse_cues(load_yaml("modality.yaml"))


def _clause_head(p: Parse, i: int) -> int:
    """Return the verb whose clause holds ``i`` (``i`` itself for verbs; the governing verb for nouns)."""
    j = i
    for _ in range(4):
        if p[j].pos in ("VERB", "AUX"):
            return j
        h = p.head(j)
        if h is None:
            return j
        j = h
    return i


def clause_head(p: Parse, i: int) -> int:
    """Return the verb whose clause holds token ``i`` (``i`` itself for verbs; the governing verb for nouns)."""
    return _clause_head(p, i)


def governor(p: Parse, i: int) -> int | None:
    """Return the word that controls the clause of token ``i`` ("refused" for "meet" in "refused to
    meet", "ready" in "ready to talk"), or None. An aspectual verb in between is transparent:
    "prepared to resume shelling" is governed by "prepared"."""
    return _governor(p, _clause_head(p, i))


def _governor(p: Parse, v: int) -> int | None:
    """Return the verb that controls clause ``v`` ("refused" for "meet" in "refused to meet").

    An adverbial clause with its own subordinator and a past-tense verb tells an act of its own time,
    controlled by nothing ("will survey the route after the ministers discussed it", "port work stopped as
    dockers staged a strike"): it has no governor."""
    if p[v].dep == "advcl" and p[v].tag == "VBD" and p.children(v, "mark"):
        return None
    if p[v].dep in ("xcomp", "ccomp", "advcl", "pcomp"):
        g = p.head(v)
        if g is not None and p[v].dep == "xcomp" and p[g].dep == "xcomp" and p.lemma(g) in modality_cues().aspectual:
            return p.head(g)  # "prepared to resume shelling"
        return g
    # "denied attacking": gerund complement parsed as an object.
    if p[v].dep in ("dobj", "pobj") and p[v].tag == "VBG":
        h = p.head(v)
        if h is not None and p[h].dep == "prep":
            return p.head(h)
        return h
    return None


def _years_before(p: Parse, idx: list[int], report_year: int | None, min_gap: int) -> bool:
    if report_year is None:
        return False
    for k in idx:
        m = YEAR.match(p[k].text)
        if m and report_year - int(m.group(1)) >= min_gap:
            return True
    return False


def detect(p: Parse, trigger: int, report_year: int | None = None) -> Modality:
    """Return the modality flags of the event whose trigger head is token ``trigger``."""
    c = modality_cues()
    m = Modality()
    v = _clause_head(p, trigger)
    own = set(p.children(trigger)) | set(p.children(v))
    _own_cues(p, trigger, v, own, c, m)
    g = _governor(p, v)
    if g is not None:
        _governor_cues(p, g, c, m)
    # A nominal trigger under a governing noun ("threat of sanctions", "call for talks").
    if p[trigger].pos in ("NOUN", "PROPN"):
        h = p.head(trigger)
        if h is not None and p[h].dep == "prep":
            hh = p.head(h)
            if hh is not None and p[hh].pos in ("NOUN", "PROPN") and p.lemma(hh) in c.hyp_nouns:
                m.hypothetical = True
    # An act in the clause of a noun of report or fear ("an allegation that rebels had taken the city").
    h = p.head(v)
    if p[v].dep in ("acl", "ccomp") and h is not None and p[h].pos == "NOUN" and p.lemma(h) in c.hyp_clause_nouns:
        m.hypothetical = True
    # An act named as the grounds of a punishment or accusation ("was arrested for collaborating with
    # the enemy", "jailed for insulting the king") is what the punisher alleges, not the news.
    if p[v].dep == "pcomp" and h is not None and p.lemma(h) in c.ground_preps:
        g = p.head(h)
        if g is not None and p.lemma(g) in c.ground_verbs:
            m.hypothetical = True
    if _historical(p, own, report_year, c):
        m.historical = True
    return m


def _own_cues(p: Parse, trigger: int, v: int, own: set[int], c: ModalityCues, m: Modality) -> None:
    """Set the flags that the trigger's and its clause's own dependents give ("did not", "will", "if")."""
    lemmas = {p.lemma(k) for k in own}
    texts = {p[k].text.lower() for k in own}
    if any(p[k].dep == "neg" for k in own) or (lemmas | texts) & c.neg_adverbs:
        m.negated = True
    if any(p[k].dep == "det" and p.lemma(k) in c.neg_determiners for k in p.children(trigger)):
        m.negated = True
    # "without consulting the authorities": the gerund under "without" did not happen.
    h = p.head(v)
    if p[v].dep in ("pcomp", "pobj") and h is not None and p.lemma(h) in c.neg_prepositions:
        m.negated = True
    aux = {p.lemma(k) for k in own if p[k].dep in ("aux", "auxpass")} | {
        p[k].text.lower() for k in own if p[k].dep in ("aux", "auxpass")}
    if aux & c.future_aux:
        m.future = True
    if aux & c.hyp_aux:
        m.hypothetical = True
    if any(p[k].dep == "mark" and p.lemma(k) in c.hyp_markers for k in own):
        m.hypothetical = True
    # "going to visit"
    if "go" in aux and any(p[k].dep == "aux" and p[k].text.lower() == "to" for k in own):
        m.future = True
    if any(p[k].dep == "amod" and p.lemma(k) in c.future_modifiers for k in p.children(trigger)):
        m.future = True
    if headline_infinitive(p, v):
        m.future = True


def headline_infinitive(p: Parse, v: int) -> bool:
    """Return True for the headline future "X to <verb>" ("Germany to send Ukraine more air defence
    systems", "Eritrea to withdraw its troops"): a "to"-infinitive with a subject of its own that opens
    the sentence (no "for" before it), or one the parser hangs on the sentence's leading name."""
    if p[v].tag != "VB" or not any(p[k].dep == "aux" and p[k].text.lower() == "to" for k in p.children(v)):
        return False
    if any(p[k].dep == "mark" for k in p.children(v)):
        return False
    # The subject opens the line: "allow the WFP to deliver food" (an object the parser makes the
    # infinitive's subject) is no headline.
    subjects = p.children(v, "nsubj", "nsubjpass")
    if subjects:
        return min(p.subtree(subjects[0])) == 0
    h = p.head(v)
    return (p[v].dep == "acl" and h is not None and p[h].pos == "PROPN" and p[h].dep in ("ROOT", "dep", "nsubj")
            and all(p[k].pos in ("PROPN", "DET", "ADJ", "PUNCT") for k in range(0, h)))


def _governor_cues(p: Parse, g: int, c: ModalityCues, m: Modality) -> None:
    """Set the flags that the governing verb ``g`` gives ("refused to", "plans to", "threatened to")."""
    gl = p.lemma(g)
    if gl in c.neg_governors:
        m.negated = True
    elif gl in c.future_governors:
        m.future = True
    elif gl in c.hyp_governors:
        m.hypothetical = True
    # The governor's own auxiliaries carry over ("will agree to withdraw").
    gaux = {p[k].text.lower() for k in p.children(g, "aux")}
    if gaux & c.future_aux:
        m.future = True
    if gaux & c.hyp_aux:
        m.hypothetical = True
    if any(p[k].dep == "neg" for k in p.children(g)) and gl not in c.neg_governors:
        m.negated = True


def _historical(p: Parse, own: set[int], report_year: int | None, c: ModalityCues) -> bool:
    """Return True when "during the war", "in 2014" or "years ago" is attached to the trigger or its clause."""
    for k in own:
        if p[k].dep == "prep" and p.lemma(k) in c.past_prepositions:
            obj = p.children(k, "pobj")
            span = [j for o in obj for j in p.subtree(o)]
            if p.lemma(k) == "during" and any(p.lemma(j) in c.past_nouns for j in obj):
                return True
            if _years_before(p, span, report_year, c.min_years_before):
                return True
        elif p[k].dep in ("advmod", "npadvmod") and p.lemma(k) in c.past_adverbs:
            return True
        elif p[k].dep == "npadvmod" and any(p.lemma(j) == "ago" for j in p.subtree(k)):
            return True
        elif p[k].dep in ("npadvmod", "pobj") and _years_before(p, [k], report_year, c.min_years_before):
            return True
    return False
