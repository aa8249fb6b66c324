"""when: the date stage, temporal expressions near each event resolved against the article date.

Modules, in the order of the cascade (``when.stage`` tells it whole):
- ``expressions``: the temporal expressions of a sentence (patterns in ``data/expressions.yaml``);
- ``nearest``: the expression nearest the event's trigger;
- ``tense``: whether the trigger's clause is future, past or unknown;
- ``resolve``: the period an expression names for the report's date (the news conventions);
- ``calendar``: the month, weekday and number words (``data/calendar.yaml``);
- ``stage``: ``DateStage`` and ``date_event``.
"""

from __future__ import annotations

from communique.stages.when.calendar import MONTHS, NUMBERS, WEEKDAYS
from communique.stages.when.expressions import PATTERNS, DateExpr, find_expressions
from communique.stages.when.nearest import choose
from communique.stages.when.resolve import Resolved, resolve
from communique.stages.when.stage import HISTORICAL_DAYS, DateStage, date_event
from communique.stages.when.tense import FUTURE_WINDOW, FUTURE_WORDS, is_future

__all__ = [
    "FUTURE_WINDOW",
    "FUTURE_WORDS",
    "HISTORICAL_DAYS",
    "MONTHS",
    "NUMBERS",
    "PATTERNS",
    "WEEKDAYS",
    "DateExpr",
    "DateStage",
    "Resolved",
    "choose",
    "date_event",
    "find_expressions",
    "is_future",
    "resolve",
]
