"""Resolving a temporal expression against the report's date: the news conventions.

Decided here (pinned by tests/test_when.py):
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
  years to 1 January. ``Resolved.granularity`` says which.

Every kind of pattern in ``data/expressions.yaml`` has one resolver in ``RESOLVERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from communique.core.errors import DataFileError
from communique.stages.when.calendar import RELATIVE_STEPS, month_number, number, weekday_number
from communique.stages.when.expressions import PATTERNS, DateExpr, Pattern


@dataclass
class Resolved:
    """A resolved expression: the first day of its period and the period's granularity."""

    date: date
    granularity: str
    end: date

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def resolve(expr: DateExpr, ref: date, future: bool | None = False) -> Resolved | None:
    """Return the period ``expr`` denotes for a report dated ``ref``; None if it cannot be dated.

    ``future``: True for the future tense, False for the past, None when the tense is unknown
    (a date or month name then takes its occurrence nearest the report; a weekday the past)."""
    resolver = RESOLVERS.get(expr.kind)
    return resolver(expr, ref, future) if resolver is not None else None


# --- one resolver per kind of expression ------------------------------------------------------

Resolver = Callable[[DateExpr, date, bool | None], Resolved | None]


def _iso(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    g = x.groups
    return _day(_safe_date(int(g["year"]), int(g["mnum"]), int(g["day"])))


def _full_date(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    """Return the day of a full date ("27 August 2024", "August 27, 2024")."""
    g = x.groups
    return _day(_safe_date(int(g["year"]), month_number(g["month"]), int(g["day"])))


def _day_month(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    """Return the day of a date without a year ("27 August"), in the year the tense says."""
    g = x.groups
    return _day(_infer_year(ref, month_number(g["month"]), int(g["day"]), future))


def _month_year(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    g = x.groups
    return _month(int(g["year"]), month_number(g["month"]))


def _days_from_report(days: int) -> Resolver:
    """Return the resolver of a day a fixed number of days from the report ("yesterday": -1)."""

    def resolver(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
        return _day(ref + timedelta(days=days))

    return resolver


def _ago(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    """Return the period a count before the report names ("three days ago", "two weeks earlier")."""
    n = number(x.groups["num"])
    if n is None:
        return None
    return shift(ref, -n, x.kind.removesuffix("s_ago"))


def shift(d: date, n: int, unit: str) -> Resolved:
    """Return the period ``n`` units (day, week, month, year; negative: before) from ``d``, at that unit."""
    if unit == "day":
        return Resolved(d + timedelta(days=n), "day", d + timedelta(days=n))
    if unit == "week":
        return _week(d + timedelta(weeks=n))
    if unit == "month":
        return _month(*_add_months(d.year, d.month, n))
    return _year(d.year + n)


def _weekday_alone(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    return _day(_weekday(ref, weekday_number(x.groups["weekday"]), bool(future), same_day=True))


def _weekday_relative(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    """Return the day of "last Monday" (strictly before the report), "next Monday" (strictly after) or
    "this Monday" (in the report's week)."""
    step = RELATIVE_STEPS[x.groups["rel"].lower()]
    wd = weekday_number(x.groups["weekday"])
    if step < 0:
        return _day(_weekday(ref, wd, future=False, same_day=False))
    if step > 0:
        return _day(_weekday(ref, wd, future=True, same_day=False))
    return _day(ref - timedelta(days=ref.weekday()) + timedelta(days=wd))


def _relative_period(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    """Return the week, month or year of "last week", "this month", "next year"."""
    step = RELATIVE_STEPS[x.groups["rel"].lower()]
    if x.kind == "week":
        return _week(ref + timedelta(weeks=step))
    if x.kind == "month":
        return _month(*_add_months(ref.year, ref.month, step))
    return _year(ref.year + step)


def _month_name(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    """Return the month of "in March", "last August", "this May": the year from the prefix, else the tense."""
    word = x.groups["month"]
    month = month_number(word)
    prefix = x.text[: x.text.lower().find(word.lower())].strip().lower()
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


def _year_number(x: DateExpr, ref: date, future: bool | None) -> Resolved | None:
    return _year(int(x.groups["year"]))


RESOLVERS: dict[str, Resolver] = {
    "iso": _iso,
    "dmy": _full_date,
    "mdy": _full_date,
    "dm": _day_month,
    "md": _day_month,
    "my": _month_year,
    "today": _days_from_report(0),
    "yesterday": _days_from_report(-1),
    "previous_day": _days_from_report(-1),
    "last_night": _days_from_report(-1),
    "day_before_yesterday": _days_from_report(-2),
    "tomorrow": _days_from_report(1),
    "next_day": _days_from_report(1),
    "days_ago": _ago,
    "weeks_ago": _ago,
    "months_ago": _ago,
    "years_ago": _ago,
    "weekday": _weekday_alone,
    "weekday_rel": _weekday_relative,
    "week": _relative_period,
    "month": _relative_period,
    "year": _relative_period,
    "month_name": _month_name,
    "year_num": _year_number,
}


def check_kinds(patterns: tuple[Pattern, ...]) -> None:
    """Raise E302 at the line of the first pattern whose kind has no resolver."""
    for p in patterns:
        if p.kind not in RESOLVERS:
            raise DataFileError(
                f"{p.where}: pattern kind '{p.kind}' has no resolver "
                f"(known kinds: {', '.join(sorted(RESOLVERS))}; see communique.stages.when.resolve)"
            )


check_kinds(PATTERNS)


# --- periods ----------------------------------------------------------------------------------


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
