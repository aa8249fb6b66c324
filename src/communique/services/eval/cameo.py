"""conflibert_cameo: 5-way quad class per sentence, and source/target spans against cameo_ner.

Class: 0 none/statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict. Ours: the quad class of the top (highest-confidence) event, 0 when the
sentence has no event (the mapping is ``data/conflibert_cameo.yaml``). Class 0 is scored like
the other classes here (it is a real gold class).

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

Actor-span coverage scores the actors stage alone, on every resolved actor mention
(``article.actors``) of the sentences with aligned spans, whatever the events:
- actor_span_recall: gold S/T/R spans overlapped by some resolved actor;
- actor_span_precision: resolved actors (places excluded) overlapping some gold span (a lower
  bound: the gold marks only the event's participants);
- actor_country_rate: covered gold spans whose actor has a country (or members).

filter_dropped: the share of event sentences (class 1-4) the candidate filter skipped.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.core.article import Article, Participant
from communique.core.config import Settings
from communique.core.resources import read_yaml
from communique.runtime.pipeline import Pipeline
from communique.services.eval import split
from communique.services.eval.common import (
    dataset_file,
    failed,
    filter_dropped,
    run_pipeline,
    scored,
    top_event,
)
from communique.services.eval.metrics import PRF, classify, span_prf
from communique.services.eval.report import Report, Table


@dataclass(frozen=True)
class ClassMap:
    """How our events map onto the data set's classes (``data/conflibert_cameo.yaml``)."""

    names: dict[int, str]  # class number -> "0 none/statement", ...
    quad_class: dict[str, int]  # our Event.quad_class -> class number
    quad_table: dict[str, int]  # event type -> class number, where the manual's numeric table differs

    def of(self, event: Any) -> int:
        """Return the class number of ``event`` (a top event, or None for no event: 0)."""
        return self.quad_class.get(event.quad_class, 0) if event is not None else 0

    def of_table(self, event: Any) -> int:
        """Return the class number of ``event`` read with the manual's numeric quad table."""
        if event is not None and event.type in self.quad_table:
            return self.quad_table[event.type]
        return self.of(event)


@lru_cache(maxsize=1)
def class_map() -> ClassMap:
    """Return the packaged class mapping of conflibert_cameo."""
    doc = read_yaml(__package__, "conflibert_cameo.yaml")
    names = {int(k): f"{int(k)} {v}" for k, v in (doc.get("classes") or {}).items()}
    quad = {str(k): int(v) for k, v in (doc.get("quad_class") or {}).items()}
    table = {str(k).upper(): int(v) for k, v in (doc.get("quad_table") or {}).items()}
    for where, values in (("quad_class", quad), ("quad_table", table)):
        for k, v in values.items():
            if v not in names:
                raise doc.fail(f"class {v} of {k!r} is not one of the classes {sorted(names)}", where, k)
    return ClassMap(names, quad, table)


@dataclass
class CameoItem:
    text: str
    label: int
    # role ("S", "T", "R") -> character spans in ``text``; None when no NER block aligned.
    spans: dict[str, list[tuple[int, int]]] | None = None
    index: int = -1  # position in cameo_class/train.tsv


def split_key(item: CameoItem) -> str:
    """Return the item's tune/check split key: its sentence text."""
    return item.text


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
    return [CameoItem(t, y, aligned.get(i), i) for i, (t, y) in enumerate(classes)]


