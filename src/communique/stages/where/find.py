"""Finding the place mentions of an article: step 1 of the cascade in ``where.resolve``.

Decided here: the datelines (``where.dateline``) and the lists of counties ("Harper and Kingman
counties": ``where.plurals``) first; then, per sentence:
- parsed sentences (not lower-cased): NER entities labelled GPE, LOC or FAC (when the whole
  names no place, "Vancouver International Airport", the names inside it), and entities the
  NER labelled otherwise whose whole text is rarely anything but a place ("California" tagged
  ORG); a smaller town's name tagged ORG, PERSON, PRODUCT or NORP as a weak mention; the place
  names inside other entities (``where.organisations``); and, over proper nouns outside any
  entity, the gazetteer scan for names the NER missed;
- unparsed or lower-cased sentences: the gazetteer scan (``where.scan``) outside non-place
  entities, and the demonyms;
and one mention per span, none inside a street's name ("Paris Road") unless it is a strong name.
"""

from __future__ import annotations

from communique.core.article import Article, Entity, Sentence
from communique.core.errors import at_sentence
from communique.stages.lexicon import is_lowercased
from communique.stages.where import rules
from communique.stages.where.candidates import candidates
from communique.stages.where.dateline import dateline_mentions
from communique.stages.where.gazetteer import Gazetteer
from communique.stages.where.mention import (
    Mention,
    acronym,
    in_street_name,
    is_strong,
    strong_hit,
)
from communique.stages.where.organisations import inner_mentions
from communique.stages.where.plurals import plural_mentions
from communique.stages.where.qualifiers import split_qualified
from communique.stages.where.scan import scan_demonyms, scan_sentence

PLACE_LABELS = rules.codes("mentions.yaml", "place_labels")
INNER_LABELS = rules.codes("mentions.yaml", "inner_labels")
WEAK_LABELS = rules.codes("mentions.yaml", "weak_labels")
STRONG_CITY_POPULATION = 100_000


def find_mentions(article: Article, gaz: Gazetteer) -> list[Mention]:
    """Return the toponym mentions of ``article``, sentence by sentence (see the module docstring)."""
    out: list[Mention] = dateline_mentions(article, gaz)
    by_sentence: dict[int, list[Entity]] = {}
    for ent in article.entities:
        by_sentence.setdefault(ent.sentence_index, []).append(ent)
    for sent in article.sentences:
        ents = by_sentence.get(sent.index, [])
        with at_sentence(sent.index):
            out.extend(plural_mentions(sent, gaz))
            if sent.parsed and not is_lowercased(sent.text):
                out.extend(_parsed_mentions(article.text, sent, ents, gaz))
            else:
                out.extend(_scanned_mentions(sent, ents, gaz))
    # One mention per span, the first found (a dateline before the entity over it; a qualifier,
    # "Paris, Texas", may be an entity of its own); none that overlaps a county of a list
    # ("Harper and Kingman counties") or that is a street's name ("Paris Road").
    seen: set[tuple[int, int]] = set()
    lists = [(m.start, m.end) for m in out if m.name]
    kept = []
    for m in out:
        if (m.start, m.end) in seen or (not m.name and any(m.start < e and s < m.end for s, e in lists)):
            continue
        if in_street_name(article.text, m.end) and not any(strong_hit(h) for h in gaz.lookup(m.key)):
            continue
        seen.add((m.start, m.end))
        kept.append(m)
    return kept


