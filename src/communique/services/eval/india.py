"""india_police_events: police KILL / ARREST / FORCE per sentence in lower-cased Times of India text.

Each document is coded as one Article: its text from docs_dev, each gold sentence located in it
in order (so event evidence offsets map back to the sentences, and the pipeline sees the whole
document for in-document linking); where a sentence cannot be located, the document text is its
sentences joined by spaces instead. The date comes from metadata_dev.

Ours, per sentence, from the events whose evidence lies in it (the labels, arrest modes and
police sector are ``data/india_scoring.yaml``):
- POLICE (headline): any event that is ASSAULT or COERCE with a police actor (sector POL), or
  COERCE with mode arrest/detain; gold: the sentence has KILL, ARREST or FORCE;
- ARREST: a COERCE with mode arrest/detain; gold ARREST;
- FORCE: an ASSAULT, or a COERCE not an arrest, with a police actor; gold FORCE (which includes
  every KILL sentence);
- negated and hypothetical events are left out (the gold marks actions that happened);
- KILL: recall only (gold KILL sentences where we coded a police ASSAULT), as our modes do not
  separate killing from other force;
- filter_dropped: the share of gold police-action sentences that the candidate filter skipped
  (every article sentence over them was left unparsed).

The tune/check split is by document (``doc_id``): a document's sentences share one half.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.core.article import Article, Event
from communique.core.config import Settings
from communique.core.resources import read_yaml
from communique.runtime.pipeline import Pipeline
from communique.services.eval import split
from communique.services.eval.common import dataset_file, failed, run_pipeline, scored
from communique.services.eval.metrics import PRF, classify
from communique.services.eval.report import Report, Table

SCORED = ("POLICE", "ARREST", "FORCE")


@dataclass(frozen=True)
class Rules:
    """What is scored (``data/india_scoring.yaml``): gold label -> classes, arrest modes, police sector."""

    labels: dict[str, frozenset[str]]
    arrest_modes: frozenset[str]
    police_sector: str

    def gold(self, labels: set[str]) -> set[str]:
        """Return the classes a sentence with gold ``labels`` is scored as."""
        return set().union(*(self.labels.get(x, frozenset()) for x in labels))


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Return the packaged scoring rules of india_police_events."""
    doc = read_yaml(__package__, "india_scoring.yaml")
    labels = {}
    for label, classes in (doc.get("labels") or {}).items():
        if not isinstance(classes, list) or not set(classes) <= set(SCORED):
            raise doc.fail(f"label {label!r} must map to a list of {', '.join(SCORED)}", "labels", label)
        labels[str(label)] = frozenset(classes)
    modes = frozenset(str(m).lower() for m in doc.get("arrest_modes") or ())
    return Rules(labels, modes, str(doc.get("police_sector") or "POL").upper())


@dataclass
class IpeSentence:
    doc_id: int
    sent_id: int
    text: str
    labels: set[str]
    start: int = -1
    end: int = -1


@dataclass
class IpeDoc:
    doc_id: int
    date: str
    sentences: list[IpeSentence] = field(default_factory=list)
    text: str = ""

    @property
    def id(self) -> str:
        return f"ipe-{self.doc_id}"

    def locate(self, text: str | None) -> None:
        """Set ``text`` and every sentence's offsets, from ``text`` when each sentence is found in it."""
        pos, spans = 0, []
        for s in self.sentences:
            needle = s.text.strip()
            at = text.find(needle, pos) if text is not None and needle else -1
            if at < 0 and needle:
                break
            at = max(at, pos)
            spans.append((at, at + len(needle)))
            pos = at + len(needle)
        else:
            self.text = text or ""
            for s, (a, b) in zip(self.sentences, spans, strict=True):
                s.start, s.end = a, b
            return
        parts, pos = [], 0
        for s in self.sentences:
            s.start, s.end = pos, pos + len(s.text)
            parts.append(s.text)
            pos = s.end + 1
        self.text = " ".join(parts)


