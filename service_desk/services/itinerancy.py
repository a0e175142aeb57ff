"""Reports of the itinerant work: attentions in lenguas originarias, itinerant progress per UT."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select

from service_desk import clock
from service_desk.domain.access import SEALED_TYPE, Actor
from service_desk.domain.catalog import LANGUAGES
from service_desk.domain.indicators import Period, expected_share, percentage
from service_desk.domain.trips import ITINERANT_CHANNEL
from service_desk.domain.validation import DEFAULT_LANGUAGE
from service_desk.domain.workflow import Status
from service_desk.extensions import db
from service_desk.models import Office, Ticket
from service_desk.services.indicators import report_offices
from service_desk.services.targets import targets_of

# Lenguas originarias = every language of an attention but castellano.
NATIVE_LANGUAGES = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]


def _counted():
    """Attentions the reports count: not annulled, no denuncias (confidential)."""
    return (Ticket.status != Status.ANULADO.value, Ticket.type != SEALED_TYPE)


@dataclass(frozen=True)
class LanguageRow:
    office: str  # "TOTAL" for the scope's total
    counts: dict[str, int]  # per language code, lenguas originarias only (others under "otro")
    native: int
    total: int

    @property
    def share(self) -> float | None:
        return percentage(self.native, self.total)


@dataclass(frozen=True)
class LanguageReport:
    period: Period
    languages: list[str]  # column order: the catalogue's lenguas originarias, then "otro"
    rows: list[LanguageRow]
    total: LanguageRow


def native_language_report(actor: Actor, period: Period, office: str | None = None) -> LanguageReport:
    """Attentions received in the period held in a lengua originaria, per UT (one GROUP BY)."""
    offices = report_offices(actor, office)
    rows = db.session.execute(
        select(Office.code, Ticket.language, func.count(Ticket.id))
        .join(Office, Ticket.office_id == Office.id)
        .where(Ticket.received_on.between(period.start, period.end), Office.code.in_(offices),
               *_counted())
        .group_by(Office.code, Ticket.language)).all()
    columns = [*NATIVE_LANGUAGES, "otro"]
    counts: dict[str, dict[str, int]] = {o: dict.fromkeys(columns, 0) for o in offices}
    totals = dict.fromkeys(offices, 0)
    for code, language, n in rows:
        totals[code] += n
        language = language or DEFAULT_LANGUAGE
        if language != DEFAULT_LANGUAGE:
            counts[code][language if language in counts[code] else "otro"] += n
    result = [LanguageRow(o, counts[o], sum(counts[o].values()), totals[o]) for o in offices
              if totals[o]]
    total = LanguageRow("TOTAL", {c: sum(r.counts[c] for r in result) for c in columns},
                        sum(r.native for r in result), sum(r.total for r in result))
    return LanguageReport(period, columns, result, total)


@dataclass(frozen=True)
class ItinerantRow:
    office: str
    target: int
    months: list[int]  # attentions per month, January first

    @property
    def actual(self) -> int:
        return sum(self.months)

    @property
    def logro(self) -> float | None:
        return percentage(self.actual, self.target)


@dataclass(frozen=True)
class ItinerantReport:
    year: int
    as_of: date
    expected_share: float
    rows: list[ItinerantRow]


def itinerant_progress(actor: Actor, year: int, office: str | None = None) -> ItinerantReport:
    """Itinerant attentions per UT and month of the year against the annual annex 8.1 target."""
    offices = report_offices(actor, office)
    today = clock.today_in_lima()
    month = extract("month", Ticket.received_on)
    rows = db.session.execute(
        select(Office.code, month, func.count(Ticket.id))
        .join(Office, Ticket.office_id == Office.id)
        .where(Ticket.received_on.between(date(year, 1, 1), date(year, 12, 31)),
               Ticket.channel == ITINERANT_CHANNEL, Office.code.in_(offices), *_counted())
        .group_by(Office.code, month)).all()
    months = {o: [0] * 12 for o in offices}
    for code, number, n in rows:
        months[code][int(number) - 1] += n
    targets = targets_of(year, offices)
    result = [ItinerantRow(o, targets.get((o, ITINERANT_CHANNEL), 0), months[o]) for o in offices
              if targets.get((o, ITINERANT_CHANNEL)) or any(months[o])]
    return ItinerantReport(year, today, expected_share(year, today), result)