def locate(actor: Participant, text: str) -> tuple[int, int] | None:
    """Return the character span of an event participant's text in ``text``."""
    t = actor.text.strip()
    if not t:
        return None
    m = re.search(re.escape(t), text, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def score(items: list[CameoItem], articles: list[Article], mistakes: bool = False) -> Report:
    """Return the conflibert_cameo report of ``items`` coded as ``articles`` (see the module docstring)."""
    classes = class_map()
    gold, pred, pred_table = [], [], []
    roles = {"source (S, or R)": PRF(), "target (T, or R)": PRF()}
    with_spans = 0
    # Actor-span coverage: gold spans, covered, covered with a country; actors, actors on a gold span.
    cover = [0, 0, 0, 0, 0]
    wrong: list[list[Any]] = []
    for it, art in zip(items, articles, strict=True):
        top = top_event(art.events)
        gold.append(classes.names[it.label])
        pred.append(classes.names[classes.of(top)])
        pred_table.append(classes.names[classes.of_table(top)])
        if mistakes and pred[-1] != gold[-1]:
            wrong.append([it.index, gold[-1], pred[-1], f"{top.type} {top.confidence:.2f}" if top else "-", it.text])
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
        spans = it.spans["S"] + it.spans["T"] + r
        for s, e in spans:
            cover[0] += 1
            hits = [a for a in art.actors if a.start < e and a.end > s]
            cover[1] += bool(hits)
            cover[2] += any(a.country or a.members for a in hits)
        for a in art.actors:
            if a.basis == "place":
                continue
            cover[3] += 1
            cover[4] += any(a.start < e and a.end > s for s, e in spans)
    result = classify(gold, pred, none=None)
    report = Report("conflibert_cameo", items=len(items), errors=failed(articles))
    report.headline = {
        "class_accuracy": result.accuracy,
        "class_macro_f1": result.macro()["f1"],
        "class_macro_f1_quad_table": classify(gold, pred_table, none=None).macro()["f1"],
        "source_span_f1": roles["source (S, or R)"].f1,
        "target_span_f1": roles["target (T, or R)"].f1,
        "actor_span_recall": cover[1] / cover[0] if cover[0] else 0.0,
        "actor_span_precision": cover[4] / cover[3] if cover[3] else 0.0,
        "actor_country_rate": cover[2] / cover[1] if cover[1] else 0.0,
        "filter_dropped": filter_dropped(a for it, a in zip(items, articles, strict=True) if it.label != 0),
    }
    report.add_classification("quad class", result)
    report.add_prf(f"role spans of the top event ({with_spans} sentences with aligned cameo_ner)", roles)
    report.tables.append(Table(
        f"actor-span coverage: every resolved actor mention ({with_spans} sentences with aligned cameo_ner)",
        ["measure", "count", "of", "share"],
        [["gold spans overlapped by an actor", cover[1], cover[0], report.headline["actor_span_recall"]],
         ["covered gold spans whose actor has a country", cover[2], cover[1], report.headline["actor_country_rate"]],
         ["actors (places aside) on a gold span", cover[4], cover[3], report.headline["actor_span_precision"]]]))
    none_kept = [any(s.candidate for s in a.sentences) for it, a in zip(items, articles, strict=True)
                 if it.label == 0]
    report.notes += [
        "class = quad class of the top event, 0 when no event; spans matched by overlap",
        f"cameo_ner blocks aligned to {with_spans} of {len(items)} class sentences",
        "filter_dropped: event sentences (class 1-4) the candidate filter skipped (lower is better); it kept "
        f"{sum(none_kept)} of {len(none_kept)} class-0 sentences",
    ]
    if mistakes:
        report.mistakes = Table(f"mistakes ({len(wrong)}): quad class of the top event differs from the gold class",
                                ["line", "gold", "ours", "top event", "sentence"], wrong)
    return report


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None, *, half: str | None = None,
             errors: bool = False, settings: Settings | None = None) -> Report:
    """Return the conflibert_cameo report: 5-way class scores, role span and actor-span scores."""
    items = split.select(load(root, limit), split_key, half)
    t0 = time.perf_counter()
    articles = run_pipeline((Article(text=it.text, date="2000-01-01", id=f"cameo-{it.index}",
                                     source="conflibert_cameo") for it in items), pipeline, settings)
    return scored(score, items, articles, split_key, limit=limit, seconds=time.perf_counter() - t0,
                  half=half, errors=errors)
