"""Conversations with citizens: every inbound WhatsApp or e-mail message opens or joins a ticket.

Rules:
- a provider id (Twilio MessageSid, e-mail Message-ID) is processed once;
  a redelivery returns the ticket of the first time and changes nothing;
- WhatsApp: a bare digit 1-5 from a number whose WhatsApp case closed in the last
  7 days answers that case's satisfaction survey (services.surveys) and opens nothing;
- WhatsApp: a message from a number with an open WhatsApp ticket joins it as a
  citizen message; otherwise a new consulta opens at Sede Central, where an
  agent classifies it; media URLs are kept;
- e-mail: a message naming the code of an open ticket of the same sender joins
  it; otherwise a new consulta opens at Sede Central and is acknowledged.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from service_desk import clock
from service_desk.channels.mail import ImapSettings, IncomingEmail, poll_mailbox
from service_desk.channels.whatsapp import phone_of
from service_desk.domain.access import Actor
from service_desk.domain.errors import ValidationError
from service_desk.domain.validation import normalize_phone
from service_desk.domain.workflow import OPEN_STATUSES
from service_desk.extensions import db
from service_desk.models import Attachment, Citizen, InboundMessage, Ticket
from service_desk.services import citizen_notifications, messages, surveys
from service_desk.services.locks import lock_sender
from service_desk.services.tickets import add_event, register_ticket

# Tickets opened by a channel rather than a person are registered by this actor.
SYSTEM_ACTOR = Actor(id=None, role="national_supervisor", office="SEDE")
INTAKE_OFFICE = "SEDE"
CODE_RE = re.compile(r"\b[A-Z]{3,4}-\d{4}-\d{6}\b")
MAX_FILES, MAX_FILE_BYTES = 5, 5 * 1024 * 1024
_NAMESPACE = uuid.UUID("6f1c2b1e-7d0a-4f43-9a57-3c1e2d9b8a10")
_OPEN = [s.value for s in OPEN_STATUSES]


@dataclass(frozen=True)
class Outcome:
    """What happened to one inbound message."""

    ticket: Ticket | None
    created: bool = False
    duplicate: bool = False


def receive_whatsapp(sid: str, sender: str, body: str, media: list[dict],
                     profile_name: str | None = None) -> Outcome:
    """Apply the WhatsApp conversation rules to one Twilio message (commits).

    The sender's lock is held until the commit: messages of one number arriving at once
    are handled one after the other, so the second and third join the case the first opened.
    """
    lock_sender(sender[:280])
    previous = _previous_outcome("whatsapp", sid)
    if previous is not None:
        return previous
    message = _inbound("whatsapp", sid, sender, body, media)
    rated = surveys.rate_by_whatsapp(message)  # a bare digit 1-5 answering a recent survey
    if rated is not None:
        return Outcome(rated)
    ticket = _open_whatsapp_ticket(sender)
    if ticket is not None:
        return _join(ticket, message)
    citizen = {"phone": phone_of(sender), "first_name": (profile_name or "").strip()[:100] or None}
    description = body or "(Mensaje de WhatsApp con archivos adjuntos)"
    return _open(message, citizen, description)


def receive_email(mail: IncomingEmail) -> Outcome:
    """Apply the e-mail conversation rules to one message of the service mailbox (commits)."""
    previous = _previous_outcome("correo", mail.message_id)
    if previous is not None:
        return previous
    message = _inbound("correo", mail.message_id, mail.sender, mail.text, [])
    files = _attachments(mail)
    ticket = _replied_ticket(mail)
    if ticket is not None:
        return _join(ticket, message, files)
    citizen = {"email": mail.sender, "first_name": mail.sender_name[:100] or None}
    description = f"Asunto: {mail.subject or '(sin asunto)'}\n\n{mail.text or '(sin texto)'}"
    return _open(message, citizen, description[:5000], files, acknowledge=True)


def reply_text(outcome: Outcome) -> str:
    """What the citizen reads right away: the ticket code and what happens next (their language)."""
    if outcome.ticket is None:
        return messages.text("whatsapp_not_registered", None)
    language = messages.citizen_language(outcome.ticket)
    code = outcome.ticket.code
    if outcome.ticket.status == "cerrado":  # only a survey answer joins a closed case
        return messages.text("survey_thanks", language, code=code)
    key = "whatsapp_ack_new" if outcome.created else "whatsapp_ack_joined"
    return messages.text(key, language, code=code)


def _client_uuid(channel: str, provider_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{channel}:{provider_id}"))


def _previous_outcome(channel: str, provider_id: str) -> Outcome | None:
    """The outcome of an earlier delivery of the same message, if there was one."""
    seen = db.session.scalar(select(InboundMessage).where(
        InboundMessage.channel == channel, InboundMessage.provider_id == provider_id))
    if seen is not None:
        ticket = db.session.get(Ticket, seen.ticket_id) if seen.ticket_id else None
        return Outcome(ticket, duplicate=True)
    # The ticket may have been committed by a delivery that died before recording the message.
    ticket = db.session.scalar(
        select(Ticket).where(Ticket.client_uuid == _client_uuid(channel, provider_id)))
    return Outcome(ticket, duplicate=True) if ticket is not None else None


def _inbound(channel: str, provider_id: str, sender: str, body: str, media: list[dict]) -> InboundMessage:
    return InboundMessage(channel=channel, provider_id=provider_id, sender=sender[:254],
                          body=body or "", media=media, received_at=clock.now())


def _open_whatsapp_ticket(sender: str) -> Ticket | None:
    """The most recent open WhatsApp ticket of this number (by earlier messages or citizen phone)."""
    earlier = select(InboundMessage.ticket_id).where(
        InboundMessage.channel == "whatsapp", InboundMessage.sender == sender,
        InboundMessage.ticket_id.is_not(None))
    phone = normalize_phone(phone_of(sender))
    mine = Ticket.id.in_(earlier)
    if phone is not None:
        mine = or_(mine, Ticket.citizen.has(Citizen.phone == phone))
    return db.session.scalar(
        select(Ticket).where(Ticket.channel == "whatsapp", Ticket.status.in_(_OPEN), mine)
        .order_by(Ticket.filed_at.desc(), Ticket.id.desc()).limit(1))


def _replied_ticket(mail: IncomingEmail) -> Ticket | None:
    """An open ticket named in the subject or text whose citizen wrote from this address."""
    for code in CODE_RE.findall(f"{mail.subject}\n{mail.text}"):
        ticket = db.session.scalar(select(Ticket).where(Ticket.code == code))
        if ticket is None or ticket.status not in _OPEN:
            continue
        if _same_sender(ticket, mail.sender):
            return ticket
    return None


def _same_sender(ticket: Ticket, sender: str) -> bool:
    if ticket.citizen is not None and (ticket.citizen.email or "").lower() == sender:
        return True
    return db.session.scalar(select(InboundMessage.id).where(
        InboundMessage.ticket_id == ticket.id, InboundMessage.sender == sender).limit(1)) is not None


def _join(ticket: Ticket, message: InboundMessage, files: list[Attachment] = ()) -> Outcome:
    """Add the message to the ticket's trail in one commit; a lost race is a duplicate."""
    _record(ticket, message, files)
    ticket.updated_at = clock.now()
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _previous_outcome(message.channel, message.provider_id) or Outcome(None, duplicate=True)
    return Outcome(ticket)


