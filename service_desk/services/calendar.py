"""The business calendar as configured in the database, and its maintenance."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from functools import lru_cache

import numpy as np
from flask import current_app, g
from sqlalchemy import insert, select, update

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.calendar import LIMA, BusinessCalendar, NonWorkingDay
from service_desk.domain.catalog import DEFAULT_DEADLINES, OFFICES
from service_desk.domain.errors import Forbidden, ValidationError
from service_desk.domain.workflow import OPEN_STATUSES
from service_desk.extensions import db
from service_desk.models import DeadlinePolicy, Office, Ticket, TicketEvent
from service_desk.models import NonWorkingDay as NonWorkingDayRow


def _cutoff() -> time | None:
    raw = current_app.config.get("RECEPTION_CUTOFF")
    return time.fromisoformat(raw) if raw else None


@lru_cache(maxsize=8)
def _build(rows: tuple[tuple[date, str | None, str], ...], cutoff: time | None) -> BusinessCalendar:
    grouped: dict[tuple[date, str], set[str] | None] = {}
    for day, office, reason in rows:
        key = (day, reason)
        if office is None:
            grouped[key] = None
        elif grouped.get(key, set()) is not None:
            grouped.setdefault(key, set()).add(office)
    days = [NonWorkingDay(d, r, None if o is None else frozenset(o)) for (d, r), o in grouped.items()]
    return BusinessCalendar(days, cutoff=cutoff)


def business_calendar() -> BusinessCalendar:
    """The calendar as the database says now, read once per app context (request or job)."""
    if "business_calendar" not in g:
        g.business_calendar = _load_calendar()
    return g.business_calendar


def forget_calendar() -> None:
    """Drop the context's cached calendar after the non-working days change."""
    g.pop("business_calendar", None)


def _load_calendar() -> BusinessCalendar:
    # A few dozen rows; the numpy calendars are built once per distinct content.
    rows = db.session.execute(
        select(NonWorkingDayRow.day, Office.code, NonWorkingDayRow.reason)
        .outerjoin(Office, NonWorkingDayRow.office_id == Office.id)
        .order_by(NonWorkingDayRow.day, NonWorkingDayRow.id)
    ).all()
    return _build(tuple((r[0], r[1], r[2]) for r in rows), _cutoff())


def deadline_days(ticket_type: str) -> int | None:
    policy = db.session.get(DeadlinePolicy, ticket_type)
    return policy.business_days if policy else DEFAULT_DEADLINES.get(ticket_type)


def all_deadline_days() -> dict[str, int | None]:
    found = {p.ticket_type: p.business_days for p in db.session.scalars(select(DeadlinePolicy))}
    return {t: found.get(t, d) for t, d in DEFAULT_DEADLINES.items()}


def due_date(start: date, days: int, office: str | None) -> tuple[date, date]:
    """(reception día hábil, due date) for something filed on `start`."""
    if office is not None and office not in OFFICES:
        raise ValidationError({"office": "Oficina desconocida."})
    if not 0 <= days <= 365:
        raise ValidationError({"days": "Los días hábiles deben estar entre 0 y 365."})
    cal = business_calendar()
    received = cal.next_business_day(start, office)
    return received, cal.add_business_days(received, days, office)


def list_non_working_days(year: int | None = None) -> list[NonWorkingDayRow]:
    query = select(NonWorkingDayRow).order_by(NonWorkingDayRow.day, NonWorkingDayRow.id)
    if year:
        query = query.where(NonWorkingDayRow.day.between(date(year, 1, 1), date(year, 12, 31)))
    return list(db.session.scalars(query))