def _jsonl_gz(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load(root: Path, limit: int | None = None) -> list[IpeDoc]:
    """Return dev documents (first ``limit`` documents by id order in the file) with dated sentences."""
    folder = "india_police_events"
    dates = {r["doc_id"]: r.get("date") for r in _jsonl_gz(dataset_file(root, folder, "metadata_dev.jsonl.gz"))}
    docs: dict[int, IpeDoc] = {}
    for r in _jsonl_gz(dataset_file(root, folder, "sents_dev.jsonl.gz")):
        doc = docs.get(r["doc_id"])
        if doc is None:
            if limit and len(docs) >= limit:
                continue
            doc = docs[r["doc_id"]] = IpeDoc(r["doc_id"], dates.get(r["doc_id"]) or "2002-03-01")
        doc.sentences.append(IpeSentence(r["doc_id"], r["sent_id"], r["sent_text"], set(r.get("sent_labels") or ())))
    texts = {r["doc_id"]: r.get("doc_text") for r in _jsonl_gz(dataset_file(root, folder, "docs_dev.jsonl.gz"))
             if r["doc_id"] in docs}
    for doc in docs.values():
        doc.sentences.sort(key=lambda s: s.sent_id)
        doc.locate(texts.get(doc.doc_id))
    return list(docs.values())


def split_key(doc: IpeDoc) -> str:
    """Return the document's tune/check split key: its document id."""
    return str(doc.doc_id)


def is_police(event: Event) -> bool:
    """Return True when one of the event's actors is police (the packaged police sector)."""
    sector = rules().police_sector
    return any((a.sector or "").upper() == sector for a in event.actors)


def predicted(events: list[Event]) -> set[str]:
    """Return the classes (POLICE, ARREST, FORCE, KILL) our events assign to one sentence."""
    out: set[str] = set()
    arrest_modes = rules().arrest_modes
    for e in events:
        if e.negated or e.hypothetical:
            continue  # gold marks police actions that happened
        arrest = e.type == "COERCE" and (e.mode or "").lower() in arrest_modes
        police = is_police(e)
        if arrest:
            out |= {"POLICE", "ARREST"}
        if police and e.type in ("ASSAULT", "COERCE"):
            out.add("POLICE")
            if not arrest:
                out.add("FORCE")
            if e.type == "ASSAULT":
                out.add("KILL")
    return out


def _offset(event: Event) -> int:
    if event.trigger is not None and event.trigger.start >= 0:
        return event.trigger.start
    if event.evidence is not None and event.evidence.start >= 0:
        return event.evidence.start
    return -1


def _skipped(article: Article, s: IpeSentence) -> bool:
    """Return True when every article sentence over gold sentence ``s`` was left unparsed by the filter."""
    over = [x for x in article.sentences if x.start < s.end and x.end > s.start]
    return bool(over) and not any(x.candidate for x in over)


def score(docs: list[IpeDoc], articles: list[Article], mistakes: bool = False) -> Report:
    """Return the india_police_events report of ``docs`` coded as ``articles`` (see the module docstring)."""
    per_sentence: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for art, d in zip(articles, docs, strict=True):
        for e in art.events:
            off = _offset(e)
            for s in d.sentences:
                if s.start <= off < s.end:
                    per_sentence[(s.doc_id, s.sent_id)].append(e)
                    break
    scores = {c: PRF() for c in SCORED}
    kill = PRF()
    gold_any, pred_any = [], []
    n = positives = dropped = 0
    wrong: list[list[Any]] = []
    for d, art in zip(docs, articles, strict=True):
        for s in d.sentences:
            n += 1
            ours = predicted(per_sentence.get((s.doc_id, s.sent_id), []))
            gold_classes = rules().gold(s.labels)
            for c, prf in scores.items():
                prf.tp += c in gold_classes and c in ours
                prf.fp += c not in gold_classes and c in ours
                prf.fn += c in gold_classes and c not in ours
            if "KILL" in s.labels:
                kill.tp += "KILL" in ours
                kill.fn += "KILL" not in ours
            if gold_classes:
                positives += 1
                dropped += _skipped(art, s)
            gold_any.append("POLICE" if gold_classes else "NONE")
            pred_any.append("POLICE" if "POLICE" in ours else "NONE")
            if mistakes and gold_classes != (ours & set(SCORED)):
                events = per_sentence.get((s.doc_id, s.sent_id), [])
                wrong.append([d.id, s.sent_id, " ".join(sorted(gold_classes)) or "-",
                              " ".join(sorted(ours & set(SCORED))) or "-",
                              ", ".join(f"{e.type}/{e.mode or '-'}" for e in events) or "-", s.text])
    report = Report("india_police_events", items=n, errors=failed(articles))
    report.headline = {
        "police_f1": scores["POLICE"].f1,
        "police_precision": scores["POLICE"].precision,
        "police_recall": scores["POLICE"].recall,
        "arrest_f1": scores["ARREST"].f1,
        "force_f1": scores["FORCE"].f1,
        "filter_dropped": dropped / positives if positives else 0.0,
    }
    classes = {**scores, "KILL (recall only)": kill}
    macro = sum(p.f1 for p in scores.values()) / len(scores)
    report.add_prf(f"sentence-level police actions (macro F1 over POLICE/ARREST/FORCE {macro:.3f})", classes)
    report.add_classification("any police action (KILL/ARREST/FORCE) vs none", classify(gold_any, pred_any))
    kept = sum(x.candidate for a in articles for x in a.sentences)
    total = sum(len(a.sentences) for a in articles)
    report.notes += [
        f"{len(docs)} documents, {n} sentences; each document coded as one article dated from metadata_dev",
        "ours = ASSAULT/COERCE with a POL actor, or COERCE mode arrest/detain; gold KILL counts as FORCE",
        f"filter_dropped: gold police-action sentences the candidate filter skipped ({dropped} of {positives}); "
        f"it kept {kept} of {total} article sentences",
    ]
    if mistakes:
        report.mistakes = Table(f"mistakes ({len(wrong)}): sentences whose classes differ from the gold ones",
                                ["doc", "sentence", "gold", "ours", "events in it", "text"], wrong)
    return report


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None, *, half: str | None = None,
             errors: bool = False, settings: Settings | None = None) -> Report:
    """Return the india_police_events report: sentence-level P/R/F1 of police actions."""
    docs = split.select(load(root, limit), split_key, half)
    t0 = time.perf_counter()
    articles = run_pipeline((Article(text=d.text, date=d.date, id=d.id, source="india_police_events") for d in docs),
                            pipeline, settings)
    return scored(score, docs, articles, split_key, limit=limit, seconds=time.perf_counter() - t0,
                  half=half, errors=errors)