def _parsed_mentions(text: str, sent: Sentence, ents: list[Entity], gaz: Gazetteer) -> list[Mention]:
    """Return the mentions of a parsed sentence: from its entities, then the scan over proper nouns."""
    out: list[Mention] = []
    for ent in ents:
        if ent.label in PLACE_LABELS or _mislabelled_place(ent.text, ent.label, gaz):
            found = split_qualified(text, ent.start, ent.end, sent.index, gaz)
            if ent.label in PLACE_LABELS and not any(candidates(m, gaz) for m in found):
                # A facility or a body that names no place as a whole ("Vancouver International
                # Airport", "the Anderson County Jail"): the place names inside it, as for an ORG.
                found = inner_mentions(text, ent.start, ent.end, "FAC", sent.index, gaz)
            out.extend(found)
        elif ent.label in WEAK_LABELS and _weak_place(ent.text, gaz):
            for m in split_qualified(text, ent.start, ent.end, sent.index, gaz):
                m.source = "weak"
                m.person = ent.label == "PERSON"
                out.append(m)
        elif ent.label in INNER_LABELS:
            out.extend(inner_mentions(text, ent.start, ent.end, ent.label, sent.index, gaz))
    # Names the NER missed altogether: the strict scan, over proper nouns outside entities.
    covered = [(e.start, e.end) for e in ents]
    proper = {t.start for t in sent.tokens if t.tag in ("NNP", "NNPS") or t.pos == "PROPN"}
    initial = _initial_subject(sent)
    starts = {t.start for t in sent.tokens}
    out.extend(
        m
        for m in scan_sentence(sent, gaz, weak=True)
        if not any(m.start < e and s < m.end for s, e in covered)
        and all(t.start in proper or (t.start == initial and m.source == "scan")
                for t in sent.tokens if m.start <= t.start < m.end and t.text[:1].isalpha())
        and m.start in starts
    )
    return out


def _initial_subject(sent: Sentence) -> int | None:
    """Return the start of the sentence's first word when the tagger read that capitalised word as a
    common noun in the subject ("Odesa held funerals ...": at the start of a sentence every word is
    capitalised, so the tag, not the case, decided): the strict scan may still find it as a
    place (a capital, or a large city by its primary name), never as a weak one."""
    first = next((t for t in sent.tokens if t.text[:1].isalpha()), None)
    if first is None or not first.text[:1].isupper() or first.tag != "NN":
        return None
    return first.start if first.dep in ("nsubj", "nsubjpass") else None


def _scanned_mentions(sent: Sentence, ents: list[Entity], gaz: Gazetteer) -> list[Mention]:
    """Return the mentions of an unparsed or lower-cased sentence: the scan, then the demonyms."""
    taken = [(e.start, e.end) for e in ents if e.label not in PLACE_LABELS]
    found = [m for m in scan_sentence(sent, gaz) if not any(m.start < e and s < m.end for s, e in taken)]
    spans = [(m.start, m.end) for m in found]
    found += [m for m in scan_demonyms(sent, gaz) if not any(m.start < e and s < m.end for s, e in spans)]
    return sorted(found, key=lambda m: m.start)


def _mislabelled_place(text: str, label: str, gaz: Gazetteer) -> bool:
    """True for an entity the NER labelled otherwise whose whole text is a name that is rarely
    anything but a place: a country's name tagged NORP ("U.S."; not a demonym such as
    "Russian"); a country, state, region or large city tagged ORG ("California"); a country,
    state or region tagged PERSON (not a city or a country: they are often names of people)."""
    if label not in ("NORP", "ORG", "PERSON") or gaz.is_demonym(text):
        return False
    hits = [h for h in gaz.lookup(text) if h.primary or h.entry.feature == "PCLI"]
    if label == "NORP":
        return any(h.entry.feature == "PCLI" for h in hits)
    if label == "PERSON":
        # Not countries either: "Jordan", "Chad" and "Georgia" are given names.
        return any(is_strong(h.entry) and h.entry.feature != "PCLI" for h in hits)
    return any(is_strong(h.entry) or h.entry.population >= STRONG_CITY_POPULATION for h in hits)


def _weak_place(text: str, gaz: Gazetteer) -> bool:
    """True when an entity's whole text is the primary name of a town of the gazetteer."""
    if gaz.is_demonym(text) or gaz.organisation_places(text) or not text[:1].isupper():
        return False
    if acronym(text) and acronym(text) not in gaz.acronyms(text):
        return False
    return any(h.primary and h.entry.feature in ("PPL", "PPLC") for h in gaz.lookup(text))
