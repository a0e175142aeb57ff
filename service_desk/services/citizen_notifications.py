"""What the citizen is told, and through which channel, when their case moves.

Every answer goes back the way the case came: WhatsApp cases through WhatsApp
(a session message inside Twilio's 24-hour window after the citizen's last
message, a pre-approved template after it), the others by e-mail when the
citizen left one, and by SMS when a Libro or telephone citizen left only a
phone. Texts come from the message templates in the citizen's language. Called
inside the caller's transaction; messages go to the outbox so they are sent
after commit, with retries, and never twice (each has a dedupe key).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from service_desk import clock
from service_desk.domain.messages import SIGNATURE
from service_desk.extensions import db
from service_desk.models import InboundMessage, Ticket
from service_desk.services import messages
from service_desk.services.outbox import enqueue, enqueue_email, enqueue_whatsapp

# Twilio refuses WhatsApp bodies over 1,600 characters; longer answers go in parts.
WHATSAPP_CHUNK = 1500
# Twilio lets a business write freely only within 24 hours of the citizen's last message.
WHATSAPP_SESSION = timedelta(hours=24)
# Template variables are short: a longer response is cut, and the template says to ask for it.
TEMPLATE_TEXT_MAX = 900
# Channels whose citizens often leave only a phone: answered by SMS when there is no e-mail.
SMS_CHANNELS = ("libro_reclamaciones", "telefonico")


def send_closing_response(ticket: Ticket) -> None:
    """The closing response, back the way the case came (sealed denuncias excepted)."""
    if ticket.type == "denuncia":
        return
    if ticket.channel == "whatsapp":
        _whatsapp_response(ticket)
        return
    phone = sms_phone(ticket)
    if phone:
        _sms_response(ticket, phone)
        return
    language = messages.citizen_language(ticket)
    _email_citizen(
        ticket, "closed", messages.text("response_email_subject", language, code=ticket.code),
        messages.text("response_email_body", language, code=ticket.code, response=ticket.response))


def acknowledge(ticket: Ticket) -> None:
    """Tell an e-mail sender which case their message opened and how to add to it."""
    if ticket.channel != "correo":
        return
    language = messages.citizen_language(ticket)
    _email_citizen(ticket, "ack", messages.text("email_ack_subject", language, code=ticket.code),
                   messages.text("email_ack_body", language, code=ticket.code))


def constancia_copy(ticket: Ticket, text: str) -> None:
    """E-mail the constancia of a Libro de Reclamaciones filing, with its PDF attached at send time."""
    _email_citizen(
        ticket, "constancia",
        messages.text("constancia_subject", messages.citizen_language(ticket), code=ticket.code),
        f"{text}\n\n{SIGNATURE}", meta={"constancia": ticket.code})


def _email_citizen(ticket: Ticket, kind: str, subject: str, body: str, meta: dict | None = None) -> None:
    """Queue one e-mail of `kind` per case, when the citizen left an address."""
    citizen = ticket.citizen
    if citizen is None or not citizen.email:
        return
    enqueue_email(citizen.email, subject, body, ticket_id=ticket.id,
                  dedupe_key=f"{kind}:{ticket.code}", meta=meta)


def whatsapp_address(ticket: Ticket) -> str | None:
    """Where a WhatsApp case is answered: the number that last wrote, else the citizen's phone."""
    sender = db.session.scalar(
        select(InboundMessage.sender)
        .where(InboundMessage.ticket_id == ticket.id, InboundMessage.channel == "whatsapp")
        .order_by(InboundMessage.id.desc()).limit(1))
    if sender:
        return sender
    phone = ticket.citizen.phone if ticket.citizen else None
    return f"whatsapp:{phone}" if phone else None


def last_whatsapp_message_at(ticket: Ticket):
    """When the citizen last wrote on WhatsApp about this case (None if never)."""
    return db.session.scalar(select(func.max(InboundMessage.received_at)).where(
        InboundMessage.ticket_id == ticket.id, InboundMessage.channel == "whatsapp"))


def in_whatsapp_session(ticket: Ticket, at: datetime | None = None) -> bool:
    """Whether a free-form WhatsApp message sent at `at` (default now) falls in the 24 hours."""
    last = last_whatsapp_message_at(ticket)
    return last is not None and (at or clock.now()) - last <= WHATSAPP_SESSION


def sms_phone(ticket: Ticket) -> str | None:
    """The phone to text when the citizen of a Libro or telephone case left no e-mail."""
    citizen = ticket.citizen
    if citizen is not None and not citizen.email and citizen.phone and ticket.channel in SMS_CHANNELS:
        return citizen.phone
    return None


def _response_text(ticket: Ticket) -> str:
    return messages.text("response_whatsapp", messages.citizen_language(ticket), code=ticket.code,
                         response=ticket.response)


def _whatsapp_response(ticket: Ticket) -> None:
    recipient = whatsapp_address(ticket)
    if recipient is None:
        return
    text = _response_text(ticket)
    if not in_whatsapp_session(ticket):
        _whatsapp_template(ticket, recipient, text)
        return
    parts = _parts(text)
    for number, part in enumerate(parts, start=1):
        key = f"closed-wa:{ticket.code}" + (f":{number}" if len(parts) > 1 else "")
        enqueue_whatsapp(recipient, part, ticket_id=ticket.id, dedupe_key=key)


def _whatsapp_template(ticket: Ticket, recipient: str, text: str) -> None:
    """Outside the 24 hours: the approved template with the code and the response as variables."""
    response = ticket.response or ""
    if len(response) > TEMPLATE_TEXT_MAX:
        response = response[:TEMPLATE_TEXT_MAX - 1] + "…"
    meta = {"template": True, "content_sid": current_app.config.get("TWILIO_RESPONSE_TEMPLATE_SID"),
            "content_variables": {"1": ticket.code, "2": response}}
    enqueue_whatsapp(recipient, text, ticket_id=ticket.id, dedupe_key=f"closed-wa:{ticket.code}",
                     meta=meta)


def _sms_response(ticket: Ticket, phone: str) -> None:
    parts = _parts(_response_text(ticket))
    for number, part in enumerate(parts, start=1):
        key = f"closed-sms:{ticket.code}" + (f":{number}" if len(parts) > 1 else "")
        enqueue("sms", phone, part, ticket_id=ticket.id, dedupe_key=key)


def _parts(text: str) -> list[str]:
    return [text[i:i + WHATSAPP_CHUNK] for i in range(0, len(text), WHATSAPP_CHUNK)]
