"""Which of a sentence's temporal expressions may date an event: those of the trigger's own act.

A sentence often tells two acts at two times: "signed an accord on Monday, two weeks after their
ministers held talks in Doha"; "the largest protest since troops fired on demonstrators in
March"; "troops who were deployed in March withdrew on Friday". The expression nearest the
trigger in the tree (``when.nearest``) may belong to the other act. Decided here, in a parsed
sentence, on the tree path between the trigger and the expression (the lowest common head left out):

- a **relative clause** on the path keeps them apart, unless it qualifies the trigger itself
  ("the talks, which began on Monday"): it tells an act of a participant;
- an **adverbial clause of sequence** (its subordinating word in ``sequence_marks``: after, before,
  since, ...) keeps them apart, in either direction; other adverbial clauses ("while visiting
  Kyiv", "as police watched") tell acts of the same time and do not;
- reported speech ("police said on Monday they had arrested five men") does not: the date of the
  saying dates what was said when the sentence has no other;
- a date written as a possessive dates its own noun only ("condemned Monday's strike"), unless
  that noun frames the act ("during Tuesday's session, participants discussed").

An act in an adverbial clause of sequence measured by a duration ("two weeks after ...", "ten days
before ...") is dated from the main clause: ``relative_gap`` returns the gap, and the date stage
moves the main clause's date by it. The words are data (``data/clauses.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass

from communique.core.article import Token
from communique.core.parse import ancestors
from communique.core.resources import read_yaml, word_set
from communique.stages.when.calendar import PACKAGE, number

_DOC = read_yaml(PACKAGE, "clauses.yaml")
SEQUENCE_MARKS = word_set(_DOC, "sequence_marks")
FRAME_PREPS = word_set(_DOC, "frame_preps")
DURATION_UNITS: dict[str, str] = dict(_DOC.get("duration_units") or {})


@dataclass(frozen=True)
class Gap:
    """The gap an adverbial clause of sequence puts between its act and the main clause's."""

    head: Token  # the main clause's predicate, whose date the clause's act is measured from
    sign: int  # -1: the clause's act came before ("after ..."), +1: after ("before ...")
    amount: int
    unit: str  # day, week, month or year
    text: str  # "two weeks after"


def _mark(tokens: list[Token], clause: Token) -> str | None:
    """Return the subordinating word of an adverbial clause ("after"), lower-cased, or None."""
    for t in tokens:
        if t.head == clause.i and t.i != clause.i and t.dep == "mark":
            return t.text.lower()
    return None


def _separates(tokens: list[Token], b: Token, trigger: Token) -> bool:
    """Return True when the clause headed by ``b`` tells another act than the trigger's."""
    if b.dep == "relcl":
        return b.head != trigger.i
    if b.dep == "advcl":
        return _mark(tokens, b) in SEQUENCE_MARKS
    return False


def _framing(tokens: list[Token], noun: Token, trigger: Token) -> bool:
    """Return True when ``noun`` is the object of a framing preposition on the trigger ("during Tuesday's session")."""
    if noun.dep != "pobj" or not 0 <= noun.head < len(tokens):
        return False
    prep = tokens[noun.head]
    return prep.text.lower() in FRAME_PREPS and prep.head == trigger.i


def in_scope(tokens: list[Token], trigger: Token, expr: Token) -> bool:
    """Return True unless a relative clause or an adverbial clause of sequence lies between the two tokens.

    A date written as a possessive ("Monday's strike", "last week's talks") dates its noun alone:
    "Kyiv condemned Monday's strike" says nothing of when Kyiv condemned it; but a noun that frames
    the act ("during Tuesday's session, participants discussed") dates the act too.
    """
    if expr.dep == "poss" and expr.head != trigger.i and 0 <= expr.head < len(tokens) \
            and not _framing(tokens, tokens[expr.head], trigger):
        return False
    up_t, up_x = ancestors(tokens, trigger), ancestors(tokens, expr)
    common = set(up_t) & set(up_x)
    path = [i for i in up_t if i not in common] + [i for i in up_x if i not in common]
    return not any(_separates(tokens, tokens[i], trigger) for i in path)


def relative_gap(tokens: list[Token], trigger: Token) -> Gap | None:
    """Return the gap of the adverbial clause of sequence the trigger's act sits in, when a duration measures it.

    "... two weeks after their foreign ministers held talks": the trigger "held" heads an adverbial
    clause marked "after" with "two weeks" on it, so the talks came two weeks before the main act.
    Only the trigger's own clause counts (its verb, or the verb a noun trigger depends on).
    """
    for i in ancestors(tokens, trigger):
        clause = tokens[i]
        if clause.dep == "relcl":
            return None
        if clause.dep != "advcl":
            continue
        mark = _mark(tokens, clause)
        if mark not in ("after", "before") or not (0 <= clause.head < len(tokens)):
            return None
        for t in tokens:
            if t.head == clause.i and t.dep == "npadvmod" and t.text.lower() in DURATION_UNITS:
                nums = [n for n in tokens if n.head == t.i and n.dep == "nummod"]
                amount = number(nums[0].text) if nums else (1 if t.text.lower() in ("day", "week", "month", "year") else None)
                if not amount:
                    return None
                dets = [n for n in tokens if n.head == t.i and n.dep == "det"]
                first = min([t, *nums, *dets], key=lambda x: x.i)
                words = " ".join(x.text for x in tokens[first.i:t.i + 1])
                return Gap(tokens[clause.head], -1 if mark == "after" else 1, amount,
                           DURATION_UNITS[t.text.lower()], f"{words} {mark}")
        return None
    return None
