"""Indicador 3 computed by the database (one GROUP BY office), its drill-down and snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, delete, func, insert, not_, or_, select
from sqlalchemy.orm import contains_eager

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.access import Actor
from service_desk.domain.catalog import INDICATOR_TYPES, OFFICES
from service_desk.domain.errors import Forbidden, ValidationError
from service_desk.domain.indicators import (
    FIGURES,
    IndicatorRow,
    Period,
    parse_period,
    periods_containing,
    quarter_of,
    quarters_in,
    rows_for_offices,
    total_row,
)
from service_desk.domain.workflow import OPEN_STATUSES, Status
from service_desk.extensions import db
from service_desk.models import IndicatorSnapshot, Office, Ticket
from service_desk.services.tickets import sla_condition

REPORT_ROLES = frozenset({"supervisor", "national_supervisor", "admin"})


@dataclass(frozen=True)
class IndicatorReport:
    period: Period
    as_of: date
    rows: list[IndicatorRow]
    total: IndicatorRow


def report_offices(actor: Actor, office: str | None = None) -> list[str]:
    """Office codes the actor may report on: own office for supervisors, all for national roles."""
    if actor.role not in REPORT_ROLES:
        raise Forbidden("Su rol no puede ver los indicadores.")
    if office is not None and office not in OFFICES:
        raise ValidationError({"office": "Oficina desconocida."})
    if access.sees_all_offices(actor):
        return [office] if office else list(OFFICES)
    if office not in (None, actor.office):
        raise Forbidden("Solo puede ver los indicadores de su oficina.", {"office": office})
    return [actor.office]


def figure_conditions(today: date) -> dict[str, object]:
    """SQL condition per figure, on `today` (Lima); the population filter is applied apart."""
    closed = Ticket.status == Status.CERRADO.value
    is_open = Ticket.status.in_([s.value for s in OPEN_STATUSES])
    overdue = sla_condition("vencido", today)
    return {
        "numerator": and_(closed, or_(Ticket.due_on.is_(None), Ticket.closed_on <= Ticket.due_on)),
        "closed_late": and_(closed, Ticket.closed_on > Ticket.due_on),
        "open_overdue": overdue,
        "open_in_time": and_(is_open, not_(overdue)),
    }


def _population(period: Period, offices: list[str]):
    """Reclamos and quejas received in the period, annulled excluded, in the offices."""
    return and_(Ticket.type.in_(INDICATOR_TYPES), Ticket.status != Status.ANULADO.value,
                Ticket.received_on.between(period.start, period.end), Office.code.in_(offices))


def aggregate(period: Period, offices: list[str], today: date) -> list[IndicatorRow]:
    """One row per office from a single aggregation query (no Python loop over tickets)."""
    sums = [func.coalesce(func.sum(case((cond, 1), else_=0)), 0).label(name)
            for name, cond in figure_conditions(today).items()]
    query = (select(Office.code, func.count(Ticket.id).label("denominator"), *sums)
             .select_from(Ticket).join(Office, Ticket.office_id == Office.id)
             .where(_population(period, offices)).group_by(Office.code))
    found = [IndicatorRow(office=r.code, **{f: int(getattr(r, f)) for f in FIGURES})
             for r in db.session.execute(query)]
    return rows_for_offices(offices, found)


def indicator_3(actor: Actor, period: Period, office: str | None = None) -> IndicatorReport:
    """Live Indicador 3 for the actor's scope (optionally one office)."""
    offices = report_offices(actor, office)
    today = clock.today_in_lima()
    rows = aggregate(period, offices, today)
    return IndicatorReport(period, today, rows, total_row(rows))


def trend(actor: Actor, period: Period, office: str | None = None) -> list[tuple[Period, IndicatorRow]]:
    """Scope total per quarter of the period's year, up to the current quarter."""
    offices = report_offices(actor, office)
    today = clock.today_in_lima()
    year = quarters_in(parse_period(str(period.year)))
    current = quarter_of(today)
    quarters = [q for q in year if q.start <= current.start] or year[:1]
    return [(q, total_row(aggregate(q, offices, today))) for q in quarters]


def figure_tickets(actor: Actor, period: Period, office: str | None, figure: str,
                   limit: int = 500) -> tuple[list[Ticket], int]:
    """The tickets behind one figure (drill-down), ordered by due date, and how many there are."""
    if figure not in FIGURES:
        raise ValidationError({"figure": "Cifra desconocida."})
    offices = report_offices(actor, office)
    condition = _population(period, offices)
    if figure != "denominator":
        condition = and_(condition, figure_conditions(clock.today_in_lima())[figure])
    base = select(Ticket).join(Office, Ticket.office_id == Office.id).where(condition)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    items = db.session.scalars(base.options(contains_eager(Ticket.office))
                               .order_by(Ticket.due_on, Ticket.id).limit(limit)).all()
    return list(items), total


def snapshot_periods(today: date) -> list[Period]:
    """Periods worth a snapshot today: those containing today and those just ended."""
    ended = periods_containing(quarter_of(today).start - timedelta(days=1))
    found: dict[str, Period] = {}
    for period in periods_containing(today) + ended:
        found.setdefault(period.code, period)
    return list(found.values())


def take_snapshots() -> int:
    """Store today's figures per office and period (replacing today's earlier ones).

    One transaction: either every snapshot of the run is saved or none.
    """
    today, now = clock.today_in_lima(), clock.now()
    office_ids = dict(db.session.execute(select(Office.code, Office.id)).all())
    offices = [code for code in OFFICES if code in office_ids]
    rows = []
    for period in snapshot_periods(today):
        db.session.execute(delete(IndicatorSnapshot).where(
            IndicatorSnapshot.period == period.code, IndicatorSnapshot.as_of == today))
        rows += [{"period": period.code, "office_id": office_ids[r.office], "as_of": today,
                  "taken_at": now, **{f: getattr(r, f) for f in FIGURES}}
                 for r in aggregate(period, offices, today)]
    if rows:
        db.session.execute(insert(IndicatorSnapshot), rows)
    db.session.commit()
    return len(rows)


def snapshot_history(actor: Actor, period: Period, office: str | None = None,
                     limit: int = 12) -> list[tuple[date, IndicatorRow]]:
    """The scope's figures as stored on each snapshot day, newest first."""
    offices = report_offices(actor, office)
    sums = [func.sum(getattr(IndicatorSnapshot, f)).label(f) for f in FIGURES]
    query = (select(IndicatorSnapshot.as_of, *sums)
             .join(Office, IndicatorSnapshot.office_id == Office.id)
             .where(IndicatorSnapshot.period == period.code, Office.code.in_(offices))
             .group_by(IndicatorSnapshot.as_of).order_by(IndicatorSnapshot.as_of.desc()).limit(limit))
    return [(r.as_of, IndicatorRow(office=office, **{f: int(getattr(r, f)) for f in FIGURES}))
            for r in db.session.execute(query)]
