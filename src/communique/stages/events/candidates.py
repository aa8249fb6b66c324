"""The cheap candidate-sentence filter: keep sentences that may report a political event.

A sentence is a candidate when it holds an actor-like mention (a name, an agent noun such as
"police" or "ministers", or a gazetteer term when the actors package offers one) AND an
event-like predicate (an inflected form of a trigger lemma). Regexes and set lookups only:
it runs on every sentence before spaCy, so it must cost far less than a parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from communique.core.resources import YamlDoc
from communique.stages.events.rules import load_yaml, table, words

WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")


def lemma_candidates(word: str, irregular: dict[str, str]) -> list[str]:
    """Return the possible lemmas of a lower-cased ``word`` by suffix stripping (cheap, over-generating)."""
    out = [word]
    if word in irregular:
        out.append(irregular[word])
    for suf in ("ies", "ied"):
        if word.endswith(suf) and len(word) > 4:
            out.append(word[:-3] + "y")
    for suf in ("s", "d"):
        if word.endswith(suf) and len(word) > 3:
            out.append(word[:-1])
    for suf in ("es", "ed"):
        if word.endswith(suf) and len(word) > 4:
            out.append(word[:-2])
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        out += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.append(stem[:-1])
    if word.endswith("ed") and len(word) > 5 and word[-3] == word[-4]:
        out.append(word[:-3])
    return out


@dataclass(frozen=True)
class FilterLexicon:
    """What the candidate filter looks for: predicate words, two-word predicates (verb -> second
    words), irregular verb forms, agent nouns, and capitalised words that are not names."""

    predicates: frozenset[str]
    pairs: dict[str, frozenset[str]]
    irregular: dict[str, str]
    agents: frozenset[str]
    not_names: frozenset[str]
    verbs: frozenset[str] = frozenset()  # lemmas of the verb triggers (one-word entries, first words of pairs)


def parse_filter_lexicon(triggers: YamlDoc, cand: YamlDoc) -> FilterLexicon:
    """Return the filter's lexicon from the trigger file and the candidates file (E302 at a bad row)."""
    preds: set[str] = set(words(cand, "extra_predicates")) | set(words(triggers, "accusation_nouns"))
    pairs: dict[str, set[str]] = {}
    verbs: set[str] = set()
    for section in ("verbs", "nouns", "subject_verbs"):
        for lemmas in triggers[section].values():
            for entry in lemmas:
                entry_words = str(entry).lower().split()
                if section == "verbs":
                    verbs.add(entry_words[0])
                if len(entry_words) == 1:
                    preds.add(entry_words[0])
                elif section in ("verbs", "subject_verbs"):
                    # "hold talk": both words must occur; the verb alone is too common.
                    pairs.setdefault(entry_words[0], set()).add(entry_words[-1])
                else:
                    # "hunger strike": the head noun carries the event.
                    preds.add(entry_words[-1])
    goods = words(triggers, "deliveries", "goods")
    for verb in words(triggers, "deliveries", "send_verbs") | words(triggers, "deliveries", "arrival_verbs"):
        # "planes carrying medicines landed": a sending or arrival verb with goods.
        pairs.setdefault(verb, set()).update(goods)
    for type_ in triggers.get("adjectives") or {}:
        preds.update(words(triggers, "adjectives", type_))
    irregular = {k: v for k, v in table(cand, "irregular").items() if v is not None}
    if len(irregular) != len(cand["irregular"]):
        bad = next(k for k, v in cand["irregular"].items() if v is None)
        raise cand.fail(f"irregular form '{bad}' needs a lemma", "irregular", bad)
    not_names = cand.get("not_names")
    if not isinstance(not_names, list) or not all(isinstance(w, str) for w in not_names):
        raise cand.fail("'not_names' must be a list of words (quote On, Off, No, Yes: YAML reads them as "
                        "true/false)", "not_names")
    frozen_pairs = {k: frozenset(v) for k, v in pairs.items()}
    return FilterLexicon(frozenset(preds), frozen_pairs, irregular, words(cand, "agent_terms"), frozenset(not_names),
                         frozenset(verbs))


@lru_cache(maxsize=1)
def filter_lexicon() -> FilterLexicon:
    """Return the packaged candidate-filter lexicon (read once)."""
    return parse_filter_lexicon(load_yaml("triggers.yaml"), load_yaml("candidates.yaml"))


class CandidateFilter:
    """Callable ``(sentence_text) -> bool``: may this sentence report a political event?

    ``actor_terms`` (text -> bool) is the actors stage's cheap gazetteer test, passed in by the
    runtime's wiring; without it only agent nouns and capitalised words count as actors.
    """

    def __init__(self, actor_terms: Callable[[str], bool] | None = None) -> None:
        lex = filter_lexicon()
        self.predicates, self.pairs, self.irregular = lex.predicates, lex.pairs, lex.irregular
        self.agents, self.not_names, self.verbs = lex.agents, lex.not_names, lex.verbs
        self.gazetteer = actor_terms

    def has_predicate(self, words: list[str], others: list[str] | None = None) -> bool:
        """Return True when one of ``words`` (lower-cased) looks like an event trigger, alone or as
        the verb of a two-word trigger whose second word is among ``words`` or ``others``."""
        preds, pairs, irr = self.predicates, self.pairs, self.irregular
        lemmas = {c for w in words for c in lemma_candidates(w, irr)}
        if lemmas & preds:
            return True
        firsts = lemmas & pairs.keys()
        if not firsts:
            return False
        seconds = lemmas | {c for w in others or () for c in lemma_candidates(w, irr)}
        return any(pairs[first] & seconds for first in firsts)

    def verb_lemma(self, word: str) -> str | None:
        """Return the trigger verb lemma that the lower-cased ``word`` may be an inflection of (a one-word
        trigger or the verb of a two-word one), or None. The NLP stage asks it of a headline's word that
        the tagger read as a noun ("Mali severs ties"; see nlp/headlines.py)."""
        for c in lemma_candidates(word, self.irregular):
            if c in self.verbs:
                return c
        return None

    def past_form(self, lemma: str) -> str:
        """Return a past form of verb ``lemma``: the first irregular form listed for it, else the regular one."""
        for form, lem in self.irregular.items():
            if lem == lemma:
                return form
        if lemma.endswith("e"):
            return lemma + "d"
        if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
            return lemma[:-1] + "ied"
        return lemma + "ed"

    def has_actor(self, text: str, words: list[str], raw: list[str]) -> bool:
        """Return True when the sentence names or describes a possible actor."""
        if any(w in self.agents for w in words):
            return True
        if self.gazetteer is not None and self.gazetteer(text):
            return True
        # A capitalised word after the first (the first is capitalised anyway) is a name candidate.
        return any(r[0].isupper() and r not in self.not_names for r in raw[1:])

    def __call__(self, sentence_text: str) -> bool:
        raw = WORD.findall(sentence_text)
        if len(raw) < 3:
            return False
        words = [r.lower() for r in raw]
        return self.has_predicate(predicate_words(raw, words), words) and self.has_actor(sentence_text, words, raw)


def predicate_words(raw: list[str], words: list[str]) -> list[str]:
    """Return the lower-cased words that may be a predicate. A capitalised word inside a sentence
    is a name or a month ("Merrill Lynch", "in March", "the Stock Exchange"), not a verb, unless
    the sentence is a title-case headline."""
    capitalised = sum(r[0].isupper() for r in raw)
    if capitalised >= 0.6 * len(raw):
        return words
    return [w for i, (r, w) in enumerate(zip(raw, words, strict=True)) if i == 0 or not r[0].isupper()]
