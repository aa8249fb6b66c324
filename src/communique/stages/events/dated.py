"""A trigger dated by its own phrase: an act told in a noun phrase that happened on a named day.

"after the drone strike on March 13", "the victims of Monday's attack", "the March 12 bombing",
"the pupils abducted from a school on March 7": a report that goes on about an incident names it
so, often with nobody attached. Such a trigger is an event even when the classifier, which reads
the whole sentence (the refinery's stopped units, the funerals), does not back its type: its day
says it is one act, not a kind of act ("drone strikes are common"). A day is a weekday,
"yesterday", or a month with a day number; a month alone ("in March") or a year is not.
"""

from __future__ import annotations

from functools import lru_cache

from communique.core.parse import Parse
from communique.stages.events.rules import load_yaml, words

# The dependencies a day word takes on the trigger itself ("Monday's attack", "the March 12 bombing").
ATTACHED = ("poss", "compound", "npadvmod", "nmod", "nummod")


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return the day words, month words and dating prepositions of ``data/dated.yaml``."""
    doc = load_yaml("dated.yaml")
    return words(doc, "days"), words(doc, "months"), words(doc, "preps")


def names_day(p: Parse, k: int) -> bool:
    """Return True when token ``k`` names a day: a weekday, "yesterday", or a month with a day number."""
    days, months, _ = _words()
    word = p[k].text.lower().removesuffix("'s").removesuffix("’s").rstrip(".")
    if word in days:
        return True
    if word in months:
        return any(p[c].text.isdigit() and 1 <= int(p[c].text) <= 31 for c in p.children(k))
    return False


def dated_act(p: Parse, head: int) -> bool:
    """Return True when the trigger at ``head``, an act told inside a noun phrase, carries a day of its own.

    Only a noun ("the drone strike on March 13"), a participle qualifying a noun ("the pupils
    abducted ... on March 7") a relative clause ("the nurses who struck ... on Tuesday") or a gerund of time ("after meeting in
    Seoul on November 28"): a clause's own verb ("killed 12 people on Thursday") is coded and
    weighed as before.
    """
    t = p[head]
    # A participle that qualifies a noun has no auxiliary of its own (the parser may still make it
    # the root: "Parents of the pupils abducted ..."), and is passive: it takes no object ("An air
    # strike ... killed 12 people", misread as one, is a clause's verb).
    participle = t.tag == "VBN" and not p.children(head, "dobj", "aux", "auxpass")
    # So does a relative clause on a noun, which tells an act of the noun's own ("the nurses who
    # struck in Auckland on Tuesday", "the rebels that attacked a village on Monday"), and a gerund
    # of time ("said after meeting in Seoul on November 28").
    relative = p.head(head) is not None and (t.dep == "relcl" or (t.dep == "pcomp" and t.tag == "VBG"))
    if t.pos not in ("NOUN", "PROPN") and not participle and not relative:
        return False
    for k in p.children(head, *ATTACHED):
        if k < head and names_day(p, k):
            return True
    for prep in p.children(head, "prep"):
        if p.lemma(prep) in _words()[2] and any(names_day(p, o) for o in p.children(prep, "pobj")):
            return True
    return False
