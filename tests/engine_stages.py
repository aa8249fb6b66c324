"""Two small stages for the engine tests (registered through [stages], as a plugin would be).

``Teacher`` teaches a person per article ("teach NAME") and writes, into ``article.contexts``,
the persons its knowledge snapshot already knows: the test can see which batches' facts each
batch read. ``"boom"`` in an article's text makes it fail, as a broken article does.
"""

from __future__ import annotations

from communique.core.article import Article, Sentence, Token
from communique.core.registry import PersonFact


class Teacher:
    name = "teacher"
    requires = ["text"]
    assigns = ["contexts", "learned"]

    def __init__(self, settings=None, registry=None):
        self.settings = settings
        self.registry = registry

    def bind(self, knowledge):
        return Teacher(self.settings, knowledge.registry)

    def __call__(self, article: Article) -> Article:
        if "boom" in article.text:
            raise ValueError(f"cannot teach {article.text!r}")
        known = sorted(self.registry.entries) if self.registry is not None else []
        article.contexts = known
        words = article.text.split()
        if words[:1] == ["teach"]:
            article.learned = [PersonFact(words[1], "KEN", "GOV", "minister", article.date, article.id, "title")]
        return article


class Parser:
    """Parses an article as one sentence of whitespace tokens (what ``drop_parse`` empties)."""

    name = "parser"
    requires = ["text"]
    assigns = ["sentences"]

    def __init__(self, settings=None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        tokens, at = [], 0
        for i, word in enumerate(article.text.split()):
            start = article.text.index(word, at)
            at = start + len(word)
            tokens.append(Token(i, word, start, at))
        article.sentences = [Sentence(0, 0, len(article.text), article.text, tokens)]
        return article
