"""The date stage: each event's date, date_text, date_granularity and historical flag.

Cascade, per event:
1. find the temporal expressions of the event's sentence (``when.expressions``);
2. keep the one closest to the event's trigger among those of its own act (``when.nearest``,
   ``when.scope``); an act "two weeks after" another is dated from the main clause's date;
3. resolve it against the article date (``when.resolve``), using the tense of the trigger's
   clause (``when.tense``; the events stage's ``future`` flag wins) for expressions that could
   point either way ("on Monday", "August 27");
4. set ``date``, ``date_text`` (the expression as written), ``date_granularity``, and
   ``historical`` when the resolved period started long before the report.

Decided here:
- No expression: the article date is used as it is, granularity "article". An article
  without a date leaves its events undated (all three fields None).
- Historical: the resolved period started more than ``HISTORICAL_DAYS`` (365) days before the
  report, e.g. "in 2020" in a 2024 report, or "last year" in any report. This only ever sets
  ``event.historical``; it never clears a flag set by the events stage.
"""

from __future__ import annotations

from datetime import date

from communique.core.article import Article, Event, Sentence
from communique.core.config import Settings
from communique.core.errors import at_sentence
from communique.core.parse import tokens_over
from communique.stages.when.expressions import DateExpr, clean_text, find_expressions
from communique.stages.when.nearest import choose
from communique.stages.when.resolve import resolve, shift
from communique.stages.when.scope import Gap, relative_gap
from communique.stages.when.tense import is_future

HISTORICAL_DAYS = 365


def date_event(event: Event, article: Article, ref: date) -> None:
    """Set the event's date fields from the temporal expression nearest its trigger."""
    sentence = article.sentence_of(event)
    trig = event.trigger
    trigger = (trig.start, trig.end) if trig else None
    if sentence is not None:
        text, offset = sentence.text, sentence.start
    elif event.evidence is not None:
        text, offset = event.evidence.sentence, event.evidence.start
    else:
        text, offset = "", 0
    exprs = find_expressions(text, offset)
    future = True if event.future else is_future(sentence, trigger, text)
    chosen = choose(exprs, sentence, trigger)
    if chosen is not None:
        future = _tense_of_expression(sentence, trigger, chosen, text, future)
    res = resolve(chosen, ref, future) if chosen is not None else None
    if chosen is None or res is None:
        gap = _gap(sentence, trigger)
        if gap is not None:
            _date_by_gap(event, gap, exprs, sentence, text, ref)
            return
        event.date, event.date_text, event.date_granularity = ref.isoformat(), None, "article"
        return
    event.date, event.date_text, event.date_granularity = res.iso, clean_text(chosen), res.granularity
    if (ref - res.date).days > HISTORICAL_DAYS:
        event.historical = True


def _tense_of_expression(sentence: Sentence | None, trigger: tuple[int, int] | None, expr: DateExpr, text: str,
                         future: bool | None) -> bool | None:
    """Return the tense the chosen expression resolves in: its own clause's, when a verb other than the
    trigger's holds it ("Norway will give forty million dollars ..., its minister announced on Tuesday":
    last Tuesday, the announcement's), else the trigger's (``future``)."""
    if sentence is None or not sentence.tokens or trigger is None:
        return future
    toks = sentence.tokens
    trig, own = tokens_over(toks, *trigger), tokens_over(toks, expr.start, expr.end)
    if not trig or not own:
        return future
    t0 = trig[0]
    verb = t0 if t0.pos in ("VERB", "AUX") else toks[t0.head] if 0 <= t0.head < len(toks) else t0
    holder = own[0]
    for _ in range(len(toks)):
        if holder.pos in ("VERB", "AUX") or not 0 <= holder.head < len(toks) or holder.head == holder.i:
            break
        holder = toks[holder.head]
    if holder.pos not in ("VERB", "AUX") or holder.i in (verb.i, t0.i) or holder.i in {t.i for t in trig}:
        return future
    tense = is_future(sentence, (holder.start, holder.end), text)
    # Only a finite verb's tense: a participle ("the visit, planned for 13 November") tells none.
    if tense is None or (tense is False and holder.tag != "VBD"):
        return future
    return tense


def _gap(sentence: Sentence | None, trigger: tuple[int, int] | None) -> Gap | None:
    """Return the measured gap of the adverbial clause of sequence the trigger sits in, if any."""
    if sentence is None or not sentence.tokens or trigger is None:
        return None
    trig = tokens_over(sentence.tokens, *trigger)
    return relative_gap(sentence.tokens, trig[0]) if trig else None


def _date_by_gap(event: Event, gap: Gap, exprs: list, sentence: Sentence, text: str, ref: date) -> None:
    """Date an act "two weeks after ..." from its main clause's date (the report's when it has none).

    The date is the main clause's moved by the gap, at the gap's unit ("ten days before": a day;
    "two weeks after": the week it falls in, as ``resolve`` gives periods their first day).
    """
    head = (gap.head.start, gap.head.end)
    chosen = choose(exprs, sentence, head)
    res = resolve(chosen, ref, is_future(sentence, head, text)) if chosen is not None else None
    anchor = res.date if res is not None else ref
    period = shift(anchor, gap.sign * gap.amount, gap.unit)
    event.date, event.date_text, event.date_granularity = period.iso, gap.text, period.granularity
    if (ref - period.date).days > HISTORICAL_DAYS:
        event.historical = True


class DateStage:
    """Sets each event's date, date_text, date_granularity (and historical) from its sentence."""

    name = "dates"
    # The article date, the event's sentence (parsed or not) and trigger, and the events
    # stage's own future flag.
    requires = ["date", "sentences", "events.sentence_index", "events.evidence", "events.future"]
    assigns = ["events.date", "events.date_text", "events.date_granularity", "events.historical"]

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        if not article.date:
            for event in article.events:
                event.date, event.date_text, event.date_granularity = None, None, None
            return article
        ref = date.fromisoformat(article.date)
        for event in article.events:
            with at_sentence(event.sentence_index):
                date_event(event, article, ref)
        return article
