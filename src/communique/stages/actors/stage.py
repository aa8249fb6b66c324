"""The actor stage: resolve every actor mention of an article (``linking`` runs the article pass)."""

from __future__ import annotations

from communique.core.article import Actor, Article, Participant
from communique.core.config import Settings
from communique.core.knowledge import Knowledge
from communique.core.registry import ActorRegistry
from communique.stages.actors.dictionary import PersonDictionary, person_dictionary
from communique.stages.actors.gazetteer import Gazetteer, load_gazetteer
from communique.stages.actors.linking import ArticleLinker
from communique.stages.actors.teaching import teachings


class ActorStage:
    """Sets ``article.actors``: countries, organisations, IGOs, persons and collective groups;
    and ``article.learned``: what the article teaches about persons (titles, appositions,
    enumerations), as facts for the runner to fold into the next registry snapshot.

    Works on parsed sentences (tokens, PERSON entities, dependencies used for subjects and
    modifiers) and on unparsed ones (gazetteer matches and capitalisation only). With a
    ``registry`` (a frozen snapshot; ``bind`` gives a copy reading another one), persons are
    looked up there when an article gives only their name; failing that, in the dictionary of
    named political actors on the article's date (``dictionary``; ``[actors] persons_dictionary``
    in the settings, on by default; read on the first article that needs it). The stage never
    changes a registry.

    Reads the article's text, date (for registry look-ups) and id (for the facts it records), its
    sentences with their tokens, and its PERSON entities; writes ``actors`` and ``learned``. A
    failure inside a sentence names that sentence.
    """

    name = "actors"
    requires = ["text", "date", "id", "sentences", "sentences.tokens", "entities"]
    assigns = ["actors", "learned"]

    def __init__(self, settings: Settings | None = None, *, registry: ActorRegistry | None = None,
                 gazetteer: Gazetteer | None = None, learn: bool = True,
                 dictionary: PersonDictionary | None | bool = True):
        """``dictionary``: a PersonDictionary, True for the packaged one (unless the settings turn it
        off), False or None for none."""
        self.settings = settings
        self.registry = registry
        self.gazetteer = gazetteer or load_gazetteer()
        self.learn = learn
        if dictionary is True and settings is not None:
            dictionary = bool(settings.data.get("actors", {}).get("persons_dictionary", True))
        self._dictionary = dictionary

    @property
    def dictionary(self) -> PersonDictionary | None:
        """Return the dictionary of named political actors the stage reads (loaded on first use), or None."""
        if self._dictionary is True:
            self._dictionary = person_dictionary()
        return self._dictionary or None

    def bind(self, knowledge: Knowledge) -> ActorStage:
        """Return a copy of this stage that reads ``knowledge.registry``."""
        return ActorStage(self.settings, registry=knowledge.registry, gazetteer=self.gazetteer, learn=self.learn,
                          dictionary=self._dictionary)

    def __call__(self, article: Article) -> Article:
        article.actors = ArticleLinker(article, self.gazetteer, self.registry, self.dictionary).run()
        article.learned = teachings(article) if self.learn else []
        return article


def actors_in(article: Article, start: int, end: int) -> list[Actor]:
    """Return the article's actors whose span overlaps ``[start, end)``, best overlap first."""
    hits = [a for a in article.actors if a.start < end and a.end > start]

    def score(a: Actor) -> tuple[float, int]:
        inter = min(a.end, end) - max(a.start, start)
        union = max(a.end, end) - min(a.start, start)
        return (inter / union if union else 0.0, -(a.end - a.start))

    return sorted(hits, key=score, reverse=True)


def expand(actor: Actor) -> list[Actor]:
    """Return the participants an actor stands for: its members for a collective, else itself."""
    return [m for m in actor.members] if actor.members else [actor]


def participants(actor: Actor) -> list[Participant]:
    """Return the event participants an actor stands for, collectives expanded into their members."""
    return [m.participant() for m in expand(actor)]
