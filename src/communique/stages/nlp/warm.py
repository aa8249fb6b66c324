"""Which words the tokenizers keep for good, so that a batch in a memory zone does not tokenize them again.

The NLP stage tokenizes every batch inside spaCy memory zones (``stage.py``), so that the
vocabularies do not grow with the corpus. Inside a zone spaCy neither keeps the words it meets
nor caches how it split them (``Tokenizer._save_cached`` returns early), so each batch paid
again for every word: the affix rules, a new lexeme and its attributes, in both the splitter and
the model. ``TokenizerWarmth`` tokenizes, outside any zone, the words that recur within a batch
(up to a fixed budget), so both tokenizers keep their lexemes and cached splits from then on.

The output does not change: spaCy's tokenizer cache stores the tokens a whitespace-delimited
chunk splits into, which depend on the chunk alone (chunks with special cases are never cached),
and a lexeme's attributes depend on its string alone; a run without zones uses the same cache.
Memory stays bounded: at most ``budget`` chunks are kept per pipeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any


class TokenizerWarmth:
    """Keeps the recurring words of the first batches in the tokenizers' vocabularies and caches."""

    def __init__(self, budget: int = 20_000, min_count: int = 2):
        self.budget = budget
        self.min_count = min_count
        self.kept: set[str] = set()

    def warm(self, pipelines: Iterable[Any], texts: Iterable[str]) -> int:
        """Tokenize, outside memory zones, the new chunks seen ``min_count`` times in ``texts``;
        return how many were added."""
        room = self.budget - len(self.kept)
        if room <= 0:
            return 0
        counts = Counter(chunk for text in texts for chunk in text.split())
        new = [c for c, n in counts.most_common() if n >= self.min_count and c not in self.kept][:room]
        if new:
            joined = " ".join(new)
            for nlp in pipelines:
                if nlp.vocab.in_memory_zone:
                    raise RuntimeError("TokenizerWarmth.warm must run outside a memory zone")
                nlp.tokenizer(joined)
            self.kept.update(new)
        return len(new)
