"""Date stage: temporal expressions near each event, resolved against the article date.

Cascade, per event:
1. find the temporal expressions of the event's sentence (rules below, ours);
2. keep the one closest to the event's trigger: in the dependency tree when the sentence
   was parsed, in characters otherwise;
3. resolve it against the article date, using the tense of the trigger's clause for
   expressions that could point either way ("on Monday", "August 27");
4. set ``date``, ``date_text`` (the expression exactly as written), ``date_granularity``,
   and ``historical`` when the resolved period started long before the report.

News conventions (decided here, pinned by tests/test_when.py):
- A weekday alone ("on Monday") means the most recent such day before the report in the
  past tense, and the next one after it in the future tense. When the report is itself
  dated on that weekday, it means the report's own day in either tense: wire copy says
  "on Monday" for the same day's events and "last Monday" for the week before.
- "last Monday" is always strictly before the report, "next Monday" strictly after.
- An explicit date without a year ("August 27") takes the year that puts it at or before
  the report in the past tense, at or after it in the future tense.
- A month without a year ("in March") is the most recent such month that has started by the
  report (past), or the next one that has not ended before it (future).
- When the tense cannot be told (a noun trigger in an unparsed sentence: "the visit on 13
  November"), a date or month without a year takes its occurrence nearest the report, and a
  weekday the past one.
- Periods resolve to their first day: weeks to their Monday (ISO weeks), months to the 1st,
  years to 1 January. ``date_granularity`` says which.
- No expression: the article date is used as it is, granularity "article".
- Historical: the resolved period started more than ``HISTORICAL_DAYS`` (365) days before the
  report, e.g. "in 2020" in a 2024 report, or "last year" in any report. This only ever sets
  ``event.historical``; it never clears a flag set by the events stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from communique.core.article import Article, Event, Sentence, Token
from communique.core.config import Settings
from communique.core.parse import tree_distance

HISTORICAL_DAYS = 365

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
NUMBERS = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "few": 3,
}

_FULL_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH = rf"(?P<month>{_FULL_MONTHS}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_MONTH_FULL = rf"(?P<month>{_FULL_MONTHS})"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_NUM = r"(?P<num>\d+|one|a|an|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

# (kind, pattern). Longer, more specific patterns come first: overlaps keep the earliest listed.
PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("dmy", rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_DAYNUM}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
    ("mdy", rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAYNUM},?\s+{_YEAR}\b"),
    ("dm", rf"\b(?:(?i:on)\s+)?(?:{_WEEKDAY},?\s+)?{_DAYNUM}\s+(?:of\s+)?{_MONTH}(?![\w])"),
    ("md", rf"\b(?:(?i:on)\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAYNUM}\b(?!,?\s*\d)"),
    ("my", rf"\b(?:(?:in|during|since|until|by)\s+)?(?:(?:early|mid|late)[- ])?{_MONTH},?\s+{_YEAR}\b"),
    ("day_before_yesterday", r"\b(?:the\s+)?day\s+before\s+yesterday\b"),
    ("yesterday", rf"\byesterday{_PART}\b"),
    ("last_night", r"\blast\s+night\b"),
    ("today", r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b"),
    ("tomorrow", rf"\btomorrow{_PART}\b"),
    (
        "previous_day",
        r"\b(?:the\s+)?(?:previous|prior|preceding)\s+day\b|\bthe\s+day\s+before\b"
        r"|\ba\s+day\s+(?:earlier|before)\b",
    ),
    ("next_day", r"\b(?:the\s+)?(?:next|following)\s+day\b|\ba\s+day\s+later\b"),
    ("days_ago", rf"\b{_NUM}\s+days?\s+(?:ago|earlier)\b"),
    ("weeks_ago", rf"\b{_NUM}\s+weeks?\s+(?:ago|earlier)\b"),
    ("months_ago", rf"\b{_NUM}\s+months?\s+(?:ago|earlier)\b"),
    ("years_ago", rf"\b{_NUM}\s+years?\s+(?:ago|earlier)\b"),
    ("weekday_rel", rf"\b(?P<rel>last|next|this|past|coming)\s+{_WEEKDAY}{_PART}\b"),
    ("weekday", rf"\b(?:on\s+)?{_WEEKDAY}{_PART}\b"),
    ("week", r"\b(?:(?:earlier|later)\s+)?(?P<rel>last|this|next|past|previous|coming)\s+week(?:end)?\b"),
    ("month", r"\b(?:(?:earlier|later)\s+)?(?P<rel>last|this|next|past|previous|coming)\s+month\b"),
    ("year", r"\b(?:(?:earlier|later)\s+)?(?P<rel>last|this|next|past|previous|coming)\s+year\b"),
    (
        "month_name",
        rf"\b(?:(?i:in|during|since|until|by|early|mid|late|last|this|next)[- ]+)?{_MONTH_FULL}(?!\w)",
    ),
    ("year_num", rf"\b(?:in|during|back\s+in)\s+{_YEAR}\b"),
]
_COMPILED = [
    (kind, re.compile(p, re.IGNORECASE if kind not in ("month_name", "md", "dm") else 0))
    for kind, p in PATTERNS
]

FUTURE_WINDOW = 30  # characters before an unparsed trigger searched for future markers
FUTURE_WORDS = re.compile(
    r"\b(?:will|shall|'ll|upcoming|scheduled|planned|plans?\s+to|is\s+to|are\s+to|going\s+to|expected\s+to)\b",
    re.IGNORECASE,
)


@dataclass
class DateExpr:
    """A temporal expression found in a sentence, with article-level character offsets."""

    kind: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]


@dataclass
class Resolved:
    """A resolved expression: the first day of its period and the period's granularity."""

    date: date
    granularity: str
    end: date

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def find_expressions(text: str, offset: int = 0) -> list[DateExpr]:
    """Return the non-overlapping temporal expressions of ``text``, in reading order.

    Offsets are ``offset`` plus the position in ``text``. When two matches overlap, the
    longer wins (ties: the earlier-listed pattern).
    """
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    for rank, (kind, rx) in enumerate(_COMPILED):
        for m in rx.finditer(text):
            if kind == "month_name" and not _month_name_ok(text, m):
                continue
            found.append((m.start(), m.end(), rank, kind, m))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2]))
    taken: list[tuple[int, int]] = []
    out: list[DateExpr] = []
    for s, e, _, kind, m in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(DateExpr(kind, offset + s, offset + e, text[s:e], m.groupdict()))
    out.sort(key=lambda x: x.start)
    return out


