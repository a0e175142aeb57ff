"""Semester report rules: which periods, the semester's share of an annual target, backlog ages.

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from service_desk.domain.errors import ValidationError
from service_desk.domain.indicators import Period, parse_period, semester_of

# Age of the overdue backlog in calendar days past the due date: label -> (from, to or None).
BACKLOG_AGES: dict[str, tuple[int, int | None]] = {
    "1-5": (1, 5), "6-15": (6, 15), "16-30": (16, 30), "31-60": (31, 60), "61+": (61, None),
}
NOT_RECORDED = "no_registrado"


def parse_semester(text: object) -> Period:
    """`YYYY-S1` or `YYYY-S2`; ValidationError for anything else (quarters and years included)."""
    try:
        period = parse_period(text)
    except ValidationError:
        period = None
    if period is None or period.kind != "semester":
        raise ValidationError({"period": "Use un semestre AAAA-S1 o AAAA-S2."})
    return period


def semester_target(annual: int) -> int:
    """The semester's share of a year's annex 8.1 target: half of it, rounded half up."""
    return int((Decimal(annual) / 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def previous_semester(today: date) -> Period:
    """The last semester that has ended on `today`."""
    return semester_of(semester_of(today).start - timedelta(days=1))


def backlog_age(days_overdue: int) -> str:
    """The age bucket of a case `days_overdue` calendar days past its due date (≥ 1)."""
    for label, (low, high) in BACKLOG_AGES.items():
        if days_overdue >= low and (high is None or days_overdue <= high):
            return label
    return next(iter(BACKLOG_AGES))
