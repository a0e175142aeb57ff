"""Bulk registration of already validated and authorised field records.

The same rules as services.tickets.register_ticket (legal dates from filed_at's
reception day, yearly office codes, citizen upsert, "created" audit event), done
for a chunk of records with a handful of statements instead of a dozen per
record, so a batch of thousands is saved in seconds. Records answered on the spot
are stored already closed, with the "closed" event and the citizen's e-mail in the
outbox, as close_ticket would. The caller commits the chunk. Denuncias never come
here: their complainant is sealed by register_ticket, the one path that knows how.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from service_desk.domain.access import Actor
from service_desk.domain.calendar import lima_date
from service_desk.domain.sla import compute_deadline
from service_desk.domain.validation import (
    DEFAULT_LANGUAGE,
    CitizenInput,
    TicketInput,
    attention_language,
)
from service_desk.domain.workflow import Status
from service_desk.extensions import db
from service_desk.models import Citizen, Office, Ticket, TicketEvent
from service_desk.services import calendar as calendar_service
from service_desk.services import citizen_notifications
from service_desk.services.citizens import UPDATABLE
from service_desk.services.codes import code_prefix, format_code, reserve_numbers


@dataclass
class Accepted:
    """A record that passed validation and authorisation, waiting to be saved."""

    entry: TicketInput
    response: str | None = None
    notes: str | None = None


def insert_tickets(actor: Actor, items: list[Accepted], now: datetime, source: str) -> list[str]:
    """Insert a ticket (and its events) per item; returns their codes in order (no commit).

    Tickets and events go in as plain executemany rows: the ORM unit of work and
    multi-row RETURNING cost more than the database work itself at this volume.
    """
    if not items:
        return []
    calendar = calendar_service.business_calendar()
    days = calendar_service.all_deadline_days()
    offices = dict(db.session.execute(select(Office.code, Office.id)).all())
    with db.session.no_autoflush:
        citizens = _resolve_citizens([i.entry.citizen for i in items], now)
    db.session.flush()  # new citizens get their ids
    filed = [min(i.entry.filed_at or now, now) for i in items]
    codes = _reserve_codes([(i.entry.office, i.entry.type, lima_date(f).year)
                            for i, f in zip(items, filed, strict=True)])
    rows, events = [], []
    for item, filed_at, citizen, code in zip(items, filed, citizens, codes, strict=True):
        e = item.entry
        deadline = compute_deadline(calendar, filed_at, e.office, days.get(e.type))
        rows.append({
            "code": code, "type": e.type, "channel": e.channel, "office_id": offices[e.office],
            "subject": e.subject, "description": e.description, "status": Status.REGISTRADO.value,
            "citizen_id": citizen.id if citizen else None, "filed_at": filed_at,
            "received_on": deadline.received_on, "due_on": deadline.due_on, "client_uuid": e.client_uuid,
            "created_by_id": actor.id, "created_at": now, "updated_at": now,
            "closed_at": None, "closed_on": None, "response": None, "motive": e.motive,
            "language": attention_language(e, citizen.language if citizen else None),
            "trip_id": e.trip})
        events.append((code, "created", {
            "status": [None, Status.REGISTRADO.value],
            "received_on": [None, deadline.received_on.isoformat()],
            "due_on": [None, deadline.due_on.isoformat() if deadline.due_on else None],
            "source": source}, None))
        if item.notes:
            events.append((code, "note", {"source": "campo"}, item.notes))
        if item.response:
            _close(rows[-1], now, item.response)
            events.append((code, "closed", {"status": [Status.REGISTRADO.value, Status.CERRADO.value]},
                           item.response))
    # Core inserts: the ORM's bulk path splits rows by which values are None.
    db.session.execute(Ticket.__table__.insert(), rows)
    ids = dict(db.session.execute(select(Ticket.code, Ticket.id).where(Ticket.code.in_(codes))).all())
    db.session.execute(TicketEvent.__table__.insert(), [
        {"ticket_id": ids[code], "actor_id": actor.id, "at": now, "kind": kind, "changes": changes,
         "note": note} for code, kind, changes, note in events])
    _notify_closed([ids[r["code"]] for r in rows if r["status"] == Status.CERRADO.value])
    return codes


def _close(row: dict, now: datetime, response: str) -> None:
    """Closed at once with the answer given in the field (registrado -> cerrado is allowed)."""
    row.update(status=Status.CERRADO.value, response=response, closed_at=now, closed_on=lima_date(now))


def _notify_closed(ticket_ids: list[int]) -> None:
    """Queue the answer for the citizen, as close_ticket does."""
    if not ticket_ids:
        return
    closed = db.session.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids))
                                .options(selectinload(Ticket.citizen)))
    for ticket in closed:
        citizen_notifications.send_closing_response(ticket)


def _reserve_codes(keys: list[tuple[str, str, int]]) -> list[str]:
    """One code per (office, type, year), numbered like codes.next_ticket_code.

    Each (prefix, year) counter is advanced once by the number of codes needed.
    """
    prefixed = [(code_prefix(office, kind), year) for office, kind, year in keys]
    next_number = {key: reserve_numbers(*key, count) - count + 1
                   for key, count in Counter(prefixed).items()}
    codes = []
    for key in prefixed:
        codes.append(format_code(*key, next_number[key]))
        next_number[key] += 1
    return codes


def _resolve_citizens(inputs: list[CitizenInput], now: datetime) -> list[Citizen | None]:
    """services.citizens.upsert_citizen for many at once: two queries, then in memory."""
    by_document = _existing_by_document(inputs)
    by_contact = _existing_by_contact(inputs)
    resolved = []
    for data in inputs:
        citizen = _match(data, by_document, by_contact)
        if citizen is None and not (data.document_number or data.phone or data.email
                                    or data.first_name or data.last_name):
            resolved.append(None)
            continue
        if citizen is None:
            citizen = Citizen(document_type=data.document_type, document_number=data.document_number,
                              language=data.language or DEFAULT_LANGUAGE, created_at=now, updated_at=now)
            db.session.add(citizen)
        for name in UPDATABLE:
            value = getattr(data, name)
            if value and value != getattr(citizen, name):
                setattr(citizen, name, value)
        citizen.updated_at = now
        _remember(citizen, by_document, by_contact)
        resolved.append(citizen)
    return resolved


def _match(data: CitizenInput, by_document: dict, by_contact: dict) -> Citizen | None:
    if data.document_type and data.document_number:
        return by_document.get((data.document_type, data.document_number))
    if data.phone:
        return by_contact.get(("phone", data.phone))
    return by_contact.get(("email", data.email)) if data.email else None


def _remember(citizen: Citizen, by_document: dict, by_contact: dict) -> None:
    if citizen.document_number:
        by_document[(citizen.document_type, citizen.document_number)] = citizen
        return
    for kind, value in (("phone", citizen.phone), ("email", citizen.email)):
        if value:
            by_contact.setdefault((kind, value), citizen)


def _existing_by_document(inputs: list[CitizenInput]) -> dict[tuple[str, str], Citizen]:
    numbers = sorted({c.document_number for c in inputs if c.document_type and c.document_number})
    found: dict[tuple[str, str], Citizen] = {}
    for start in range(0, len(numbers), 1000):
        for citizen in db.session.scalars(
                select(Citizen).where(Citizen.document_number.in_(numbers[start:start + 1000]))):
            found[(citizen.document_type, citizen.document_number)] = citizen
    return found


def _existing_by_contact(inputs: list[CitizenInput]) -> dict[tuple[str, str], Citizen]:
    """Undocumented citizens by phone or e-mail; the oldest wins, as in upsert_citizen."""
    undocumented = [c for c in inputs if not c.document_number]
    phones = sorted({c.phone for c in undocumented if c.phone})
    emails = sorted({c.email for c in undocumented if c.email and not c.phone})
    if not phones and not emails:
        return {}
    found: dict[tuple[str, str], Citizen] = {}
    rows = db.session.scalars(
        select(Citizen).where(Citizen.document_number.is_(None),
                              or_(Citizen.phone.in_(phones), Citizen.email.in_(emails)))
        .order_by(Citizen.id))
    for citizen in rows:
        _remember(citizen, {}, found)
    return found