def _month_name_ok(text: str, m: re.Match[str]) -> bool:
    """Reject month names that are more likely other words ("May", "March" as a verb/noun)."""
    word = m.group("month")
    full = m.group(0)
    if word in ("May", "March") and full == word:
        # A bare "May"/"March" is a modal verb, a name or a demonstration more often than a month.
        return False
    return True


def resolve(expr: DateExpr, ref: date, future: bool | None = False) -> Resolved | None:
    """Return the period ``expr`` denotes for a report dated ``ref``; None if it cannot be dated.

    ``future``: True for the future tense, False for the past, None when the tense is unknown
    (a date or month name then takes its occurrence nearest the report; a weekday the past)."""
    g = expr.groups
    k = expr.kind
    if k == "iso":
        return _day(_safe_date(int(g["year"]), int(g["mnum"]), int(g["day"])))
    if k in ("dmy", "mdy"):
        return _day(_safe_date(int(g["year"]), MONTHS[g["month"].lower().rstrip(".")], int(g["day"])))
    if k in ("dm", "md"):
        month, day = MONTHS[g["month"].lower().rstrip(".")], int(g["day"])
        return _day(_infer_year(ref, month, day, future))
    if k == "my":
        return _month(int(g["year"]), MONTHS[g["month"].lower().rstrip(".")])
    if k == "today":
        return _day(ref)
    if k in ("yesterday", "previous_day", "last_night"):
        return _day(ref - timedelta(days=1))
    if k == "day_before_yesterday":
        return _day(ref - timedelta(days=2))
    if k in ("tomorrow", "next_day"):
        return _day(ref + timedelta(days=1))
    if k in ("days_ago", "weeks_ago", "months_ago", "years_ago"):
        n = _number(g["num"])
        if n is None:
            return None
        if k == "days_ago":
            return _day(ref - timedelta(days=n))
        if k == "weeks_ago":
            return _week(ref - timedelta(weeks=n))
        if k == "months_ago":
            y, mo = _add_months(ref.year, ref.month, -n)
            return _month(y, mo)
        return _year(ref.year - n)
    if k == "weekday":
        return _day(_weekday(ref, WEEKDAYS[g["weekday"].lower()], bool(future), same_day=True))
    if k == "weekday_rel":
        rel = g["rel"].lower()
        wd = WEEKDAYS[g["weekday"].lower()]
        if rel in ("last", "past"):
            return _day(_weekday(ref, wd, future=False, same_day=False))
        if rel in ("next", "coming"):
            return _day(_weekday(ref, wd, future=True, same_day=False))
        # "this Monday": the one of the report's week.
        return _day(ref - timedelta(days=ref.weekday()) + timedelta(days=wd))
    if k in ("week", "month", "year"):
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[g["rel"].lower()]
        if k == "week":
            return _week(ref + timedelta(weeks=step))
        if k == "month":
            y, mo = _add_months(ref.year, ref.month, step)
            return _month(y, mo)
        return _year(ref.year + step)
    if k == "month_name":
        month = MONTHS[g["month"].lower().rstrip(".")]
        prefix = expr.text[: expr.text.lower().find(g["month"].lower())].strip().lower()
        if prefix.startswith("last"):
            year = ref.year if month < ref.month else ref.year - 1
        elif prefix.startswith("next"):
            year = ref.year if month > ref.month else ref.year + 1
        elif prefix.startswith("this"):
            year = ref.year
        elif future is None:
            year = min((ref.year - 1, ref.year, ref.year + 1), key=lambda y: _distance(ref, _month(y, month)))
        elif future:
            year = ref.year if month >= ref.month else ref.year + 1
        else:
            year = ref.year if month <= ref.month else ref.year - 1
        return _month(year, month)
    if k == "year_num":
        return _year(int(g["year"]))
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _day(d: date | None) -> Resolved | None:
    return None if d is None else Resolved(d, "day", d)


