"""PLOVER contexts: document-level multi-label tagging from the ontology's cue lexicon."""

from __future__ import annotations

from collections import Counter

from communique.stages.events.ontology import Ontology, load_ontology


def count_contexts(text: str, ontology: Ontology | None = None) -> Counter[str]:
    """Return cue-hit counts per context in ``text``."""
    onto = ontology or load_ontology()
    pats, literals = onto.context_patterns(), onto.context_literals()
    # Most contexts have no cue in a text, and a regex scan per context costs ~1 ms a story. In
    # ASCII text (with ASCII cues) a case-insensitive match holds its cue's literal in the
    # lower-cased text, so a context none of whose literals occurs there has no hit: skip its scan.
    low = text.lower() if text.isascii() else None
    return Counter({
        name: n for name, pat in pats.items()
        if (low is None or (lits := literals[name]) is None or any(lit in low for lit in lits))
        and (n := len(pat.findall(text)))
    })


def document_contexts(text: str, ontology: Ontology | None = None, min_hits: int = 2, top: int = 4) -> list[str]:
    """Return the contexts of a document: those with ``min_hits`` cue hits (at most ``top``),
    or the single best one when none reaches it; most frequent first."""
    counts = count_contexts(text, ontology)
    strong = [c for c, n in counts.most_common() if n >= min_hits][:top]
    if strong:
        return strong
    best = counts.most_common(1)
    return [best[0][0]] if best else []


def event_contexts(sentence: str, doc_contexts: list[str], ontology: Ontology | None = None) -> list[str]:
    """Return an event's contexts: the document's contexts cued in its sentence, then the
    sentence's own cues, else the document's contexts."""
    here = count_contexts(sentence, ontology)
    if not here:
        return list(doc_contexts)
    ordered = [c for c in doc_contexts if c in here] + [c for c, _ in here.most_common() if c not in doc_contexts]
    return ordered
