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
from communique.stages.events.ontology import load_yaml

YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")


@dataclass
class Modality:
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    historical: bool = False


@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, frozenset[str] | int]]:
    raw = load_yaml("modality.yaml")
    out: dict[str, dict[str, frozenset[str] | int]] = {}
    for key, groups in raw.items():
        out[key] = {g: (v if isinstance(v, int) else frozenset(str(x) for x in v)) for g, v in groups.items()}
    return out


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


def _governor(p: Parse, v: int) -> int | None:
    """Return the verb that controls clause ``v`` ("refused" for "meet" in "refused to meet")."""
    if p[v].dep in ("xcomp", "ccomp", "advcl", "pcomp") or (p[v].dep == "conj" and False):
        return p.head(v)
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
    cues = _cues()
    neg, fut, hyp, hist = cues["negation"], cues["future"], cues["hypothetical"], cues["historical"]
    m = Modality()
    v = _clause_head(p, trigger)
    own = set(p.children(trigger)) | set(p.children(v))
    lemmas = {p.lemma(k) for k in own}
    texts = {p[k].text.lower() for k in own}

    if any(p[k].dep == "neg" for k in own) or (lemmas | texts) & neg["neg_words"] & {"not", "n't", "never"}:
        m.negated = True
    if any(p[k].dep == "det" and p.lemma(k) in ("no", "neither") for k in p.children(trigger)):
        m.negated = True
    # "without consulting the authorities": the gerund under "without" did not happen.
    h = p.head(v)
    if p[v].dep in ("pcomp", "pobj") and h is not None and p.lemma(h) == "without":
        m.negated = True
    aux = {p.lemma(k) for k in own if p[k].dep in ("aux", "auxpass")} | {
        p[k].text.lower() for k in own if p[k].dep in ("aux", "auxpass")}
    if aux & fut["aux"]:
        m.future = True
    if aux & hyp["aux"]:
        m.hypothetical = True
    if any(p[k].dep == "mark" and p.lemma(k) in hyp["markers"] for k in own):
        m.hypothetical = True
    # "going to visit"
    if "go" in aux and any(p[k].dep == "aux" and p[k].text.lower() == "to" for k in own):
        m.future = True
    if any(p[k].dep == "amod" and p.lemma(k) in fut["modifiers"] for k in p.children(trigger)):
        m.future = True

    g = _governor(p, v)
    if g is not None:
        gl = p.lemma(g)
        if gl in neg["governors"]:
            m.negated = True
        elif gl in fut["governors"]:
            m.future = True
        elif gl in hyp["governors"]:
            m.hypothetical = True
        # The governor's own auxiliaries carry over ("will agree to withdraw").
        gaux = {p[k].text.lower() for k in p.children(g, "aux")}
        if gaux & fut["aux"]:
            m.future = True
        if gaux & hyp["aux"]:
            m.hypothetical = True
        if any(p[k].dep == "neg" for k in p.children(g)) and gl not in neg["governors"]:
            m.negated = True
    # A nominal trigger under a governing noun ("threat of sanctions", "call for talks").
    if p[trigger].pos in ("NOUN", "PROPN"):
        h = p.head(trigger)
        if h is not None and p[h].dep == "prep":
            hh = p.head(h)
            if hh is not None and p.lemma(hh) in ("threat", "call", "demand", "plan", "proposal", "prospect", "possibility", "risk"):
                m.hypothetical = True

    # Historical: "during the war", "in 2020", "years ago" attached to the trigger or its clause.
    places = set(p.children(trigger)) | ({k for k in p.children(v)} if v != trigger else set())
    for k in places:
        if p[k].dep == "prep" and p.lemma(k) in ("during", "in", "since", "throughout", "after", "before"):
            obj = p.children(k, "pobj")
            span = [j for o in obj for j in p.subtree(o)]
            if p.lemma(k) == "during" and any(p.lemma(j) in hist["past_nouns"] for j in obj):
                m.historical = True
            if _years_before(p, span, report_year, int(hist["min_years_before"])):
                m.historical = True
        elif p[k].dep in ("advmod", "npadvmod") and p.lemma(k) in hist["adverbs"]:
            m.historical = True
        elif p[k].dep == "npadvmod" and any(p.lemma(j) == "ago" for j in p.subtree(k)):
            m.historical = True
        elif p[k].dep in ("npadvmod", "pobj") and _years_before(p, [k], report_year, int(hist["min_years_before"])):
            m.historical = True
    return m
