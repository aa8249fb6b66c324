"""Measure event coding on the dev sets in ../shared/data (read at run time, never copied).

    python -m communique.stages.events.measure plover_gsr conflibert case2021 india [--limit N]
    python -m communique.stages.events.measure recall        # candidate-filter recall cost, no model

Prints accuracy / F1 figures and a reliability table (confidence bin -> observed precision of
the top event). The official harness lives in communique.services.eval; this is the events engineer's
quick loop.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from communique.core.article import Article, Event
from communique.stages.events.ontology import load_yaml

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def top_event(events: list[Event], min_conf: float = 0.0) -> Event | None:
    """Return the event a sentence-level label should be compared with: the most confident
    one, preferring events that are not negated or hypothetical."""
    live = [e for e in events if e.confidence >= min_conf and not e.negated]
    if not live:
        return None
    return max(live, key=lambda e: e.confidence - 0.25 * e.hypothetical - 0.1 * (e.future and e.type != "AGREE"))


SCOPE: str | None = None


def pipeline() -> Any:
    from communique.core.config import load_settings
    from communique.runtime.pipeline import Pipeline

    settings = load_settings()
    if SCOPE:
        settings = settings.with_overrides({"events": {"classifier_scope": SCOPE}})
    return Pipeline.from_settings(settings, stages=["nlp", "actors", "events"])


def code(texts: list[str], dates: list[str | None] | None = None) -> list[Article]:
    pl = pipeline()
    dates = dates or [None] * len(texts)
    arts = [Article(text=t, date=d) for t, d in zip(texts, dates, strict=True)]
    out = list(pl.pipe(arts))
    for a in out:
        if a.errors:
            print(f"error on {a.id}: {a.errors}", file=sys.stderr)
    return out


def reliability(pairs: list[tuple[float, bool]], edges: tuple[float, ...] = (0, .3, .4, .5, .6, .7, .8, .9, 1.01)) -> str:
    lines = ["confidence   n   precision"]
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        got = [ok for c, ok in pairs if lo <= c < hi]
        if got:
            lines.append(f"[{lo:.1f},{min(hi, 1):.1f})  {len(got):4d}   {sum(got) / len(got):.3f}")
    return "\n".join(lines)


def plover_gsr(limit: int | None, pairs: list) -> dict[str, float]:
    maps = load_yaml("dev_mappings.yaml")["plover_gsr"]
    recs = json.loads((DATA / "plover_gsr" / "plover_gsr_dev.json").read_text())[:limit]
    arts = code([r["text"] for r in recs], [r.get("date") for r in recs])
    ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for r, a in zip(recs, arts, strict=True):
        gold = maps.get(r["event"], r["event"])
        ev = top_event(a.events)
        pred = ev.type if ev else "NONE"
        ok += pred == gold
        if ev:
            pairs.append((ev.confidence, pred == gold))
        if pred != gold:
            confusion[(gold, pred)] += 1
    print("plover_gsr confusions (gold, predicted):", confusion.most_common(12))
    return {"plover_gsr_type_accuracy": ok / len(recs), "n": len(recs)}


def conflibert(limit: int | None, pairs: list) -> dict[str, float]:
    from sklearn.metrics import f1_score

    quad = load_yaml("dev_mappings.yaml")["conflibert_quad"]
    rows = list(csv.reader((DATA / "conflibert_cameo" / "cameo_class" / "train.tsv").open(), delimiter="\t"))
    rows = [r for r in rows if len(r) == 2]
    if limit:
        rows = random.Random(0).sample(rows, min(limit, len(rows)))
    arts = code([r[0] for r in rows])
    gold, pred = [], []
    for r, a in zip(rows, arts, strict=True):
        ev = top_event(a.events)
        p = quad[ev.quad_class] if ev else 0
        gold.append(int(r[1]))
        pred.append(p)
        if ev:
            pairs.append((ev.confidence, p == int(r[1])))
    f1 = f1_score(gold, pred, average="macro")
    per = f1_score(gold, pred, average=None)
    print("conflibert per-class F1 (0..4):", [round(x, 3) for x in per])
    return {"conflibert_5way_macro_f1": f1, "n": len(rows)}


def case2021(limit: int | None, pairs: list) -> dict[str, float]:
    maps = load_yaml("dev_mappings.yaml")["case2021_task2"]
    rows = list(csv.reader((DATA / "case2021_task2" / "case2021_task2_dev.tsv").open(), delimiter="\t"))[1:]
    if limit:
        rows = random.Random(0).sample(rows, min(limit, len(rows)))
    arts = code([r[1] for r in rows])
    ok = n = fp = nd = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for r, a in zip(rows, arts, strict=True):
        want = maps.get(r[2])
        ev = top_event(a.events)
        if want == "disaster":
            nd += 1
            fp += ev is not None
            if ev:
                pairs.append((ev.confidence, False))
            continue
        if want is None:
            continue
        n += 1
        good = ev is not None and ev.type in want
        ok += good
        if ev:
            pairs.append((ev.confidence, good))
        if not good:
            confusion[(r[2], ev.type if ev else "NONE")] += 1
    print("case2021 misses (label, predicted):", confusion.most_common(12))
    return {"case2021_mapped_type_accuracy": ok / max(n, 1), "disaster_false_positive_rate": fp / max(nd, 1),
            "n": n, "n_disaster": nd}


def india_sentences(limit: int | None) -> list[dict[str, Any]]:
    with gzip.open(DATA / "india_police_events" / "sents_dev.jsonl.gz", "rt") as fh:
        rows = [json.loads(line) for line in fh]
    return rows[:limit] if limit else rows


def is_police_event(ev: Event, terms: set[str]) -> bool:
    """An arrest by anyone, or force (ASSAULT/COERCE) by a police or security actor."""
    if ev.type not in ("ASSAULT", "COERCE") or ev.negated or ev.hypothetical:
        return False
    if ev.type == "COERCE" and ev.mode == "arrest":
        return True
    for a in ev.actors:
        words = set(a.text.lower().split())
        if a.sector == "POL" or words & terms:
            return True
    return False


def india(limit: int | None, pairs: list) -> dict[str, float]:
    cfg = load_yaml("dev_mappings.yaml")["india_police"]
    pos, terms = set(cfg["positive_labels"]), set(cfg["police_terms"])
    rows = india_sentences(limit)
    arts = code([r["sent_text"] for r in rows], ["2002-03-15"] * len(rows))
    tp = fp = fn = 0
    for r, a in zip(rows, arts, strict=True):
        gold = bool(set(r["sent_labels"]) & pos)
        pred = any(is_police_event(e, terms) for e in a.events)
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    p = tp / max(tp + fp, 1)
    rcl = tp / max(tp + fn, 1)
    return {"india_precision": p, "india_recall": rcl, "india_f1": 2 * p * rcl / max(p + rcl, 1e-9),
            "n": len(rows), "gold_positive": tp + fn}


def recall_cost() -> dict[str, float]:
    """Share of gold-event sentences that the candidate filter drops, per dev set."""
    from communique.stages.events.candidates import CandidateFilter
    from communique.stages.nlp.model import load_splitter
    from communique.stages.nlp.stage import split_sentences

    f = CandidateFilter()
    split = load_splitter()

    def kept(text: str) -> bool:
        return any(f(s.text) for s in split_sentences(split, text))

    out: dict[str, float] = {}
    recs = json.loads((DATA / "plover_gsr" / "plover_gsr_dev.json").read_text())
    out["plover_gsr_dropped"] = sum(not kept(r["text"]) for r in recs) / len(recs)
    rows = [r for r in csv.reader((DATA / "conflibert_cameo" / "cameo_class" / "train.tsv").open(), delimiter="\t")
            if len(r) == 2]
    ev = [r for r in rows if r[1] != "0"]
    out["conflibert_event_dropped"] = sum(not kept(r[0]) for r in ev) / len(ev)
    none = [r for r in rows if r[1] == "0"]
    out["conflibert_none_kept"] = sum(kept(r[0]) for r in none) / len(none)
    maps = load_yaml("dev_mappings.yaml")["case2021_task2"]
    crow = list(csv.reader((DATA / "case2021_task2" / "case2021_task2_dev.tsv").open(), delimiter="\t"))[1:]
    evc = [r for r in crow if maps.get(r[2]) not in (None, "disaster")]
    out["case2021_event_dropped"] = sum(not kept(r[1]) for r in evc) / len(evc)
    pos = set(load_yaml("dev_mappings.yaml")["india_police"]["positive_labels"])
    irows = india_sentences(None)
    ipos = [r for r in irows if set(r["sent_labels"]) & pos]
    out["india_positive_dropped"] = sum(not f(r["sent_text"]) for r in ipos) / len(ipos)
    out["india_all_kept"] = sum(f(r["sent_text"]) for r in irows) / len(irows)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Measure event coding on ../shared/data dev sets.")
    ap.add_argument("sets", nargs="+", choices=["plover_gsr", "conflibert", "case2021", "india", "recall"])
    ap.add_argument("--limit", type=int, default=None, help="records per set (sampled with seed 0)")
    ap.add_argument("--scope", choices=["all", "ambiguous", "off"], help="override [events] classifier_scope")
    args = ap.parse_args(argv)
    global SCOPE
    SCOPE = args.scope
    if not DATA.exists():
        print(f"{DATA} is absent: nothing to measure.", file=sys.stderr)
        return 2
    pairs: list[tuple[float, bool]] = []
    funcs = {"plover_gsr": plover_gsr, "conflibert": conflibert, "case2021": case2021, "india": india}
    for name in args.sets:
        res = recall_cost() if name == "recall" else funcs[name](args.limit, pairs)
        print(name, {k: round(v, 3) if isinstance(v, float) else v for k, v in res.items()})
    if pairs:
        print("reliability of the top event (all sets above):")
        print(reliability(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
