"""The events stage: PLOVER events for every parsed sentence, plus document contexts.

Per batch: the embedding classifier scores, in one call, every parsed sentence of every article
whose coding it can change (one with a rule trigger, or one that could get a classifier-only
event: ``EventDetector.classifier_matters``; a text seen lately is not embedded again:
``memo.py``); then each article's sentences go through the rule
detector (see detector.py). A sentence that the NLP stage did not parse is skipped. A failure
on one article is recorded on that article (by the pipeline), with the sentence it happened in,
and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from communique.core.article import Article, Sentence
from communique.core.config import Settings
from communique.core.errors import PipelineError, at_sentence
from communique.stages.events.classifier import default_classifier
from communique.stages.events.contexts import document_contexts, event_contexts
from communique.stages.events.detector import EventDetector
from communique.stages.events.detector import Settings as DetectorSettings
from communique.stages.events.memo import ProbabilityMemo


class EventStage:
    """Sets ``article.events`` and ``article.contexts``.

    Reads the parsed ``sentences``, the resolved ``actors`` (roles), the ``places`` (the host
    country of a visit), and the input ``id``, ``date`` (the report's year, for historical
    references) and ``text`` (evidence spans, context cues).
    """

    name = "events"
    requires = ["sentences", "actors", "places", "id", "date", "text"]
    assigns = ["events", "contexts"]

    def __init__(self, settings: Settings | None = None, *, detector: EventDetector | None = None,
                 classifier: Any = None, use_classifier: bool = True, classifier_scope: str | None = None):
        self.settings = settings
        cfg = dict(settings.data.get("events", {})) if settings is not None else {}
        # "all": embed every parsed sentence (best figures); "ambiguous": only sentences where the
        # classifier can change the coding; "off": rules alone (no encoder: fastest).
        self.classifier_scope = classifier_scope or cfg.get("classifier_scope", "all")
        if self.classifier_scope not in ("all", "ambiguous", "off"):
            raise PipelineError(
                f"[events] classifier_scope = '{self.classifier_scope}' is not known; "
                "use 'all', 'ambiguous' or 'off'.", code="E209"
            )
        use_classifier = use_classifier and self.classifier_scope != "off"
        if detector is None:
            known = {k: v for k, v in cfg.items() if k in ("classifier_only", "min_confidence", "bare_min_prob")}
            detector = EventDetector(settings=DetectorSettings(**known))
        self.detector = detector
        self._classifier = classifier
        self.use_classifier = use_classifier
        # "cpu" (int8) or "cuda" (fp32, set by the Ray engine on a GPU actor; see classifier.load_encoder).
        self.encoder_device = cfg.get("encoder_device", "cpu")
        if self.encoder_device not in ("cpu", "cuda"):
            raise PipelineError(f"[events] encoder_device = '{self.encoder_device}' is not known; use 'cpu' or "
                                "'cuda'.", code="E209")
        # The encoder is loaded by the first batch with a sentence to embed: a run with none
        # (no candidate sentence) never pays for it.
        self.memo = ProbabilityMemo()

    @property
    def classifier(self) -> Any:
        if self._classifier is None and self.use_classifier:
            self._classifier = default_classifier()
        return self._classifier

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        articles = list(articles)
        # Only sentences whose coding the classifier can change are embedded ("all": every one that
        # can yield an event; the encoder is ~80% of this stage's cost, ~6.5 ms a sentence).
        wanted = self._needs_classifier if self.classifier_scope == "ambiguous" else self._classifier_matters
        jobs = [(a, s) for a in articles for s in a.sentences if s.parsed and wanted(a, s)]
        probs: list[dict[str, float]] = [{} for _ in jobs]
        if jobs and self.classifier is not None:
            texts = [s.text for _, s in jobs]
            # With the probabilities, each sentence's embedding (packed: core.vector), which
            # clustering compares; a head that gives probabilities only leaves sentences without one.
            both = getattr(self.classifier, "predict_with_vectors", None)
            if self.encoder_device == "cpu":
                # One sentence per encoder call on CPU: a repeated text gets the very same answer.
                answers = self.memo(texts, both or self.classifier.predict_proba)
            else:
                answers = (both or self.classifier.predict_proba)(texts, device=self.encoder_device)
            probs = []
            for (_, s), answer in zip(jobs, answers, strict=True):
                if isinstance(answer, tuple):
                    answer, s.vector = answer
                probs.append(answer)
        by_sentence = {(id(a), s.index): pr for (a, s), pr in zip(jobs, probs, strict=True)}
        for article in articles:
            self.code(article, by_sentence)
        return iter(articles)

    def code(self, article: Article, probs: dict[tuple[int, int], dict[str, float]]) -> Article:
        """Set ``article.events`` and ``article.contexts``."""
        year = _year(article.date)
        article.contexts = document_contexts(article.text)
        events = []
        for sent in article.sentences:
            if not sent.parsed:
                continue
            with at_sentence(sent.index):
                for ev in self.detector.detect(article, sent, probs.get((id(article), sent.index)), year):
                    ev.context = event_contexts(sent.text, article.contexts)
                    events.append(ev)
        article.events = events
        return article

    def _needs_classifier(self, article: Article, sent: Sentence) -> bool:
        with at_sentence(sent.index):
            return self.detector.needs_classifier(article, sent)

    def _classifier_matters(self, article: Article, sent: Sentence) -> bool:
        with at_sentence(sent.index):
            return self.detector.classifier_matters(article, sent)


def _year(date: str | None) -> int | None:
    try:
        return int(str(date)[:4]) if date else None
    except ValueError:
        return None