def add_non_working_day(
    actor: Actor, day: date, offices: list[str] | None, reason: str
) -> tuple[list[NonWorkingDayRow], int]:
    """Declare a día no laborable (national when offices is None) and re-date open tickets.

    Returns the rows created and how many open tickets changed dates.
    """
    if actor.role != "admin":
        raise Forbidden("Solo un administrador puede declarar días no laborables.")
    errors = {}
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason or len(reason) > 200:
        errors["reason"] = "Indique la norma que lo declara (máximo 200 caracteres)."
    unknown = [o for o in offices or [] if o not in OFFICES]
    if unknown or offices == []:
        errors["offices"] = "Oficinas desconocidas: " + ", ".join(unknown) if unknown else \
            "Indique al menos una oficina o null para todo el país."
    if errors:
        raise ValidationError(errors)
    rows = _insert_days(day, offices, reason)
    forget_calendar()
    redated = redate_open_tickets(actor)
    db.session.commit()
    return rows, redated


def _insert_days(day: date, offices: list[str] | None, reason: str) -> list[NonWorkingDayRow]:
    now = clock.now()
    office_ids: list[int | None] = [None]
    if offices is not None:
        office_ids = list(db.session.scalars(select(Office.id).where(Office.code.in_(offices))))
    rows = []
    for office_id in office_ids:
        exists = db.session.scalar(select(NonWorkingDayRow).where(
            NonWorkingDayRow.day == day, NonWorkingDayRow.office_id.is_(None) if office_id is None
            else NonWorkingDayRow.office_id == office_id))
        if exists is None:
            rows.append(NonWorkingDayRow(day=day, office_id=office_id, reason=reason, created_at=now))
    db.session.add_all(rows)
    db.session.flush()
    return rows


def redate_open_tickets(actor: Actor | None) -> int:
    """Recompute reception and due dates of every open ticket; returns how many changed.

    Vectorised per office and deadline: one select, numpy arithmetic, and an
    update plus an audit event only for tickets whose dates moved.
    """
    cal = business_calendar()
    days_by_type = all_deadline_days()
    rows = db.session.execute(
        select(Ticket.id, Ticket.type, Office.code, Ticket.filed_at, Ticket.received_on,
               Ticket.due_on)
        .join(Office, Ticket.office_id == Office.id)
        .where(Ticket.status.in_([s.value for s in OPEN_STATUSES]))
    ).all()
    groups: dict[tuple[str, int | None], list] = defaultdict(list)
    for row in rows:
        groups[(row.code, days_by_type.get(row.type))].append(row)
    changed = 0
    for (office, days), members in groups.items():
        changed += _redate_group(cal, office, days, members, actor)
    return changed


def _redate_group(cal: BusinessCalendar, office: str, days: int | None, members, actor) -> int:
    filed_days = [_lima_filing_day(cal, m.filed_at) for m in members]
    received = cal.reception_days(filed_days, office)
    due = cal.due_dates(received, np.full(len(members), days or 0), office) if days else None
    now = clock.now()
    updates, events = [], []
    for i, m in enumerate(members):
        new_received = received[i].astype(date)
        new_due = due[i].astype(date) if due is not None else None
        if (new_received, new_due) == (m.received_on, m.due_on):
            continue
        updates.append({"id": m.id, "received_on": new_received, "due_on": new_due,
                        "updated_at": now})
        events.append({"ticket_id": m.id, "actor_id": actor.id if actor else None, "at": now,
                       "kind": "redated", "changes": _date_changes(m, new_received, new_due),
                       "note": "Plazo recalculado por cambio en el calendario."})
    if updates:
        # Bulk UPDATE by primary key and bulk INSERT: executemany, not a query per ticket.
        db.session.execute(update(Ticket), updates)
        db.session.execute(insert(TicketEvent), events)
    return len(updates)


def _lima_filing_day(cal: BusinessCalendar, filed_at: datetime) -> date:
    local = filed_at.astimezone(LIMA)
    if cal.cutoff is not None and local.time() >= cal.cutoff:
        return date.fromordinal(local.date().toordinal() + 1)
    return local.date()


def _date_changes(m, received: date, due: date | None) -> dict:
    changes = {}
    if received != m.received_on:
        changes["received_on"] = [m.received_on.isoformat(), received.isoformat()]
    if due != m.due_on:
        changes["due_on"] = [m.due_on.isoformat() if m.due_on else None,
                             due.isoformat() if due else None]
    return changes
