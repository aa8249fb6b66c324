"""conflibert_cameo: 5-way quad class per sentence, and source/target spans against cameo_ner.

Class: 0 none/statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict. Ours: the quad class of the top (highest-confidence) event, 0 when the
sentence has no event. Class 0 is scored like the other classes here (it is a real gold class).

The PLOVER manual disagrees with itself on SANCTION: its per-category section and summary table
say material conflict (our ``quad_class`` field follows them, and the headline uses it), while its
numeric "Quad categories in PLOVER" table puts SANCTION (CAMEO 16, reduce relations) in verbal
conflict, which is how these CAMEO-derived labels treat it. ``class_macro_f1_quad_table`` scores
the same predictions with that table, so both readings are on record.

Spans: ``cameo_ner/train.txt`` tags B/I-S (source), B/I-T (target), B/I-R (reciprocal: both).
Its sentences are a subset of cameo_class, sometimes a clause of the class sentence, with some
characters dropped; each NER block is aligned to the class sentence that contains its letters
and digits, and its token spans mapped to character offsets of that sentence. Our spans: the
top event's actors (source) and recipients (target), located by their ``start``/``end`` when
given, else by the first occurrence of their ``text`` in the sentence. A gold span is found when
a predicted span of the same role overlaps it (R spans accept either role).
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from communique.core.article import Article, Participant
from communique.runtime.pipeline import Pipeline
from communique.services.eval.common import QUAD_CLASSES, dataset_file, run_pipeline, top_event
from communique.services.eval.metrics import PRF, classify, span_prf
from communique.services.eval.report import Report

# Types that the manual's numeric quad table puts in verbal conflict against our quad_class field.
QUAD_TABLE_VERBAL = {"SANCTION"}
CLASS_NAMES = {0: "0 none/statement", 1: "1 verbal coop", 2: "2 material coop",
               3: "3 verbal conflict", 4: "4 material conflict"}


@dataclass
class CameoItem:
    text: str
    label: int
    # role ("S", "T", "R") -> character spans in ``text``; None when no NER block aligned.
    spans: dict[str, list[tuple[int, int]]] | None = None


@dataclass
class NerBlock:
    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def read_classes(path: Path) -> list[tuple[str, int]]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        text, _, label = line.rpartition("\t")
        out.append((text, int(label)))
    return out


def read_ner(path: Path) -> list[NerBlock]:
    """Return CoNLL blocks (``token TAG`` lines, blank line between sentences)."""
    blocks, cur = [], NerBlock()
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if not parts:
            if cur.tokens:
                blocks.append(cur)
                cur = NerBlock()
            continue
        cur.tokens.append(parts[0])
        cur.tags.append(parts[-1] if len(parts) > 1 else "O")
    if cur.tokens:
        blocks.append(cur)
    return blocks


def _key(text: str) -> tuple[str, list[int]]:
    """Return the lower-cased ASCII letters and digits of ``text`` and each one's offset in it."""
    chars, offsets = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKD", ch):
            if c.isascii() and c.isalnum():
                chars.append(c.lower())
                offsets.append(i)
    return "".join(chars), offsets


def block_spans(block: NerBlock) -> list[tuple[str, int, int]]:
    """Return (role, first token, last token + 1) for each tagged span of ``block``."""
    spans: list[tuple[str, int, int]] = []
    for i, tag in enumerate(block.tags):
        if tag == "O" or "-" not in tag:
            continue
        bio, role = tag.split("-", 1)
        if bio == "B" or not spans or spans[-1][0] != role or spans[-1][2] != i:
            spans.append((role, i, i + 1))
        else:
            spans[-1] = (role, spans[-1][1], i + 1)
    return spans


