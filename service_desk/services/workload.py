"""Workload per agent and per office: open, overdue, closed this week, response and closing times.

Counts are set-based SQL over the actor's visible tickets (office scoping and
sealed denuncias as in every queue). The medians need per-case times, so the
cases received in the chosen window are read as plain rows (a bounded window,
never the whole history). Definitions: service_desk.domain.workload.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from service_desk import clock
from service_desk.domain import workload as rules
from service_desk.domain.access import Actor, sees_all_offices
from service_desk.domain.calendar import LIMA
from service_desk.domain.catalog import OFFICES
from service_desk.domain.workflow import OPEN_STATUSES
from service_desk.extensions import db
from service_desk.models import Office, Ticket, TicketEvent, User
from service_desk.services import calendar as calendar_service
from service_desk.services.tickets import sla_condition, visible_tickets_query

UNASSIGNED = "Sin asignar"


@dataclass
class LoadRow:
    """One line of the workload table (a person or an office)."""

    key: str
    label: str
    open: int = 0
    overdue: int = 0
    closed_this_week: int = 0
    first_response_hours: float | None = None
    first_response_days: float | None = None
    closing_hours: float | None = None
    closing_days: float | None = None
    reopened: int = 0
    reassigned: int = 0
    # Per-case samples behind the medians (not shown).
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list), repr=False)


@dataclass
class Workload:
    start: date
    end: date
    week_start: date
    by_agent: list[LoadRow]
    by_office: list[LoadRow]


@dataclass(frozen=True)
class CaseTimes:
    """What the medians need of one case received in the window."""

    office: str
    assignee_id: int | None
    received_on: date
    first_response_hours: float | None
    first_response_days: int | None
    closing_hours: float | None
    closing_days: int | None


def first_response_subquery():
    """ticket_id -> instant of its first response (see domain.workload for the definition)."""
    return (select(TicketEvent.ticket_id, func.min(TicketEvent.at).label("at"))
            .where(TicketEvent.kind.in_(rules.FIRST_RESPONSE_KINDS), TicketEvent.actor_id.is_not(None))
            .group_by(TicketEvent.ticket_id).subquery("first_response"))


def case_times(actor: Actor, start: date, end: date, office: str | None = None) -> list[CaseTimes]:
    """Response and closing times of the visible cases received from `start` to `end`."""
    first = first_response_subquery()
    query = scoped_tickets(actor, office).outerjoin(first, first.c.ticket_id == Ticket.id).where(
        Ticket.received_on >= start, Ticket.received_on <= end, Ticket.status != "anulado"
    ).with_only_columns(Office.code, Ticket.assignee_id, Ticket.filed_at, Ticket.received_on,
                        Ticket.closed_at, Ticket.status, first.c.at)
    cal = calendar_service.business_calendar()
    rows = []
    for code, assignee, filed_at, received, closed_at, status, first_at in db.session.execute(query):
        closed_at = closed_at if status == "cerrado" else None
        rows.append(CaseTimes(
            code, assignee, received,
            rules.hours_between(filed_at, first_at) if first_at else None,
            rules.business_days_to(cal, code, received, first_at) if first_at else None,
            rules.hours_between(filed_at, closed_at) if closed_at else None,
            rules.business_days_to(cal, code, received, closed_at) if closed_at else None))
    return rows


def workload(actor: Actor, start: date, end: date, office: str | None = None) -> Workload:
    """The workload table for the visible offices (or one of them), with the window's medians."""
    today = clock.today_in_lima()
    monday = rules.week_start(today)
    agents: dict[str, LoadRow] = {}
    offices: dict[str, LoadRow] = {}
    names = _people(actor, office)
    for code in _office_codes(actor, office):
        _office_row(offices, code)

    def agent_row(user_id: int | None) -> LoadRow:
        key = str(user_id) if user_id else "-"
        if key not in agents:
            agents[key] = LoadRow(key, names.get(user_id, UNASSIGNED) if user_id else UNASSIGNED)
        return agents[key]

    for user_id in names:
        agent_row(user_id)
    _add_counts(actor, office, today, monday, agent_row, offices)
    for case in case_times(actor, start, end, office):
        for row in (agent_row(case.assignee_id), _office_row(offices, case.office)):
            _sample(row, case)
    _add_trail_counts(actor, office, start, end, agent_row, offices)
    for row in [*agents.values(), *offices.values()]:
        _medians(row)
    ordered = sorted(agents.values(), key=lambda r: (r.key == "-", r.label.lower()))
    if single_office(actor, office) is None:
        ordered = []  # across 22 offices a list of every person helps nobody: pick an office
    return Workload(start, end, monday, ordered, list(offices.values()))


