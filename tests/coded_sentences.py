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
