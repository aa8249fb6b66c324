"""Helpers for the model tests that code one sentence through the real pipeline and read its events."""

from __future__ import annotations

from communique.core.article import Article

DATE = "2024-03-04"


def ranked_events(pipeline, text: str, date: str = DATE) -> list:
    """Return the events ``pipeline`` codes in ``text``, the most confident first."""
    art = pipeline(Article(text=text, date=date))
    return sorted(art.events, key=lambda e: -e.confidence)


def top_event(pipeline, text: str):
    """Return the most confident event of ``text``; fail when it codes none."""
    events = ranked_events(pipeline, text)
    assert events, f"no event in {text!r}"
    return events[0]


def assert_codes(pipeline, text: str, type_: str, mode: str | None) -> None:
    """Assert that the most confident event of ``text`` has ``type_`` (and ``mode`` unless None)."""
    events = ranked_events(pipeline, text)
    assert events, f"no event in {text!r}"
    top = events[0]
    assert top.type == type_, (text, [(e.type, e.mode, e.confidence) for e in events])
    if mode is not None:
        assert top.mode == mode, (text, top.mode)


def read_suite(path) -> list[list[str]]:
    """Return the rows of a construction suite TSV (construction, type, source ISO3, target ISO3, text)."""
    from pathlib import Path

    rows = [line.rstrip("\n").split("\t") for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert all(len(r) == 5 for r in rows), [r for r in rows if len(r) != 5]
    return rows


def _countries(parts) -> set[str]:
    from communique.services.eval.common import iso3

    return {c for p in parts if (c := iso3(p.country))}


def score_suite(pipeline, rows: list[list[str]], date: str) -> list[dict]:
    """Return one record per suite row: its half, construction, type and text, and the four measures
    (the aligned event's type, its source and target country, the triple in any one event)."""
    from communique.services.eval.common import aligned_event
    from communique.services.eval.split import half_of

    out = []
    for construction, type_, source, target, text in rows:
        events = pipeline(Article(text=text, date=date)).events
        ev = aligned_event(events, [type_])
        out.append({
            "half": half_of(text), "construction": construction, "type_": type_, "text": text,
            "type": ev is not None and ev.type == type_,
            "source": ev is not None and source in _countries(ev.actors),
            "target": ev is not None and target in _countries(ev.recipients),
            "triple": any(e.type == type_ and source in _countries(e.actors) and target in _countries(e.recipients)
                          for e in events),
        })
    return out
