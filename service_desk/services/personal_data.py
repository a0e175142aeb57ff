"""Citizens' rights under Ley 29733: access (export), rectification, and retention."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, exists, select, update

from service_desk import clock
from service_desk.domain.access import SEALED_TYPE
from service_desk.domain.errors import NotFound, ValidationError
from service_desk.domain.validation import validate_citizen
from service_desk.extensions import db
from service_desk.models import Citizen, Ticket, TicketEvent, User
from service_desk.models.audit import CitizenChange
from service_desk.services.access_log import record_access
from service_desk.services.citizens import UPDATABLE, find_by_document

ERASED = "[anonimizado]"


def citizen_dossier(document_type: str, document_number: str, requested_by: User | None) -> dict:
    """Everything held about a person: identity, contact, tickets with their trails, rectifications."""
    citizen = find_by_document(document_type, document_number)
    if citizen is None:
        raise NotFound("No hay datos de una persona con ese documento.")
    tickets = db.session.scalars(select(Ticket).where(
        Ticket.citizen_id == citizen.id, Ticket.type != SEALED_TYPE).order_by(Ticket.filed_at)).all()
    changes = db.session.scalars(select(CitizenChange).where(CitizenChange.citizen_id == citizen.id)
                                 .order_by(CitizenChange.id)).all()
    record_access(requested_by, "export", "citizen", f"{document_type} {document_number}", channel="cli")
    return {
        "generated_at": clock.now().isoformat(),
        "citizen": {f: getattr(citizen, f) for f in
                    ("document_type", "document_number", *UPDATABLE)},
        "tickets": [_ticket(t) for t in tickets],
        "rectifications": [{"at": c.at.isoformat(), "field": c.field, "old": c.old_value,
                            "new": c.new_value, "reason": c.reason} for c in changes],
    }


def _ticket(ticket: Ticket) -> dict:
    return {
        "code": ticket.code, "type": ticket.type, "channel": ticket.channel,
        "office": ticket.office.code, "subject": ticket.subject, "status": ticket.status,
        "description": ticket.description, "response": ticket.response,
        "filed_at": ticket.filed_at.isoformat(), "received_on": ticket.received_on.isoformat(),
        "due_on": ticket.due_on.isoformat() if ticket.due_on else None,
        "closed_at": ticket.closed_at.isoformat() if ticket.closed_at else None,
        "events": [{"at": e.at.isoformat(), "kind": e.kind, "note": e.note} for e in ticket.events],
    }


def rectify_citizen(user: User, citizen: Citizen, changes: dict, reason: str) -> list[CitizenChange]:
    """Correct contact data; each changed field is kept as a tracked change."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Indique el motivo o la solicitud de rectificación."})
    errors: dict[str, str] = {}
    checked = validate_citizen({k: v for k, v in changes.items() if k in UPDATABLE}, errors, prefix="")
    if errors:
        raise ValidationError(errors)
    now, made = clock.now(), []
    for field in UPDATABLE:
        new = getattr(checked, field)
        if field in changes and new and new != getattr(citizen, field):
            made.append(CitizenChange(citizen_id=citizen.id, at=now, user_id=user.id, field=field,
                                      old_value=getattr(citizen, field), new_value=new, reason=reason))
            setattr(citizen, field, new)
    citizen.updated_at = now
    db.session.add_all(made)
    db.session.commit()
    return made


def anonymise_expired_citizens() -> int:
    """Erase identity and contact of citizens whose every ticket closed over N years ago.

    Type, channel, office and dates stay, so indicators and history keep their numbers.
    """
    cutoff = clock.now() - timedelta(days=365 * current_app.config["RETENTION_YEARS"])
    still_needed = exists().where(and_(
        Ticket.citizen_id == Citizen.id,
        (Ticket.closed_at.is_(None) & (Ticket.status != "anulado")) | (Ticket.closed_at > cutoff)))
    ids = list(db.session.scalars(select(Citizen.id).where(
        Citizen.anonymised_at.is_(None), ~still_needed,
        exists().where(Ticket.citizen_id == Citizen.id))))
    if not ids:
        return 0
    now = clock.now()
    db.session.execute(update(Citizen).where(Citizen.id.in_(ids)).values(
        document_type=None, document_number=None, first_name=None, last_name=None, phone=None,
        email=None, address=None, anonymised_at=now, updated_at=now))
    db.session.execute(update(Ticket).where(Ticket.citizen_id.in_(ids)).values(
        description=ERASED, response=ERASED, updated_at=now))
    db.session.execute(update(TicketEvent).where(TicketEvent.ticket_id.in_(
        select(Ticket.id).where(Ticket.citizen_id.in_(ids)))).values(note=None))
    db.session.commit()
    return len(ids)
