"""Seal and open denuncias with the keys from the configuration."""

from __future__ import annotations

from dataclasses import asdict

from flask import current_app
from sqlalchemy import select

from service_desk import clock
from service_desk.domain.sealing import Sealer, derive_development_key, new_pseudonym
from service_desk.domain.validation import CitizenInput
from service_desk.extensions import db
from service_desk.models import Ticket
from service_desk.models.sealed import SealedRecord

SEALED_DESCRIPTION = "[Contenido reservado: denuncia sellada]"


def sealer() -> Sealer:
    keys = [k.strip() for k in current_app.config.get("SEALING_KEYS", "").split(",") if k.strip()]
    return Sealer(keys or [derive_development_key(current_app.config["SECRET_KEY"])])


def seal_denuncia(ticket: Ticket, citizen: CitizenInput, description: str) -> SealedRecord:
    """Store identity and facts encrypted; the ticket keeps only a placeholder."""
    identity = {k: v for k, v in asdict(citizen).items() if v and k != "language"}
    record = SealedRecord(
        ticket_id=ticket.id, pseudonym=new_pseudonym(), anonymous=not identity,
        ciphertext=sealer().seal({"citizen": identity or None, "description": description,
                                  "language": citizen.language or "es"}),
        sealed_at=clock.now())
    ticket.description = SEALED_DESCRIPTION
    db.session.add(record)
    return record


def open_denuncia(ticket: Ticket) -> dict:
    """Identity and facts of a denuncia; callers must have checked the integrity role."""
    record = db.session.get(SealedRecord, ticket.id)
    if record is None:
        return {"citizen": None, "description": ticket.description, "pseudonym": None}
    content = sealer().open(record.ciphertext)
    return {**content, "pseudonym": record.pseudonym, "anonymous": record.anonymous}


def pseudonym_of(ticket: Ticket) -> str | None:
    return db.session.scalar(select(SealedRecord.pseudonym).where(SealedRecord.ticket_id == ticket.id))


def rotate_keys() -> int:
    """Re-encrypt every sealed record with the newest key; returns how many."""
    box = sealer()
    records = list(db.session.scalars(select(SealedRecord)))
    for record in records:
        record.ciphertext = box.rotate(record.ciphertext)
    db.session.commit()
    return len(records)
