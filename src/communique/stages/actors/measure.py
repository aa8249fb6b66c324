"""Measure actor resolution against PLOVER gold-standard records (``plover_gsr_dev.json``).

For each gold source/target actor whose code is a country, find the resolved actor whose span
best overlaps the gold ``actorText`` in the sentence and compare countries; where the gold also
has a sector, compare sectors. Reported:

- ``source_country_accuracy``: gold source actors resolved to the right country;
- ``participant_country_recall``: the same over sources and targets;
- ``sector_accuracy``: gold actors with a sector whose resolved sector matches.

CAMEO-style codes are mapped to ISO3 (JAP -> JPN, ITL -> ITA, ...); IGO, NGO and IMG are not
countries and are skipped; gold sectors are compared on their first three letters, with CAMEO's
COP (police) read as POL and JRN (journalists) as MED.

Run: ``python -m communique.stages.actors.measure [PATH] [--show-errors]``; and
``python -m communique.stages.actors.measure cameo [LIMIT]`` for actor-span coverage on conflibert_cameo.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from communique.core.article import Actor, Article
from communique.stages.actors.stage import ActorStage, actors_in

CAMEO_TO_ISO3 = {"JAP": "JPN", "ITL": "ITA", "UKG": "GBR", "GMY": "DEU", "ROM": "ROU", "SAF": "ZAF",
                 "YUG": "SRB", "KOS": "XKX", "PAL": "PSE", "SUD": "SDN"}
NOT_COUNTRIES = {"IGO", "NGO", "IMG", "MNC", "UIS", "INT", ""}
SECTOR_MAP = {"COP": "POL", "JRN": "MED", "CIV": "CVL"}

DEFAULT_PATH = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "plover_gsr" / "plover_gsr_dev.json"


def _gold(record: dict[str, Any], role: str) -> list[dict[str, Any]]:
    v = record.get(role)
    return [a for a in v if isinstance(a, dict)] if isinstance(v, list) else []


def _span(text: str, actor_text: str) -> tuple[int, int] | None:
    """Locate the gold actor text in the sentence (gold texts may elide words with '...')."""
    parts = [p.strip() for p in actor_text.replace("  ", " ").split("...") if p.strip()]
    if not parts:
        return None
    start = text.find(parts[0])
    if start < 0:
        low = text.lower()
        start = low.find(parts[0].lower())
        if start < 0:
            return None
    end = start + len(parts[0])
    for p in parts[1:]:
        k = text.find(p, end)
        if k >= 0:
            end = k + len(p)
    return start, end


def _country(code: str | None) -> str | None:
    code = (code or "").strip().upper()
    if code in NOT_COUNTRIES:
        return None
    return CAMEO_TO_ISO3.get(code, code)


def _sector(sector: str | None) -> str | None:
    s = (sector or "").strip().upper()[:3]
    if not s or s == "***":
        return None
    return SECTOR_MAP.get(s, s)


def _best(article: Article, start: int, end: int, country: str | None) -> Actor | None:
    hits = actors_in(article, start, end)
    expanded: list[Actor] = []
    for a in hits:
        expanded.extend([a, *a.members])
    if country is not None:
        for a in hits:
            if a.country == country:
                return a
    return hits[0] if hits else None


def measure(records: list[dict[str, Any]], stage: ActorStage | None = None, nlp_stage: Any = None,
            show_errors: bool = False) -> dict[str, Any]:
    """Return the accuracy figures over ``records`` (see the module docstring)."""
    from communique.stages.nlp.stage import NlpStage

    stage = stage or ActorStage()
    nlp_stage = nlp_stage or NlpStage(use_filter=False)
    arts = [Article(text=r["text"], date=None, id=r.get("id", "")) for r in records]
    arts = list(nlp_stage.pipe(arts))
    counts = {"source": [0, 0], "target": [0, 0], "sector": [0, 0]}
    errors: list[str] = []
    for rec, art in zip(records, arts, strict=True):
        stage(art)
        for role in ("source", "target"):
            for g in _gold(rec, role):
                country = _country(g.get("code"))
                if country is None:
                    continue
                span = _span(art.text, g.get("actorText", ""))
                if span is None:
                    continue
                a = _best(art, span[0], span[1], country)
                ok = a is not None and a.country == country
                counts[role][0] += ok
                counts[role][1] += 1
                gs = _sector(g.get("sector"))
                sok = None
                if gs is not None:
                    sok = a is not None and a.sector == gs
                    counts["sector"][0] += sok
                    counts["sector"][1] += 1
                if show_errors and (not ok or sok is False):
                    got = f"{a.text!r} {a.country}/{a.sector} ({a.how})" if a else "nothing"
                    errors.append(f"{role}: gold {g.get('actorText')!r} {country}/{gs} -> {got} | {art.text[:140]}")

    def rate(c: list[int]) -> float:
        return round(c[0] / c[1], 4) if c[1] else 0.0

    both = [counts["source"][0] + counts["target"][0], counts["source"][1] + counts["target"][1]]
    out: dict[str, Any] = {
        "records": len(records),
        "source_country_accuracy": rate(counts["source"]),
        "source_n": counts["source"][1],
        "participant_country_recall": rate(both),
        "participant_n": both[1],
        "sector_accuracy": rate(counts["sector"]),
        "sector_n": counts["sector"][1],
    }
    if show_errors:
        out["errors"] = errors
    return out


CAMEO_NER_PATH = DEFAULT_PATH.parents[1] / "conflibert_cameo" / "cameo_ner" / "train.txt"
_NO_SPACE_BEFORE = {",", ".", "'s", "’s", ":", ";", "?", "!", ")", "'", "n't", "%"}


def read_cameo_ner(path: Path = CAMEO_NER_PATH) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Return (sentence text, gold actor spans with role S/T/R) from CoNLL ``token TAG`` blocks."""
    out: list[tuple[str, list[tuple[int, int, str]]]] = []
    toks: list[tuple[str, str]] = []

    def flush() -> None:
        text = ""
        spans: list[tuple[int, int, str]] = []
        cur: list[Any] | None = None
        for tok, tag in toks:
            if text and tok not in _NO_SPACE_BEFORE and not text.endswith("("):
                text += " "
            start = len(text)
            text += tok
            if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != tag[2:])):
                if cur is not None:
                    spans.append(tuple(cur))  # type: ignore[arg-type]
                cur = [start, len(text), tag[2:]]
            elif tag.startswith("I-") and cur is not None:
                cur[1] = len(text)
            else:
                if cur is not None:
                    spans.append(tuple(cur))  # type: ignore[arg-type]
                cur = None
        if cur is not None:
            spans.append(tuple(cur))  # type: ignore[arg-type]
        if text:
            out.append((text, spans))

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            toks = []
            continue
        tok, _, tag = line.rpartition(" ")
        toks.append((tok, tag))
    flush()
    return out


