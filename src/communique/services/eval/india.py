"""india_police_events: police KILL / ARREST / FORCE per sentence in lower-cased Times of India text.

Each document is coded as one Article: its text from docs_dev, each gold sentence located in it
in order (so event evidence offsets map back to the sentences, and the pipeline sees the whole
document for in-document linking); where a sentence cannot be located, the document text is its
sentences joined by spaces instead. The date comes from metadata_dev.

Ours, per sentence, from the events whose evidence lies in it:
- POLICE (headline): any event that is ASSAULT or COERCE with a police actor (sector POL), or
  COERCE with mode arrest/detain; gold: the sentence has KILL, ARREST or FORCE;
- ARREST: a COERCE with mode arrest/detain; gold ARREST;
- FORCE: an ASSAULT, or a COERCE not an arrest, with a police actor; gold FORCE (which includes
  every KILL sentence);
- negated and hypothetical events are left out (the gold marks actions that happened);
- KILL: recall only (gold KILL sentences where we coded a police ASSAULT), as our modes do not
  separate killing from other force.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.core.article import Article, Event
from communique.runtime.pipeline import Pipeline
from communique.services.eval.common import dataset_file, run_pipeline
from communique.services.eval.metrics import PRF, classify
from communique.services.eval.report import Report

ARREST_MODES = {"arrest", "detain"}
GOLD_CLASSES = ("KILL", "ARREST", "FORCE")


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


def is_police(event: Event) -> bool:
    return any((a.sector or "").upper() == "POL" for a in event.actors)


def predicted(events: list[Event]) -> set[str]:
    """Return the classes (POLICE, ARREST, FORCE, KILL) our events assign to one sentence."""
    out: set[str] = set()
    for e in events:
        if e.negated or e.hypothetical:
            continue  # gold marks police actions that happened
        arrest = e.type == "COERCE" and (e.mode or "").lower() in ARREST_MODES
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


def evaluate(root: Path, limit: int | None = None, pipeline: Pipeline | None = None) -> Report:
    """Return the india_police_events report: sentence-level P/R/F1 of police actions."""
    docs = load(root, limit)
    jobs: list[tuple[Article, list[IpeSentence]]] = []
    for d in docs:
        jobs.append((Article(text=d.text, date=d.date, id=f"ipe-{d.doc_id}", source="india_police_events"),
                     d.sentences))
    t0 = time.perf_counter()
    articles = run_pipeline((a for a, _ in jobs), pipeline)
    seconds = time.perf_counter() - t0
    per_sentence: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for art, (_, sents) in zip(articles, jobs, strict=True):
        for e in art.events:
            off = _offset(e)
            for s in sents:
                if s.start <= off < s.end:
                    per_sentence[(s.doc_id, s.sent_id)].append(e)
                    break
    scores = {c: PRF() for c in ("POLICE", "ARREST", "FORCE")}
    kill = PRF()
    gold_any, pred_any = [], []
    n = 0
    for d in docs:
        for s in d.sentences:
            n += 1
            ours = predicted(per_sentence.get((s.doc_id, s.sent_id), []))
            gold = set(s.labels) & set(GOLD_CLASSES)
            gold_classes = {"POLICE"} if gold else set()
            if "ARREST" in gold:
                gold_classes.add("ARREST")
            if "FORCE" in gold or "KILL" in gold:
                gold_classes.add("FORCE")
            for c, prf in scores.items():
                prf.tp += c in gold_classes and c in ours
                prf.fp += c not in gold_classes and c in ours
                prf.fn += c in gold_classes and c not in ours
            if "KILL" in gold:
                kill.tp += "KILL" in ours
                kill.fn += "KILL" not in ours
            gold_any.append("POLICE" if gold else "NONE")
            pred_any.append("POLICE" if "POLICE" in ours else "NONE")
    report = Report("india_police_events", items=n, limit=limit, seconds=seconds,
                    errors=sum(a.failed for a in articles))
    report.headline = {
        "police_f1": scores["POLICE"].f1,
        "police_precision": scores["POLICE"].precision,
        "police_recall": scores["POLICE"].recall,
        "arrest_f1": scores["ARREST"].f1,
        "force_f1": scores["FORCE"].f1,
    }
    classes = {**scores, "KILL (recall only)": kill}
    macro = sum(p.f1 for p in scores.values()) / len(scores)
    report.add_prf(f"sentence-level police actions (macro F1 over POLICE/ARREST/FORCE {macro:.3f})", classes)
    report.add_classification("any police action (KILL/ARREST/FORCE) vs none", classify(gold_any, pred_any))
    report.notes += [
        f"{len(docs)} documents, {n} sentences; each document coded as one article dated from metadata_dev",
        "ours = ASSAULT/COERCE with a POL actor, or COERCE mode arrest/detain; gold KILL counts as FORCE",
    ]
    return report