def _open(message: InboundMessage, citizen: dict, description: str,
          files: list[Attachment] = (), acknowledge: bool = False) -> Outcome:
    """Register a consulta at Sede Central, then record the message (idempotent by client_uuid)."""
    body = {"type": "consulta", "channel": message.channel, "office": INTAKE_OFFICE,
            "subject": "otros", "description": description,
            "citizen": {k: v for k, v in citizen.items() if v},
            "client_uuid": _client_uuid(message.channel, message.provider_id)}
    if message.channel == "whatsapp" and normalize_phone(body["citizen"].get("phone", "")) is None:
        body["citizen"].pop("phone", None)  # not a phone number: kept on the message only
    def record_message(ticket: Ticket) -> None:
        _record(ticket, message, files)
        if acknowledge:
            citizen_notifications.acknowledge(ticket)

    try:
        registration = register_ticket(SYSTEM_ACTOR, body, source=message.channel,
                                       on_created=record_message)
    except ValidationError:
        db.session.add(message)  # remembered, so a redelivery is still a no-op
        db.session.commit()
        return Outcome(None)
    if not registration.created:
        return Outcome(registration.ticket, duplicate=True)
    return Outcome(registration.ticket, created=True)


def _record(ticket: Ticket, message: InboundMessage, files: list[Attachment]) -> None:
    message.ticket_id = ticket.id
    db.session.add(message)
    for item in files:
        item.ticket_id = ticket.id
        db.session.add(item)
    changes = {"channel": message.channel, "from": message.sender, "media": message.media}
    if files:
        changes["attachments"] = [item.filename for item in files]
    add_event(ticket, None, "citizen_message", changes, note=message.body or None)


def _attachments(mail: IncomingEmail) -> list[Attachment]:
    """E-mail attachments worth keeping: at most MAX_FILES, each under MAX_FILE_BYTES."""
    now = clock.now()
    return [Attachment(filename=f.filename[:200], content_type=f.content_type[:100], size=len(f.data),
                       data=f.data, source="correo", created_at=now)
            for f in mail.files[:MAX_FILES] if 0 < len(f.data) <= MAX_FILE_BYTES]


def fetch_service_mailbox() -> str:
    """The `mail-fetch` job: read new messages of the service mailbox, when one is configured."""
    settings = ImapSettings.from_config(current_app.config)
    if settings is None:
        return "sin buzón configurado (MAIL_IMAP_SERVER)"
    return f"correos={poll_mailbox(settings, _receive_or_rollback)}"


def _receive_or_rollback(mail: IncomingEmail) -> Outcome:
    try:
        return receive_email(mail)
    except Exception:
        db.session.rollback()  # the next message starts from a clean session
        raise