def _week(d: date) -> Resolved:
    monday = d - timedelta(days=d.weekday())
    return Resolved(monday, "week", monday + timedelta(days=6))


def _month(y: int, m: int) -> Resolved:
    ny, nm = _add_months(y, m, 1)
    return Resolved(date(y, m, 1), "month", date(ny, nm, 1) - timedelta(days=1))


def _year(y: int) -> Resolved:
    return Resolved(date(y, 1, 1), "year", date(y, 12, 31))


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + n
    return total // 12, total % 12 + 1


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else NUMBERS.get(word.lower())


def _distance(ref: date, period: Resolved) -> int:
    """Return the days between the report and a period (0 when the report falls inside it)."""
    return max((period.date - ref).days, (ref - period.end).days, 0)


def _infer_year(ref: date, month: int, day: int, future: bool | None) -> date | None:
    """Return the date of ``month``/``day`` nearest the report on the side the tense says
    (either side when the tense is unknown)."""
    if future is None:
        days = [d for d in (_safe_date(y, month, day) for y in (ref.year - 1, ref.year, ref.year + 1)) if d]
        return min(days, key=lambda d: abs((d - ref).days)) if days else None
    for y in (ref.year, ref.year + 1) if future else (ref.year, ref.year - 1):
        d = _safe_date(y, month, day)
        if d is not None and ((d >= ref) if future else (d <= ref)):
            return d
    return None


