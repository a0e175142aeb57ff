"""Seal a case that becomes a denuncia after registration, and lift the seal again.

A consulta that arrived by WhatsApp or e-mail and is triaged as a denuncia must
end up exactly like one registered as such (D. Leg. 1327): the citizen's
identity, the facts, the inbound messages, the notes of the audit trail and the
attached files go into the encrypted SealedRecord (files are encrypted in
place); what stays in clear are placeholders. Messages to the citizen still
waiting in the outbox are withheld, and delivered ones keep no address or text.
Only the integrity role reaches these functions' results (access.can_see).
"""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import delete, exists, select, update

from service_desk import clock
from service_desk.domain.sealing import new_pseudonym
from service_desk.domain.validation import CitizenInput
from service_desk.extensions import db
from service_desk.models import (
    Attachment,
    Citizen,
    CitizenChange,
    InboundMessage,
    OutboxMessage,
    SealedRecord,
    Ticket,
    TicketEvent,
)
from service_desk.models.channels import SenderLock
from service_desk.services.citizens import upsert_citizen
from service_desk.services.sealing import SEALED_DESCRIPTION, sealer

RESERVED = "[reservado]"
SEALED_FILENAME = "archivo-reservado"
# Keys of an event's changes that name the citizen or carry content.
PRIVATE_CHANGE_KEYS = ("from", "media", "attachments")
IDENTITY = tuple(f.name for f in fields(CitizenInput) if f.name != "language")


def seal_existing_case(ticket: Ticket) -> SealedRecord:
    """Move everything readable about the case into its sealed record (caller commits)."""
    db.session.flush()
    citizen = ticket.citizen
    identity = {k: getattr(citizen, k) for k in IDENTITY if citizen and getattr(citizen, k)}
    payload = {"citizen": identity or None, "description": ticket.description,
               "language": citizen.language if citizen else "es",
               "messages": _seal_messages(ticket), "events": _seal_events(ticket),
               "attachments": _seal_attachments(ticket)}
    _withhold_outbox(ticket)
    ticket.citizen = None
    if citizen is not None:
        _forget_if_only_here(citizen, ticket)
    ticket.description = SEALED_DESCRIPTION
    record = SealedRecord(ticket_id=ticket.id, pseudonym=new_pseudonym(), anonymous=not identity,
                          ciphertext=sealer().seal(payload), sealed_at=clock.now())
    db.session.add(record)
    return record


def _seal_messages(ticket: Ticket) -> dict:
    kept = {}
    for message in db.session.scalars(select(InboundMessage).where(
            InboundMessage.ticket_id == ticket.id)):
        kept[str(message.id)] = {"sender": message.sender, "body": message.body,
                                 "media": message.media}
        message.sender, message.body, message.media = RESERVED, "", []
    senders = {value["sender"] for value in kept.values()}
    if senders:  # the per-sender lock rows would still name the number; they are recreated on use
        db.session.execute(delete(SenderLock).where(SenderLock.sender.in_(senders)))
    return kept


def _seal_events(ticket: Ticket) -> dict:
    kept = {}
    for event in db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)):
        changes = event.changes or {}
        private = {k: changes[k] for k in PRIVATE_CHANGE_KEYS if k in changes}
        if event.note is None and not private:
            continue
        kept[str(event.id)] = {"note": event.note, "changes": private}
        event.note = RESERVED if event.note is not None else None
        event.changes = {k: v for k, v in changes.items() if k not in PRIVATE_CHANGE_KEYS}
    return kept


def _seal_attachments(ticket: Ticket) -> dict:
    box, kept = sealer(), {}
    for item in db.session.scalars(select(Attachment).where(
            Attachment.ticket_id == ticket.id, Attachment.sealed.is_(False))):
        kept[str(item.id)] = item.filename
        item.data, item.filename, item.sealed = box.seal_bytes(item.data), SEALED_FILENAME, True
    return kept


def _withhold_outbox(ticket: Ticket) -> None:
    """Pending messages are not sent; no message of the case keeps the citizen's address or text."""
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id,
                                    OutboxMessage.status == "pending")
        .values(status="failed", last_error="Retenido: el caso es una denuncia reservada."))
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id)
        .values(recipient=RESERVED, body=RESERVED, meta={}))


def _forget_if_only_here(citizen: Citizen, ticket: Ticket) -> None:
    """A citizen known only through this case keeps no identity outside the seal."""
    elsewhere = db.session.scalar(select(exists().where(
        Ticket.citizen_id == citizen.id, Ticket.id != ticket.id)))
    if elsewhere:
        return
    for name in IDENTITY:
        setattr(citizen, name, None)
    citizen.anonymised_at = citizen.updated_at = clock.now()
    db.session.execute(update(CitizenChange).where(CitizenChange.citizen_id == citizen.id)
                       .values(old_value=None, new_value=None))


def lift_seal(ticket: Ticket) -> None:
    """Integrity reclassified the denuncia as something else: restore what the seal held."""
    record = db.session.get(SealedRecord, ticket.id)
    if record is None:
        return
    content = sealer().open(record.ciphertext)
    ticket.description = content.get("description") or ticket.description
    identity = content.get("citizen") or {}
    if identity:
        data = CitizenInput(**{k: identity.get(k) for k in IDENTITY},
                            language=content.get("language") or "es")
        ticket.citizen = upsert_citizen(data, clock.now())
    _restore_messages(content.get("messages") or {})
    _restore_events(content.get("events") or {})
    _restore_attachments(ticket, content.get("attachments") or {})
    db.session.delete(record)


def _restore_messages(kept: dict) -> None:
    for key, value in kept.items():
        message = db.session.get(InboundMessage, int(key))
        if message is not None:
            message.sender, message.body, message.media = (value["sender"], value["body"],
                                                           value["media"])


def _restore_events(kept: dict) -> None:
    for key, value in kept.items():
        event = db.session.get(TicketEvent, int(key))
        if event is not None:
            event.note = value.get("note")
            event.changes = {**(event.changes or {}), **(value.get("changes") or {})}


def _restore_attachments(ticket: Ticket, names: dict) -> None:
    box = sealer()
    for item in db.session.scalars(select(Attachment).where(
            Attachment.ticket_id == ticket.id, Attachment.sealed.is_(True))):
        item.data, item.sealed = box.open_bytes(item.data), False
        item.filename = names.get(str(item.id), item.filename)


def open_attachment(item: Attachment) -> tuple[str, bytes]:
    """Name and bytes of a file; a sealed one is decrypted (callers checked the integrity role)."""
    if not item.sealed:
        return item.filename, item.data
    record = db.session.get(SealedRecord, item.ticket_id)
    names = sealer().open(record.ciphertext).get("attachments", {}) if record else {}
    return names.get(str(item.id), item.filename), sealer().open_bytes(item.data)


def open_messages(ticket: Ticket) -> dict[int, dict]:
    """The sealed inbound messages of a denuncia by id (integrity only)."""
    record = db.session.get(SealedRecord, ticket.id)
    if record is None:
        return {}
    return {int(k): v for k, v in (sealer().open(record.ciphertext).get("messages") or {}).items()}


def seal_new_attachment(ticket: Ticket, item: Attachment) -> None:
    """A file added to a denuncia after its sealing: encrypted, its name kept in the seal."""
    record = db.session.get(SealedRecord, ticket.id)
    box = sealer()
    if record is not None:
        content = box.open(record.ciphertext)
        content.setdefault("attachments", {})[str(item.id)] = item.filename
        record.ciphertext = box.seal(content)
    item.data, item.filename, item.sealed = box.seal_bytes(item.data), SEALED_FILENAME, True
