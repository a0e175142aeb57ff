"""Citizens: found by document (or contact when undocumented), created or updated."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service_desk.domain.validation import DEFAULT_LANGUAGE, CitizenInput
from service_desk.extensions import db
from service_desk.models import Citizen

UPDATABLE = ("first_name", "last_name", "phone", "email", "address", "language")


def find_by_document(document_type: str, document_number: str) -> Citizen | None:
    return db.session.scalar(select(Citizen).where(
        Citizen.document_type == document_type, Citizen.document_number == document_number))


def upsert_citizen(data: CitizenInput, now: datetime) -> Citizen | None:
    """The citizen a ticket belongs to; None for an anonymous filing.

    Known documents get their contact data refreshed with what was just said;
    without a document, an undocumented citizen with the same phone or e-mail is reused.
    """
    citizen = None
    if data.document_type and data.document_number:
        citizen = find_by_document(data.document_type, data.document_number)
    elif data.phone or data.email:
        citizen = _find_undocumented(data.phone, data.email)
    elif not (data.first_name or data.last_name):
        return None
    if citizen is None:
        citizen = _create(data, now)
    for field in UPDATABLE:
        value = getattr(data, field)
        if value and value != getattr(citizen, field):
            setattr(citizen, field, value)
    citizen.updated_at = now
    return citizen


def _create(data: CitizenInput, now: datetime) -> Citizen:
    citizen = Citizen(document_type=data.document_type, document_number=data.document_number,
                      language=data.language or DEFAULT_LANGUAGE, created_at=now, updated_at=now)
    if not data.document_number or db.session.get_bind().dialect.name != "postgresql":
        db.session.add(citizen)
        return citizen
    # Two desks may register the same new DNI at once: the loser reuses the winner's row.
    try:
        with db.session.begin_nested():
            db.session.add(citizen)
    except IntegrityError:
        citizen = find_by_document(data.document_type, data.document_number)
    return citizen


def _find_undocumented(phone: str | None, email: str | None) -> Citizen | None:
    query = select(Citizen).where(Citizen.document_number.is_(None))
    query = query.where(Citizen.phone == phone) if phone else query.where(Citizen.email == email)
    return db.session.scalar(query.order_by(Citizen.id).limit(1))
