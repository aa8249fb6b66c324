"""conflibert_cameo's role-span errors on one half (the tune half by default, never the check half).

``communique eval conflibert_cameo --errors`` lists the sentences whose quad class is wrong; this
view lists the sentences whose top event's actors or recipients miss a gold source or target span
(or name one the gold does not mark), so that role rules are tuned on constructions, not on class
labels. Run it as ``python -m communique.services.eval.cameo_spans [--limit N]``: it codes the
tune half only. The check half is the estimate for unseen data and is not listed (the project's
measuring rules); asking for it is a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from communique.core.article import Article
from communique.core.errors import UsageError
from communique.services.eval import split
from communique.services.eval.cameo import CameoItem, load, locate, split_key
from communique.services.eval.common import run_pipeline, top_event
from communique.services.eval.metrics import span_prf


def overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Return True when ``span`` overlaps one of ``others``."""
    return any(s < span[1] and span[0] < e for s, e in others)


def texts(text: str, spans: list[tuple[int, int]], covered: list[tuple[int, int]] | None = None) -> str:
    """Return the texts of ``spans`` joined by " | " ("-" for none); with ``covered`` (the resolved
    actors' spans), a span none of them overlaps is marked "*": the actors stage missed it."""
    return " | ".join(("" if covered is None or overlaps((s, e), covered) else "*") + text[s:e]
                      for s, e in spans) or "-"


def span_rows(items: list[CameoItem], articles: list[Article]) -> list[list[str]]:
    """Return one row per sentence whose top event's role spans differ from the gold spans:
    line, what went wrong ("S miss", "T miss", "S extra", "T extra"), the event, gold (a span no
    resolved actor of the sentence overlaps marked "*") and ours."""
    rows: list[list[str]] = []
    for it, art in zip(items, articles, strict=True):
        if it.spans is None:
            continue
        top = top_event(art.events)
        src = [s for a in (top.actors if top else []) if (s := locate(a, art.text))]
        tar = [s for a in (top.recipients if top else []) if (s := locate(a, art.text))]
        kinds = []
        for role, ours in (("S", src), ("T", tar)):
            if span_prf(it.spans[role], ours).fn:
                kinds.append(f"{role} miss")
            if any(not overlaps(s, it.spans[role] + it.spans["R"]) for s in ours):
                kinds.append(f"{role} extra")
        if it.spans["R"] and span_prf(it.spans["R"], src + tar).fn:
            kinds.append("R miss")
        if not kinds:
            continue

        covered = [(a.start, a.end) for a in art.actors]
        event = f"{top.type} {top.confidence:.2f} [{top.trigger.text if top.trigger else ''}]" if top else "-"
        gold = "  ".join(f"{role}: {texts(it.text, it.spans[role], covered)}" for role in ("S", "T", "R"))
        rows.append([str(it.index), ", ".join(kinds), event, gold,
                     f"S: {texts(it.text, src)}  T: {texts(it.text, tar)}", it.text])
    return rows


def run(root: Path, half: str = split.TUNE, limit: int | None = None) -> list[list[str]]:
    """Code ``half`` of conflibert_cameo and return its span-error rows (``span_rows``)."""
    if half != split.TUNE:
        raise UsageError("the span-errors view lists the tune half only: the check half is not looked at")
    items = [it for it in split.select(load(root, limit), split_key, half) if it.spans is not None]
    articles = run_pipeline((Article(text=it.text, date="2000-01-01", id=f"cameo-{it.index}",
                                     source="conflibert_cameo") for it in items), None, None)
    return span_rows(items, articles)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--half", default=split.TUNE)
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    try:
        rows = run(args.data, args.half, args.limit)
    except UsageError as e:
        print(e, file=sys.stderr)
        return 2
    for row in rows:
        print("\t".join(row))
    print(f"{len(rows)} sentences with role-span errors ({args.half} half)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