def single_office(actor: Actor, office: str | None) -> str | None:
    """The one office the figures cover, or None for all the visible ones."""
    return office or (None if sees_all_offices(actor) else actor.office)


def scoped_tickets(actor: Actor, office: str | None):
    query = visible_tickets_query(actor)
    return query.where(Office.code == office) if office else query


def _add_counts(actor, office, today, monday, agent_row, offices) -> None:
    """Open, overdue and closed-this-week per assignee and per office, one grouped query each."""
    open_values = [s.value for s in OPEN_STATUSES]
    base = scoped_tickets(actor, office)
    figures = {
        "open": base.where(Ticket.status.in_(open_values)),
        "overdue": base.where(sla_condition("vencido", today)),
        "closed_this_week": base.where(Ticket.status == "cerrado", Ticket.closed_on >= monday,
                                       Ticket.closed_on <= today),
    }
    for name, query in figures.items():
        grouped = query.with_only_columns(Office.code, Ticket.assignee_id, func.count(Ticket.id)) \
            .group_by(Office.code, Ticket.assignee_id)
        for code, assignee, count in db.session.execute(grouped):
            for row in (agent_row(assignee), _office_row(offices, code)):
                setattr(row, name, getattr(row, name) + count)


def _add_trail_counts(actor, office, start, end, agent_row, offices) -> None:
    """Reassignments and reopenings recorded in the window, by the case's current assignee."""
    since, until = _window_instants(start, end)
    query = scoped_tickets(actor, office).join(TicketEvent, TicketEvent.ticket_id == Ticket.id).where(
        TicketEvent.at >= since, TicketEvent.at < until,
        TicketEvent.kind.not_in(("created", "note", "citizen_message"))
    ).with_only_columns(Office.code, Ticket.assignee_id, TicketEvent.changes)
    for code, assignee, changes in db.session.execute(query):
        changes = changes or {}
        for flag, name in ((rules.is_reassignment(changes), "reassigned"),
                           (rules.is_reopening(changes), "reopened")):
            if flag:
                for row in (agent_row(assignee), _office_row(offices, code)):
                    setattr(row, name, getattr(row, name) + 1)


def _window_instants(start: date, end: date) -> tuple[datetime, datetime]:
    """From the start of the first Lima day to the start of the day after the last."""
    return (datetime.combine(start, time(), LIMA),
            datetime.combine(end + timedelta(days=1), time(), LIMA))


def _sample(row: LoadRow, case: CaseTimes) -> None:
    for name in ("first_response_hours", "first_response_days", "closing_hours", "closing_days"):
        value = getattr(case, name)
        if value is not None:
            row.samples[name].append(value)


def _medians(row: LoadRow) -> None:
    for name in ("first_response_hours", "first_response_days", "closing_hours", "closing_days"):
        value = rules.median(row.samples.get(name, []))
        setattr(row, name, round(value, 1) if value is not None else None)


def _office_codes(actor: Actor, office: str | None) -> list[str]:
    one = single_office(actor, office)
    if one:
        return [one]
    return list(db.session.scalars(select(Office.code).order_by(Office.id)))


def _office_row(offices: dict[str, LoadRow], code: str) -> LoadRow:
    if code not in offices:
        offices[code] = LoadRow(code, OFFICES.get(code, code))
    return offices[code]


def _people(actor: Actor, office: str | None) -> dict[int, str]:
    """Active case workers of the visible offices: everyone appears, even with no case."""
    query = select(User.id, User.full_name, User.username).join(Office, User.office_id == Office.id) \
        .where(User.active.is_(True), User.role.in_(("agent", "itinerant", "supervisor")))
    codes = _office_codes(actor, office)
    query = query.where(Office.code.in_(codes))
    return {uid: f"{name or username} ({username})" for uid, name, username in db.session.execute(query)}
