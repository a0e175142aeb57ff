"""Triage: reclassify the type, subject and office of an open case (API.md, reclassify).

One transaction: the new classification, the due date recomputed from the
unchanged reception day (the legal clock runs from the first contact), alerts
that stopped being true withdrawn, the seal applied or lifted when the case
becomes or stops being a denuncia, the new office's supervisors told, and one
audit event with the old and new values and the reason.
"""

from __future__ import annotations

from sqlalchemy import select

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.access import Actor
from service_desk.domain.catalog import OFFICES
from service_desk.domain.errors import Forbidden, InvalidTransition, ValidationError
from service_desk.domain.triage import (
    Classification,
    changed_fields,
    validate_reclassification,
)
from service_desk.domain.workflow import OPEN_STATUSES, Status
from service_desk.extensions import db
from service_desk.models import Notification, Office, Ticket, User
from service_desk.services import alerts as alert_service
from service_desk.services import calendar as calendar_service
from service_desk.services import sealed_cases
from service_desk.services.ticket_actions import RECLASSIFYING_ROLES
from service_desk.services.tickets import add_event, get_ticket

MOTIVE_TYPES = ("reclamo", "queja")


def reclassify_ticket(actor: Actor, code: str, data: object) -> Ticket:
    """Apply a triage decision to an open case and commit; returns the ticket."""
    wanted = validate_reclassification(data)
    ticket = get_ticket(actor, code)
    if actor.role not in RECLASSIFYING_ROLES:
        raise Forbidden("Su rol no puede reclasificar casos.")
    if Status(ticket.status) not in OPEN_STATUSES:
        raise InvalidTransition("Solo se reclasifican casos abiertos.", {"status": ticket.status})
    current = Classification(ticket.type, ticket.subject, ticket.office.code)
    changes = changed_fields(current, wanted)
    new_type = wanted.type or ticket.type
    if wanted.motive and new_type not in MOTIVE_TYPES:
        raise ValidationError({"motive": "El motivo se registra solo en reclamos y quejas."})
    _apply(actor, ticket, changes, wanted.motive)
    add_event(ticket, actor, "reclassified", changes, note=wanted.reason)
    _seal_or_lift(actor, ticket, current.type, wanted.reason)
    crossed = (current.type == access.SEALED_TYPE) != (ticket.type == access.SEALED_TYPE)
    alert_service.withdraw_untrue_alerts(ticket, everything=crossed)
    if "office" in changes and ticket.type != access.SEALED_TYPE:
        _tell_new_office(ticket, current.office)
    db.session.commit()
    return ticket


def _apply(actor: Actor, ticket: Ticket, changes: dict, motive: str | None) -> None:
    """New values, the due date from the unchanged reception day, and who holds the case."""
    if "type" in changes:
        ticket.type = changes["type"][1]
    if "subject" in changes:
        ticket.subject = changes["subject"][1]
    if "office" in changes:
        ticket.office = db.session.scalar(select(Office).where(Office.code == changes["office"][1]))
        if ticket.assignee is not None and ticket.assignee.office_code != ticket.office.code:
            changes["assignee"] = [ticket.assignee.username, None]
            ticket.assignee_id = None  # the old office no longer sees it; its supervisor assigns
    if motive and motive != ticket.motive:
        changes["motive"] = [ticket.motive, motive]
        ticket.motive = motive
    if ticket.type not in MOTIVE_TYPES and ticket.motive:
        changes["motive"] = [ticket.motive, None]
        ticket.motive = None
    due = _due_on(ticket)
    if due != ticket.due_on:
        changes["due_on"] = [_iso(ticket.due_on), _iso(due)]
        ticket.due_on = due
    ticket.updated_at = clock.now()


def _due_on(ticket: Ticket):
    """received_on plus the type's días hábiles on the office's calendar; None without a deadline."""
    days = calendar_service.deadline_days(ticket.type)
    if not days:
        return None
    cal = calendar_service.business_calendar()
    return cal.add_business_days(ticket.received_on, days, ticket.office.code)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _seal_or_lift(actor: Actor, ticket: Ticket, old_type: str, reason: str) -> None:
    """Becoming a denuncia seals the case; a denuncia becoming anything else lifts its seal."""
    if ticket.type == access.SEALED_TYPE and old_type != access.SEALED_TYPE:
        sealed_cases.seal_existing_case(ticket)
    elif old_type == access.SEALED_TYPE and ticket.type != access.SEALED_TYPE:
        sealed_cases.lift_seal(ticket)
        add_event(ticket, actor, "seal_lifted", {"type": [old_type, ticket.type]}, note=reason)


def _tell_new_office(ticket: Ticket, old_office: str) -> None:
    """An in-app notice to each active supervisor of the office that receives the case."""
    now = clock.now()
    message = (f"Caso {ticket.code} trasladado desde {OFFICES.get(old_office, old_office)} "
               f"a {ticket.office.name}.")
    supervisors = db.session.scalars(select(User.id).where(
        User.office_id == ticket.office_id, User.role == "supervisor", User.active.is_(True)))
    for user_id in supervisors:
        db.session.add(Notification(user_id=user_id, ticket_id=ticket.id, message=message,
                                    created_at=now))
