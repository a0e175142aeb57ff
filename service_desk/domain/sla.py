"""Deadline policy and SLA state of a ticket, in días hábiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from service_desk.domain.calendar import BusinessCalendar


class SlaState(StrEnum):
    EN_PLAZO = "en_plazo"
    POR_VENCER = "por_vencer"
    VENCIDO = "vencido"
    CERRADO_EN_PLAZO = "cerrado_en_plazo"
    CERRADO_FUERA_DE_PLAZO = "cerrado_fuera_de_plazo"


SLA_LABELS = {
    SlaState.EN_PLAZO: "En plazo",
    SlaState.POR_VENCER: "Por vencer",
    SlaState.VENCIDO: "Vencido",
    SlaState.CERRADO_EN_PLAZO: "Cerrado en plazo",
    SlaState.CERRADO_FUERA_DE_PLAZO: "Cerrado fuera de plazo",
}


@dataclass(frozen=True)
class Deadline:
    received_on: date
    due_on: date | None


def compute_deadline(
    calendar: BusinessCalendar, filed_at, office: str, business_days: int | None
) -> Deadline:
    """Reception día hábil of a filing and its due date (None when the type has none)."""
    received = calendar.reception_day(filed_at, office)
    due = calendar.add_business_days(received, business_days, office) if business_days else None
    return Deadline(received, due)


def sla_state(
    calendar: BusinessCalendar,
    office: str,
    due_on: date | None,
    today: date,
    closed_on: date | None = None,
    annulled: bool = False,
    warning_days: int = 5,
) -> SlaState | None:
    """Where a ticket stands against its deadline; None without a deadline or when annulled.

    A ticket turns "vencido" on the first día hábil after its due date, so a
    weekend or holiday right after the due day changes nothing.
    """
    if due_on is None or annulled:
        return None
    if closed_on is not None:
        return SlaState.CERRADO_EN_PLAZO if closed_on <= due_on else SlaState.CERRADO_FUERA_DE_PLAZO
    effective = calendar.previous_business_day(today, office)
    if effective > due_on:
        return SlaState.VENCIDO
    if calendar.business_days_left(today, due_on, office) <= warning_days:
        return SlaState.POR_VENCER
    return SlaState.EN_PLAZO


@dataclass(frozen=True)
class SlaBounds:
    """Due dates splitting open tickets on `today`: due < overdue_before is vencido,
    due < warning_before (and not vencido) is por vencer; the rest en plazo."""

    overdue_before: date
    warning_before: date


def sla_bounds(calendar: BusinessCalendar, office: str | None, today: date,
               warning_days: int = 5) -> SlaBounds:
    """Date bounds equivalent to sla_state(), so a database can filter by SLA state."""
    overdue_before = calendar.previous_business_day(today, office)
    # The (warning_days + 1)-th día hábil after today is the first one en plazo.
    first_in_time = calendar.add_business_days(
        calendar.next_business_day(today + timedelta(days=1), office), warning_days, office)
    return SlaBounds(overdue_before, first_in_time)
