"""The article pass: resolve an article's mentions in reading order, carrying context between sentences.

Per sentence: cut it into units (``units``), group them into mentions (``chunks``), read each
mention (``readings``) and turn it into Actors (``mentions``); then link them to the article:

1. the pair in focus is updated from what the sentence names together (``focus``);
2. named persons are placed by title, apposition, earlier mention, registry or the dictionary of
   political actors, enumerations are bound in order (``persons``), and collectives become the
   pair in focus (``focus``);
3. the title of an apposition becomes its person (``persons.merge_appositions``);
4. unqualified domestic agents take the country of their context (``context``);
5. without an explicit pair, two persons of different countries set it (``focus``);
6. subject pronouns and "his counterpart" link to persons (``pronouns``).

Two actors over the same span are one (the one with a country wins). A failure names its
sentence (``core.errors.at_sentence``).
"""

from __future__ import annotations

from dataclasses import replace

from communique.core.article import Actor, Article, Entity, Sentence
from communique.core.errors import at_sentence
from communique.core.registry import ActorRegistry
from communique.stages.actors.chunks import chunk_units
from communique.stages.actors.context import ContextCountries
from communique.stages.actors.dictionary import PersonDictionary
from communique.stages.actors.focus import Focus, resolve_collective
from communique.stages.actors.gazetteer import WORD, Gazetteer, load_gazetteer
from communique.stages.actors.mentions import reading_actors
from communique.stages.actors.names import is_cap
from communique.stages.actors.persons import People, bind_person, enumeration, merge_appositions
from communique.stages.actors.pronouns import Subjects, pronoun_actors
from communique.stages.actors.readings import read_chunk
from communique.stages.actors.records import Reading, Unit
from communique.stages.actors.units import sentence_units


class ArticleLinker:
    """Resolve an article's mentions in reading order, carrying the context between sentences."""

    def __init__(self, article: Article, gaz: Gazetteer | None = None, registry: ActorRegistry | None = None,
                 dictionary: PersonDictionary | None = None):
        self.article = article
        self.gaz = gaz or load_gazetteer()
        self.people = People(registry, article.date, dictionary)
        self.focus = Focus()
        self.subjects = Subjects()
        self.context = ContextCountries()

    def run(self) -> list[Actor]:
        """Return the article's actors, sentence by sentence."""
        actors: list[Actor] = []
        ents_by_sent: dict[int, list[Entity]] = {}
        for e in self.article.entities:
            ents_by_sent.setdefault(e.sentence_index, []).append(e)
        for own in self.article.sentences:
            with at_sentence(own.index):
                sent = as_parsed(own)
                persons = [(e.start, e.end) for e in ents_by_sent.get(sent.index, []) if e.label == "PERSON"]
                persons += self._leading_leader(sent, persons)
                units = sentence_units(sent, self.gaz, persons, self.people.known_names())
                found = self._sentence(sent, units)
                if sent.recased is not None:
                    for a in found:  # the mention quotes the article, not the re-cased headline
                        a.text = self.article.text[a.start:a.end]
                actors.extend(found)
        return actors

    def _leading_leader(self, sent: Sentence, persons: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Return the span of a leader named by one word at the start of a sentence ("Biden agreed to ...",
        "Maduro accused ..."), which the parser's entities often miss there: the word is capitalised,
        followed by a lower-case word, no PERSON entity covers it, and the person dictionary knows it as a
        name or variant (not a bare surname) of someone in office on the article's date."""
        m = WORD.match(sent.text)
        if m is None or not is_cap(m.group()) or m.group().isupper() or len(m.group()) < 3:
            return []
        s, e = sent.start + m.start(), sent.start + m.end()
        if any(a < e and s < b for a, b in persons):
            return []
        rest = sent.text[m.end():].split()
        if not rest or not rest[0][:1].islower():
            return []
        role = self.people.in_dictionary(m.group())
        if role is None or role.kind != "person" or role.period != "in-office" or not role.match.startswith("name"):
            return []
        return [(s, e)]

    def _sentence(self, sent: Sentence, units: list[Unit]) -> list[Actor]:
        text = self.article.text
        readings = [(ch, r) for ch in chunk_units(units) if (r := read_chunk(ch)) is not None]
        explicit = self.focus.update(units, readings)
        out = self._resolve(sent, units, readings)
        merge_appositions(out, text)
        self.context.assign(out, text, self.people, self.focus, sent)
        if not explicit:
            self.focus.from_persons(out)
        out.extend(pronoun_actors(sent, units, self.subjects, self.focus, text))
        result = _one_per_span(out)
        self.subjects.record(sent.index, units, result)
        return result

    def _resolve(self, sent: Sentence, units: list[Unit], readings: list[tuple[list[Unit], Reading]]) -> list[Actor]:
        """Return the actors of the sentence's readings, persons placed and collectives filled."""
        out: list[Actor] = []
        for ch, r in readings:
            acts = reading_actors(r, self.gaz, self.article.text, sent.index)
            enumerated = enumeration(units, ch, r, sent, self.people, self.focus)
            for a in acts:
                if a.kind == "person" and a.basis != "title-only":
                    bind_person(a, r, units, ch, self.people, self.focus)
                elif a.basis == "collective":
                    resolve_collective(a, r, enumerated, self.focus, self.gaz)
                    if not a.members:
                        continue
                out.append(a)
            out.extend(enumerated)
        return out


def _one_per_span(actors: list[Actor]) -> list[Actor]:
    """Return one actor per span, in text order; an enumeration's person may also be a chunk's."""
    uniq: dict[tuple[int, int], Actor] = {}
    for a in actors:
        key = (a.start, a.end)
        if key not in uniq or (uniq[key].country is None and a.country):
            uniq[key] = a
    return sorted(uniq.values(), key=lambda a: (a.start, a.end))


def as_parsed(sent: Sentence) -> Sentence:
    """Return the sentence as the NLP stage parsed it: a re-cased Title Case headline (nlp/titlecase.py) with
    its common words in lower case, so that capitals show names again; any other sentence as it is."""
    if sent.recased is None:
        return sent
    text, base = sent.recased, sent.start
    tokens = [replace(t, text=text[t.start - base:t.end - base]) for t in sent.tokens]
    return replace(sent, text=text, tokens=tokens)
