"""Arithmetic of the workload and dashboard figures over plain values (no I/O).

Definitions (also in docs/manual-toau.md, "Carga de trabajo"):

- **First response**: the earliest event of a case, after its registration, made
  by a staff person and of a kind that moves the case toward the citizen: taking
  it, an internal note, a derivation, a reply on the citizen's channel, or the
  closing with the response. Not a first response: the registration itself, a
  supervisor's assignment (handing a case over answers nobody), an annulment,
  or anything the citizen or the system wrote. A consulta answered and closed at
  registration has a first response at once (0 hours, 0 días hábiles).
- **Time to first response / to closing**: in hours from the filing instant,
  and in días hábiles from the reception day to the Lima day of the event (0 when
  answered on the day of reception), with the calendar of the case's office.
- **Reassignment**: a change of the person in charge from one person to another
  (an assignment or a take of a case someone else held). A first assignment is
  not a reassignment.
- **Reopening**: a status change out of "cerrado" or "anulado" back to an open
  status. The current transition table has none, so it counts 0 until a reopening
  action exists; it is counted from the trail so that it needs no change then.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from statistics import median as _median

from service_desk.domain.calendar import BusinessCalendar, lima_date

FIRST_RESPONSE_KINDS = ("taken", "note", "derived", "replied", "closed")
FINAL_STATUSES = ("cerrado", "anulado")
OPEN_STATUS_VALUES = ("registrado", "en_proceso", "derivado")
# Backlog by age: (label, first and last días hábiles overdue; None = no upper bound).
AGE_BUCKETS = (("1 a 5", 1, 5), ("6 a 10", 6, 10), ("11 a 20", 11, 20), ("más de 20", 21, None))


def median(values: Iterable[float]) -> float | None:
    """The median, or None when there is nothing to measure."""
    items = list(values)
    return float(_median(items)) if items else None


def hours_between(start: datetime, end: datetime) -> float:
    """Hours from `start` to `end` (never negative: a back-dated filing is not a time travel)."""
    return max((end - start).total_seconds() / 3600, 0.0)


def business_days_to(cal: BusinessCalendar, office: str, received_on: date, instant: datetime) -> int:
    """Días hábiles after the reception day up to the Lima day of `instant` (0 on the same day)."""
    return max(cal.business_days_left(received_on, lima_date(instant), office), 0)


def business_days_overdue(cal: BusinessCalendar, office: str, due_on: date, today: date) -> int:
    """Días hábiles past the due day up to today (0 while not overdue)."""
    return max(-cal.business_days_left(today, due_on, office), 0)


def age_bucket(days_overdue: int) -> str | None:
    """The backlog bucket of a case that many días hábiles overdue (None when not overdue)."""
    for label, low, high in AGE_BUCKETS:
        if days_overdue >= low and (high is None or days_overdue <= high):
            return label
    return None


def is_reassignment(changes: dict) -> bool:
    """An assignee change from one person to a different one."""
    pair = changes.get("assignee")
    return bool(pair) and len(pair) == 2 and pair[0] is not None and pair[0] != pair[1]


def is_reopening(changes: dict) -> bool:
    """A status change from a final status back to an open one."""
    pair = changes.get("status")
    return bool(pair) and len(pair) == 2 and pair[0] in FINAL_STATUSES \
        and pair[1] in OPEN_STATUS_VALUES


def week_start(day: date) -> date:
    """The Monday of the week of `day` (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
