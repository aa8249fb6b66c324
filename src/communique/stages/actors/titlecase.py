"""The actor names of a Title Case headline, which keep their capitals when the NLP stage re-cases it.

The NLP stage puts a Title Case headline's common words in lower case before it parses it
(``stages/nlp/titlecase.py``); a word that is also a common English word ("China", "Turkey", "Jordan",
"Hamas", the "Yi" of "Wang Yi") must keep its capitals when it names an actor. This module, lent to
the NLP stage through ``[wiring] actor_names``, returns those names' spans: the gazetteer's countries,
demonyms, capitals, cities, IGOs and named groups (not its sector terms, titles or collectives, which
are common nouns), and runs of one to four capitalised words that the person dictionary lists as a
name or variant ("Wang Yi", "Kim Yo Jong").
"""

from __future__ import annotations

from communique.stages.actors.dictionary import person_dictionary
from communique.stages.actors.gazetteer import WORD, load_gazetteer

# Gazetteer kinds that are common nouns, which a re-cased headline puts in lower case.
COMMON_KINDS = ("sector", "title", "collective")
MAX_NAME_WORDS = 4


def name_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the actor names in ``text`` (offsets into ``text``)."""
    spans = [(m.start, m.end) for m in load_gazetteer().find(text, lowercase=False)
             if m.entries[0].kind not in COMMON_KINDS]
    return spans + _person_spans(text)


def _person_spans(text: str) -> list[tuple[int, int]]:
    """Return the longest runs of capitalised words (hyphens inside) that the person dictionary lists."""
    words = [m for m in WORD.finditer(text)]
    people = person_dictionary()
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        found = 0
        if words[i].group()[:1].isupper():
            for n in range(min(MAX_NAME_WORDS * 2 - 1, len(words) - i), 0, -1):
                run = words[i:i + n]
                if not _name_run(run):
                    continue
                if people.knows_name(text[run[0].start():run[-1].end()]):
                    found = n
                    break
        if found:
            out.append((words[i].start(), words[i + found - 1].end()))
            i += found
        else:
            i += 1
    return out


def _name_run(run: list) -> bool:
    """True when ``run`` is capitalised words, joined only by hyphens glued to both sides, ending on a word."""
    for k, m in enumerate(run):
        w = m.group()
        if w == "-":
            if k == 0 or k == len(run) - 1 or run[k - 1].end() != m.start() or run[k + 1].start() != m.end():
                return False
        elif not w[:1].isupper():
            return False
    return sum(m.group() != "-" for m in run) <= MAX_NAME_WORDS