def align(texts: list[str], blocks: list[NerBlock]) -> dict[int, dict[str, list[tuple[int, int]]]]:
    """Return, per class-sentence index, the role spans of the NER block aligned to it."""
    keys = [_key(t) for t in texts]
    out: dict[int, dict[str, list[tuple[int, int]]]] = {}
    start = 0
    for block in blocks:
        tok_keys = [_key(t)[0] for t in block.tokens]
        joined = "".join(tok_keys)
        if not joined:
            continue
        # Search forward from the last match first (the order is kept), then everywhere.
        order = list(range(start, len(texts))) + list(range(0, start))
        for idx in order:
            if idx in out:
                continue
            k, offs = keys[idx]
            pos = k.find(joined)
            if pos < 0:
                continue
            # Character offset of every token's first and last key character.
            bounds, p = [], pos
            for tk in tok_keys:
                if tk:
                    bounds.append((offs[p], offs[p + len(tk) - 1] + 1))
                    p += len(tk)
                else:
                    bounds.append(None)
            spans: dict[str, list[tuple[int, int]]] = {"S": [], "T": [], "R": []}
            for role, a, b in block_spans(block):
                inside = [x for x in bounds[a:b] if x]
                if inside and role in spans:
                    spans[role].append((inside[0][0], inside[-1][1]))
            out[idx] = spans
            start = idx + 1
            break
    return out


def load(root: Path, limit: int | None = None) -> list[CameoItem]:
    """Return cameo_class train sentences with labels and, where aligned, cameo_ner spans."""
    classes = read_classes(dataset_file(root, "conflibert_cameo", "cameo_class", "train.tsv"))
    if limit:
        classes = classes[:limit]
    ner_path = root / "conflibert_cameo" / "cameo_ner" / "train.txt"
    aligned = align([t for t, _ in classes], read_ner(ner_path)) if ner_path.exists() else {}
    return [CameoItem(t, y, aligned.get(i)) for i, (t, y) in enumerate(classes)]


def locate(actor: Participant, text: str) -> tuple[int, int] | None:
    """Return the character span of an event participant's text in ``text``."""
    t = actor.text.strip()
    if not t:
        return None
    m = re.search(re.escape(t), text, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None) -> Report:
    """Return the conflibert_cameo report: 5-way class scores and role span scores."""
    items = load(root, limit)
    t0 = time.perf_counter()
    articles = run_pipeline((Article(text=it.text, date="2000-01-01", id=f"cameo-{i}", source="conflibert_cameo")
                             for i, it in enumerate(items)), pipeline)
    seconds = time.perf_counter() - t0
    gold, pred, pred_table = [], [], []
    roles = {"source (S, or R)": PRF(), "target (T, or R)": PRF()}
    with_spans = 0
    for it, art in zip(items, articles, strict=True):
        top = top_event(art.events)
        gold.append(CLASS_NAMES[it.label])
        pred.append(CLASS_NAMES[QUAD_CLASSES.get(top.quad_class, 0) if top else 0])
        pred_table.append(CLASS_NAMES[3] if top and top.type in QUAD_TABLE_VERBAL else pred[-1])
        if it.spans is None:
            continue
        with_spans += 1
        src = [s for a in (top.actors if top else []) if (s := locate(a, art.text))]
        tar = [s for a in (top.recipients if top else []) if (s := locate(a, art.text))]
        # R (reciprocal) gold spans count for whichever role found them; a prediction is a false
        # positive only when it matches no gold span of its role or R.
        for name, g, p in (("source (S, or R)", it.spans["S"], src), ("target (T, or R)", it.spans["T"], tar)):
            own = span_prf(g, p)
            both = span_prf(g + it.spans["R"], p)
            roles[name].add(PRF(tp=own.tp, fp=both.fp, fn=own.fn))
        r = it.spans["R"]
        found_r = span_prf(r, src + tar)
        roles.setdefault("reciprocal (R, either role)", PRF()).add(PRF(tp=found_r.tp, fn=found_r.fn))
    result = classify(gold, pred, none=None)
    report = Report("conflibert_cameo", items=len(items), limit=limit, seconds=seconds,
                    errors=sum(a.failed for a in articles))
    report.headline = {
        "class_accuracy": result.accuracy,
        "class_macro_f1": result.macro()["f1"],
        "class_macro_f1_quad_table": classify(gold, pred_table, none=None).macro()["f1"],
        "source_span_f1": roles["source (S, or R)"].f1,
        "target_span_f1": roles["target (T, or R)"].f1,
    }
    report.add_classification("quad class", result)
    report.add_prf(f"role spans of the top event ({with_spans} sentences with aligned cameo_ner)", roles)
    report.notes += [
        "class = quad class of the top event, 0 when no event; spans matched by overlap",
        f"cameo_ner blocks aligned to {with_spans} of {len(items)} class sentences",
    ]
    return report
