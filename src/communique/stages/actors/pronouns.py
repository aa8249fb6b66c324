"""Pronouns and relations: "he"/"she" and "his counterpart" link to persons already in the text.

- "he"/"she" as a subject (by the parse; unparsed, at the start of the sentence) links to the
  last person that was a subject within the two previous sentences (basis "pronoun");
- "his counterpart", "her interlocutor" links to the other person of the pair in focus, when the
  pair has exactly two persons and one of them is that antecedent (basis "counterpart").

The new actor is the antecedent at the pronoun's span; ``ref`` names the antecedent.
"""

from __future__ import annotations

from dataclasses import replace

from communique.core.article import Actor, Sentence
from communique.stages.actors.focus import Focus
from communique.stages.actors.records import Unit
from communique.stages.actors.words import (
    COUNTERPART_POSSESSIVES,
    RELATION_WORDS,
    SUBJECT_LEAD_WORDS,
    THIRD_PERSON,
)

SUBJECT_DEPS = ("nsubj", "nsubjpass")
# How many sentences back a pronoun may find its antecedent.
ANTECEDENT_WINDOW = 2


class Subjects:
    """The persons that were subjects, in reading order: the antecedents a pronoun may take."""

    def __init__(self) -> None:
        self.last: list[tuple[int, Actor]] = []  # (sentence index, person)

    def record(self, sentence_index: int, units: list[Unit], actors: list[Actor]) -> None:
        """Remember the persons among ``actors`` that are the subject of their sentence."""
        for a in actors:
            if a.kind == "person" and is_subject(units, a):
                self.last.append((sentence_index, a))

    def antecedent(self, index: int) -> Actor | None:
        """Return the last subject person if it is at most two sentences before sentence ``index``."""
        if self.last and index - self.last[-1][0] <= ANTECEDENT_WINDOW:
            return self.last[-1][1]
        return None


def is_subject(units: list[Unit], a: Actor) -> bool:
    """True when the person ``a`` is a subject: by its dependency, else by its place in the sentence."""
    for k, u in enumerate(units):
        if u.start == a.start or (u.start >= a.start and u.end <= a.end and u.kind == "name"):
            if u.dep:
                return u.dep in SUBJECT_DEPS
            # unparsed: a name at the start of the sentence (after an optional adverbial) is the subject
            return all(v.kind == "word" and v.text.lower() in SUBJECT_LEAD_WORDS for v in units[:k]) or k == 0
    return False


def pronoun_actors(sent: Sentence, units: list[Unit], subjects: Subjects, focus: Focus, text: str) -> list[Actor]:
    """Return the actors the sentence's subject pronouns and "his counterpart" phrases refer to."""
    out: list[Actor] = []
    for k, u in enumerate(units):
        low = u.text.lower()
        if u.kind == "word" and low in THIRD_PERSON:
            subject = u.dep in SUBJECT_DEPS if sent.parsed else k == 0
            ante = subjects.antecedent(sent.index) if subject else None
            if ante is not None:
                out.append(replace(ante, text=u.text, start=u.start, end=u.end, sentence_index=sent.index,
                                   basis="pronoun", ref=ante.name, members=[]))
        elif u.kind in ("word", "sector", "title") and low in RELATION_WORDS and k > 0 \
                and units[k - 1].text.lower() in COUNTERPART_POSSESSIVES:
            other = _counterpart(subjects.antecedent(sent.index), focus)
            if other is not None:
                start = units[k - 1].start
                out.append(replace(other, text=text[start : u.end], start=start, end=u.end,
                                   sentence_index=sent.index, basis="counterpart", ref=other.name, members=[]))
    return out


def _counterpart(ante: Actor | None, focus: Focus) -> Actor | None:
    """Return the other person of the pair in focus than ``ante``, when there is exactly one."""
    if ante is None or len(focus.persons) != 2:
        return None
    others = [p for p in focus.persons.values() if p.id != ante.id]
    return others[0] if len(others) == 1 else None