def _weekday(ref: date, wd: int, future: bool, same_day: bool) -> date:
    """Return the weekday ``wd`` before (or after, when ``future``) the report date."""
    if same_day and ref.weekday() == wd:
        return ref
    if future:
        delta = (wd - ref.weekday()) % 7 or 7
        return ref + timedelta(days=delta)
    delta = (ref.weekday() - wd) % 7 or 7
    return ref - timedelta(days=delta)


# --- choosing the expression and the tense -------------------------------------------------


def _token_at(tokens: list[Token], start: int, end: int) -> list[Token]:
    return [t for t in tokens if t.start < end and start < t.end]


def choose(
    exprs: list[DateExpr], sentence: Sentence | None, trigger: tuple[int, int] | None
) -> DateExpr | None:
    """Return the expression closest to the trigger (tree distance when parsed, else characters)."""
    if not exprs:
        return None
    if trigger is None:
        return exprs[0]
    ts, te = trigger

    def char_dist(x: DateExpr) -> int:
        return max(0, x.start - te, ts - x.end)

    tokens = sentence.tokens if sentence is not None else []
    trig = _token_at(tokens, ts, te)
    if tokens and trig:
        t0 = trig[0]

        def key(x: DateExpr) -> tuple[int, int]:
            toks = _token_at(tokens, x.start, x.end)
            if not toks:
                return (10_000, char_dist(x))
            return (min(tree_distance(tokens, t, t0) for t in toks), char_dist(x))

        return min(exprs, key=key)
    return min(exprs, key=char_dist)


def is_future(sentence: Sentence | None, trigger: tuple[int, int] | None, text: str) -> bool | None:
    """Return the tense of the trigger's clause: True future, False past, None unknown.

    Parsed: "will"/"shall" on the trigger's verb -> future; a past-tense verb (VBD, VBN) -> past.
    Either way: future markers just before the trigger ("is to visit", "plans to") -> future;
    unparsed, a trigger ending in "-ed" -> past."""
    if sentence is not None and sentence.tokens and trigger is not None:
        toks = sentence.tokens
        trig = _token_at(toks, *trigger)
        if trig:
            t0 = trig[0]
            verb = t0 if t0.pos in ("VERB", "AUX") else toks[t0.head] if 0 <= t0.head < len(toks) else t0
            kids = [t for t in toks if t.head == verb.i and t.i != verb.i]
            if any(k.text.lower() in ("will", "shall", "'ll") for k in kids):
                return True
            if verb.tag in ("VBD", "VBN"):
                return False
    if trigger is not None and sentence is not None:
        # Only the words just before the trigger ("will meet", "is to visit") count, not a
        # "will" of another clause.
        lo = max(0, trigger[0] - sentence.start - FUTURE_WINDOW)
        if FUTURE_WORDS.search(text[lo : trigger[1] - sentence.start]):
            return True
        if not sentence.tokens and re.search(
            r"ed$", text[trigger[0] - sentence.start : trigger[1] - sentence.start]
        ):
            return False
        return None
    return True if FUTURE_WORDS.search(text) else None


# --- the stage ------------------------------------------------------------------------------


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
    res = resolve(chosen, ref, future) if chosen is not None else None
    if chosen is None or res is None:
        event.date, event.date_text, event.date_granularity = ref.isoformat(), None, "article"
        return
    event.date, event.date_text, event.date_granularity = res.iso, _clean_text(chosen), res.granularity
    if (ref - res.date).days > HISTORICAL_DAYS:
        event.historical = True


def _clean_text(x: DateExpr) -> str:
    """Return the expression text without a leading preposition ("on Monday" -> "Monday")."""
    t = re.sub(r"^(?:on|in|during|since|until|by|back\s+in)\s+", "", x.text, flags=re.IGNORECASE)
    return t


class DateStage:
    """Sets each event's date, date_text, date_granularity (and historical) from its sentence."""

    name = "dates"
    requires = ["events"]
    assigns = ["events.date"]

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        if not article.date:
            for event in article.events:
                event.date, event.date_text, event.date_granularity = None, None, None
            return article
        ref = date.fromisoformat(article.date)
        for event in article.events:
            date_event(event, article, ref)
        return article
