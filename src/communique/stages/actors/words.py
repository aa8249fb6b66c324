"""The actors stage's word lists, read from ``data/words.yaml`` (rules as data).

Each list decides one small thing (which words may sit inside a mention, which heads take a
modifier's sector, ...); the comment above it in the data file says what. An entry is a list of
words or a composition of named lists (``lexicon``: shared lists of ``stages.lexicon``; ``lists``:
lists of this file; ``add``; ``minus``), so that "locative" can be the shared locative and path
prepositions less "throughout" without copying them. A bad entry raises E302 with ``file:line``.

Punctuation, conjunctions and dependency labels that define the grammar the code walks
(",", "and", "nsubj", ...) stay in the code beside the rule that walks them.
"""

from __future__ import annotations

from typing import Any

from communique.core.resources import YamlDoc, read_yaml, word_set
from communique.stages.lexicon import words as shared_words

PACKAGE = "communique.stages.actors"
COMPOSITION_KEYS = ("lexicon", "lists", "add", "minus")


def _doc() -> YamlDoc:
    return read_yaml(PACKAGE, "words.yaml")


def word_list(key: str, _seen: tuple[str, ...] = ()) -> frozenset[str]:
    """Return the lower-case words of entry ``key``: a list, or a composition of named lists."""
    doc = _doc()
    value = doc.get(key)
    if not isinstance(value, dict):
        return word_set(doc, key)
    unknown = [k for k in value if k not in COMPOSITION_KEYS]
    if unknown:
        raise doc.fail(f"'{key}' has unknown key(s) {', '.join(map(str, unknown))}; "
                       f"a composition takes {', '.join(COMPOSITION_KEYS)}", key, unknown[0])
    out: set[str] = set()
    for name in _names(doc, key, "lexicon"):
        out |= shared_words(name)
    for name in _names(doc, key, "lists"):
        if name in (*_seen, key):
            raise doc.fail(f"'{key}' includes itself through '{name}'", key, "lists")
        out |= word_list(name, (*_seen, key))
    out |= word_set(doc, key, "add") if "add" in value else frozenset()
    out -= word_set(doc, key, "minus") if "minus" in value else frozenset()
    return frozenset(out)


def _names(doc: YamlDoc, key: str, part: str) -> list[str]:
    names = doc[key].get(part, [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise doc.fail(f"'{key}.{part}' must be a list of list names", key, part)
    return names


def ordered(key: str) -> tuple[str, ...]:
    """Return the words of list ``key`` in file order (for rules applied in turn)."""
    doc = _doc()
    word_set(doc, key)  # checks that it is a list of words
    return tuple(w.lower() for w in doc[key])


def codes(key: str) -> frozenset[str]:
    """Return the codes of list ``key`` as written (sector codes are upper case)."""
    doc = _doc()
    word_set(doc, key)
    return frozenset(doc[key])


def mapping(key: str) -> dict[str, str]:
    """Return the mapping ``key`` (word -> label) as written."""
    doc = _doc()
    value: Any = doc.get(key)
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise doc.fail(f"'{key}' must be a mapping of words to labels", key)
    return dict(value)


# units
LOCATIVE = word_list("locative")
CALENDAR = word_list("calendar")
COMPOUND_PREFIXES = word_list("compound_prefixes")
RIVER_BANK_SIDES = word_list("river_bank_sides")
RIVER_BANK_WORDS = word_list("river_bank_words")
NON_ACTOR_NEXT = word_list("non_actor_next")
ADJECTIVE_TERMS = word_list("adjective_terms")
FUNCTION_WORDS = word_list("function_words")
AMBIGUOUS_TITLES = word_list("ambiguous_titles")
ORG_SUFFIXES = word_list("org_suffixes")
NAME_PARTICLES = word_list("name_particles")
# chunks
DETERMINERS = word_list("determiners")
MODIFIERS = word_list("modifiers")
ADJECTIVE_SUFFIXES = tuple(sorted(word_list("adjective_suffixes")))
SPONSOR = word_list("sponsor")
LED = word_list("led")
SPONSOR_PREFIXES = word_list("sponsor_prefixes")
ACTOR_HYPHEN_SUFFIXES = word_list("actor_hyphen_suffixes")
PLURAL_AGENTS = word_list("plural_agents")
# readings
GENERIC_HEADS = word_list("generic_heads")
PLURAL_HEADS = word_list("plural_heads")
ETHNIC_MARKERS = word_list("ethnic_markers")
FORMER_MARKERS = word_list("former_markers")
OFFICE_SECTORS = codes("office_sectors")
POSSESSIVE_PRONOUNS = word_list("possessive_pronouns")
COLLECTIVE_TITLE_PREFIXES = ordered("collective_title_prefixes")
SECTOR_LABELS = mapping("sector_labels")
# linking
APPOSITION_STOP_VERBS = word_list("apposition_stop_verbs")
OTHER_PARTY = word_list("other_party")
MISSION_HEADS = word_list("mission_heads")
NOT_LOCAL = word_list("not_local")
STATELESS_SECTORS = codes("stateless_sectors")
ORIGIN_SECTORS = codes("origin_sectors")
THIRD_PERSON = word_list("third_person")
SUBJECT_LEAD_WORDS = word_list("subject_lead_words")
RELATION_WORDS = word_list("relation_words")
COUNTERPART_POSSESSIVES = word_list("counterpart_possessives")
# gazetteer and entity ruler
LOWERCASE_AMBIGUOUS = word_list("lowercase_ambiguous")
SINGULAR_S_DEMONYMS = word_list("singular_s_demonyms")
ENTITY_LABELS = mapping("entity_labels")
