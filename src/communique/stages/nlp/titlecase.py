"""Title Case headlines: the common words put in lower case, so that the tagger and the actor chunks read them.

Many outlets set headlines with every content word capitalised ("China Accuses Philippines Of Ramming
Coast Guard Ship"). The tagger, trained on running text, reads such capitalised words as proper nouns
(``Accuses/NNP``), the entity recogniser takes runs of them for one name ("Blinken Meets Wang Yi"), and
the actor stage groups capitalised runs into one mention. Capitals in a Title Case line say nothing of
names, so the line is re-cased before it is parsed: a capitalised word whose lower-case form is a common
English word (a function word, or a noun, verb, adjective or adverb the model's lemmatizer knows, in an
inflected form too) is put in lower case, unless it lies inside an actor name the actors stage knows
(a country, demonym, capital, city, IGO, named group or listed person: ``actor_names``). Words the
lexicon does not know ("Blinken", "Abdollahian"), acronyms ("US", "NATO") and the parts of a hyphenated
compound with such a word keep their capitals. Re-casing changes no character offset.

A line is Title Case when it has at least three words after the first that are not function words and
every one of them is capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable

# Words (letters, digits) and the hyphens that glue them into one compound ("Amir-Abdollahian").
_COMPOUND = re.compile(r"\w+(?:-\w+)*")
_PART = re.compile(r"\w+")
MIN_CONTENT_WORDS = 3


def is_title_case(text: str, function_words: Collection[str]) -> bool:
    """True when every word after the first that is not a function word is capitalised (three or more)."""
    words = [w for w in _PART.findall(text) if w[:1].isalpha()]
    content = [w for w in words[1:] if w.lower() not in function_words]
    return len(content) >= MIN_CONTENT_WORDS and all(w[:1].isupper() for w in content)


def recase(text: str, is_common: Callable[[str], bool], names: Iterable[tuple[int, int]]) -> str:
    """Return ``text`` with its capitalised common words in lower case (same length, same offsets).

    ``is_common(lower_word)`` says whether a lower-case word is a common English word; ``names`` are the
    (start, end) character spans of actor names in ``text``, whose words keep their capitals."""
    spans = list(names)
    out = list(text)
    for m in _COMPOUND.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        parts = list(_PART.finditer(m.group()))
        if not all(_common_part(p.group(), is_common) for p in parts):
            continue  # a name inside the compound keeps its capitals
        for p in parts:
            i = m.start() + p.start()
            out[i:i + len(p.group())] = p.group().lower()
    return "".join(out)


def _common_part(word: str, is_common: Callable[[str], bool]) -> bool:
    """True when ``word`` is lower case, a number, or a capitalised (not all-capitals) common word."""
    if not word[:1].isupper():
        return True
    if len(word) > 1 and word.isupper():
        return False  # an acronym: "US", "NATO"
    return is_common(word.lower())


def inflection_bases(word: str) -> list[str]:
    """Return ``word`` and the bases a regular inflection of it may come from ("accuses" -> "accuse")."""
    out = [word]
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        out.append(word[:-2])
    if word.endswith("s") and len(word) > 2:
        out.append(word[:-1])
    if word.endswith("ied") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("ed") and len(word) > 3:
        out += [word[:-2], word[:-1]]
        if len(word) > 4 and word[-3] == word[-4]:
            out.append(word[:-3])  # "planned"
    if word.endswith("ing") and len(word) > 4:
        out += [word[:-3], word[:-3] + "e"]
        if len(word) > 5 and word[-4] == word[-5]:
            out.append(word[:-4])  # "shelling" -> "shell" is also word[:-3]; "running" -> "run"
    return out


def common_words(nlp) -> Callable[[str], bool]:
    """Return the common-word test of spaCy model ``nlp``: its stop words, and the words its rule
    lemmatizer's index knows (nouns, verbs, adjectives, adverbs), in an inflected form too."""
    stop = frozenset(nlp.Defaults.stop_words)
    known: set[str] = set()
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_index"):
            for words in lookups.get_table("lemma_index").values():
                known.update(words)
        if lookups is not None and lookups.has_table("lemma_exc"):
            for table in lookups.get_table("lemma_exc").values():
                known.update(table)  # irregular forms: "met", "struck"
    index = frozenset(known)

    def is_common(word: str) -> bool:
        return word in stop or any(b in index for b in inflection_bases(word))

    return is_common
