"""Indicador 3 and channel-target arithmetic over plain rows, and reporting periods.

Indicador 3 (ficha técnica, seed 000): % de reclamos y quejas gestionadas
dentro del plazo establecido = closed on or before the due date / all
registered in the period (by reception day, annulled excluded) × 100.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from service_desk.domain.errors import ValidationError

INDICATOR_TARGET = 100  # the ficha's target, in %
FIGURES = ("numerator", "denominator", "open_in_time", "open_overdue", "closed_late")
FIGURE_LABELS = {
    "numerator": "Gestionados dentro del plazo",
    "denominator": "Total registrados",
    "open_in_time": "Abiertos en plazo",
    "open_overdue": "Abiertos vencidos",
    "closed_late": "Cerrados fuera de plazo",
}
_PERIOD = re.compile(r"^(\d{4})(?:-(T[1-4]|S[12]))?$")


@dataclass(frozen=True)
class Period:
    """A reporting period: a quarter (2024-T1), a semester (2024-S2) or a year (2024)."""

    code: str
    start: date
    end: date  # inclusive

    @property
    def kind(self) -> str:
        return "year" if "-" not in self.code else {"T": "quarter", "S": "semester"}[self.code[5]]

    @property
    def year(self) -> int:
        return self.start.year

    def label(self) -> str:
        if self.kind == "year":
            return f"Año {self.code}"
        names = {"T": "trimestre", "S": "semestre"}
        return f"{self.code[6]}.º {names[self.code[5]]} {self.code[:4]}"


def parse_period(text: object) -> Period:
    """`YYYY-T1..T4`, `YYYY-S1|S2` or `YYYY` -> Period; ValidationError otherwise."""
    match = _PERIOD.match(str(text or "").strip().upper())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError({"period": "Use un periodo AAAA-T1..T4, AAAA-S1, AAAA-S2 o AAAA."})
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return Period(str(year), date(year, 1, 1), date(year, 12, 31))
    months = 3 if part[0] == "T" else 6
    first_month = (int(part[1]) - 1) * months + 1
    return Period(f"{year}-{part}", date(year, first_month, 1),
                  _month_end(year, first_month + months - 1))


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def quarter_of(day: date) -> Period:
    return parse_period(f"{day.year}-T{(day.month - 1) // 3 + 1}")


def semester_of(day: date) -> Period:
    return parse_period(f"{day.year}-S{1 if day.month <= 6 else 2}")


def periods_containing(day: date) -> list[Period]:
    """The quarter, semester and year that contain `day`."""
    return [quarter_of(day), semester_of(day), parse_period(str(day.year))]


def quarters_in(period: Period) -> list[Period]:
    """The quarters a period spans (itself when it is a quarter)."""
    return [quarter_of(date(period.year, m, 1)) for m in range(period.start.month, period.end.month, 3)]


def percentage(part: int, whole: int) -> float | None:
    """part / whole × 100 with one decimal (half up); None when whole is 0."""
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class IndicatorRow:
    """Indicador 3 figures of one office (or the total when office is None).

    numerator + closed_late + open_in_time + open_overdue = denominator.
    """

    office: str | None
    numerator: int = 0
    denominator: int = 0
    open_in_time: int = 0
    open_overdue: int = 0
    closed_late: int = 0

    @property
    def value(self) -> float | None:
        return percentage(self.numerator, self.denominator)

    def as_dict(self) -> dict:
        return {"office": self.office, **{f: getattr(self, f) for f in FIGURES}, "value": self.value}


def total_row(rows: Iterable[IndicatorRow]) -> IndicatorRow:
    """The national (or scope) total: figures are summed, the value recomputed."""
    sums = dict.fromkeys(FIGURES, 0)
    for row in rows:
        for name in FIGURES:
            sums[name] += getattr(row, name)
    return IndicatorRow(office=None, **sums)


def rows_for_offices(offices: Iterable[str], found: Iterable[IndicatorRow]) -> list[IndicatorRow]:
    """One row per office in `offices` order; offices without tickets get zeros."""
    by_office = {row.office: row for row in found}
    return [by_office.get(code, IndicatorRow(office=code)) for code in offices]


@dataclass(frozen=True)
class TargetRow:
    """Annual target and attentions so far of one office and channel."""

    office: str
    channel: str
    target: int
    actual: int

    @property
    def logro(self) -> float | None:
        """Achievement (logro %) against the annual target; None without a target."""
        return percentage(self.actual, self.target)


def expected_share(year: int, today: date) -> float:
    """Fraction of the year elapsed on `today` (1.0 for past years, 0.0 for future ones)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if today >= end:
        return 1.0
    if today < start:
        return 0.0
    return ((today - start).days + 1) / ((end - start).days + 1)

