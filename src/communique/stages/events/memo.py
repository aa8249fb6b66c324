"""The classifier's probabilities for recently seen sentence texts, so that a repeated sentence is embedded once.

News repeats itself: wire copy, boilerplate ("The company said it ..."), corrections; on 5,000
Reuters stories 5% of the candidate sentences are repeats. On CPU every sentence is embedded
alone (``classifier.EMBED_BATCH``), so its probabilities depend on its text only and a remembered
answer is exactly the one a new call would give. The memory is bounded (least recently used
texts are forgotten first), so a long ingest does not grow with the corpus.
"""

from __future__ import annotations

from collections.abc import Callable

from communique.core.lru import LRU

Probs = dict[str, float]
Answer = Probs | tuple[Probs, bytes]  # the probabilities, with the sentence's packed vector when asked for

SIZE = 4096  # texts remembered: ~2 KB each (the text and ~17 probabilities)


class ProbabilityMemo:
    """Callable ``(texts, predict) -> answers``: ``predict`` is asked only about texts not remembered.

    An answer is a probability dict, or (probabilities, packed vector) when ``predict`` gives
    both (``TypeClassifier.predict_with_vectors``); one memo holds one kind.
    """

    def __init__(self, size: int = SIZE) -> None:
        self.known: LRU[str, Answer] = LRU(size)
        self.hits = 0

    def __call__(self, texts: list[str], predict: Callable[[list[str]], list[Answer]]) -> list[Answer]:
        """Return one answer per text (its dict a fresh copy each), predicting each new text once."""
        new = [t for t in dict.fromkeys(texts) if t not in self.known]
        fresh = dict(zip(new, predict(new), strict=True)) if new else {}
        out = []
        for t in texts:
            probs = fresh.get(t)
            if probs is None:
                probs = self.known.get(t)
                self.hits += 1
            out.append((dict(probs[0]), probs[1]) if isinstance(probs, tuple) else dict(probs))
        for t, probs in fresh.items():
            self.known.put(t, probs)
        return out