def measure_cameo_spans(items: list[tuple[str, list[tuple[int, int, str]]]], stage: ActorStage | None = None,
                        nlp_stage: Any = None) -> dict[str, Any]:
    """Return how well actor spans cover conflibert_cameo's gold source/target spans.

    ``span_recall``: gold spans overlapped by some resolved actor; ``span_precision``: resolved
    actors (places excluded) that overlap a gold span (the gold marks only event participants,
    so this is a lower bound); ``country_rate``: covered gold spans whose actor has a country.
    """
    from communique.stages.nlp.stage import NlpStage

    stage = stage or ActorStage()
    nlp_stage = nlp_stage or NlpStage(use_filter=False)
    arts = list(nlp_stage.pipe([Article(text=t, date=None) for t, _ in items]))
    gold_n = found = with_country = pred_n = pred_ok = 0
    for (_, spans), art in zip(items, arts, strict=True):
        stage(art)
        for s, e, _role in spans:
            gold_n += 1
            hits = actors_in(art, s, e)
            if hits:
                found += 1
                with_country += any(a.country or a.members for a in hits)
        for a in art.actors:
            if a.how == "place":
                continue
            pred_n += 1
            pred_ok += any(a.start < e and a.end > s for s, e, _ in spans)
    return {
        "sentences": len(items),
        "gold_spans": gold_n,
        "span_recall": round(found / gold_n, 4) if gold_n else 0.0,
        "span_precision": round(pred_ok / pred_n, 4) if pred_n else 0.0,
        "country_rate": round(with_country / found, 4) if found else 0.0,
    }


def load_records(path: Path = DEFAULT_PATH) -> list[dict[str, Any]]:
    """Return the PLOVER GSR records (a JSON list)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    show = "--show-errors" in args
    args = [a for a in args if a != "--show-errors"]
    if args and args[0] == "cameo":
        limit = int(args[1]) if len(args) > 1 else 400
        if not CAMEO_NER_PATH.exists():
            print(f"No data at {CAMEO_NER_PATH}.", file=sys.stderr)
            return 2
        print(json.dumps(measure_cameo_spans(read_cameo_ner()[:limit]), indent=2))
        return 0
    path = Path(args[0]) if args else DEFAULT_PATH
    if not path.exists():
        print(f"No data at {path}: pass the path to plover_gsr_dev.json.", file=sys.stderr)
        return 2
    res = measure(load_records(path), show_errors=show)
    for e in res.pop("errors", []):
        print(e)
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
