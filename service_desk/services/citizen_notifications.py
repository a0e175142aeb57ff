"""What the citizen is told, and through which channel, when their case moves.

Every answer goes back the way the case came: WhatsApp cases through WhatsApp,
the others by e-mail when the citizen left one. Called inside the caller's
transaction; messages go to the outbox so they are sent after commit, with
retries, and never twice (each has a dedupe key).
"""

from __future__ import annotations

from sqlalchemy import select

from service_desk.domain.messages import SIGNATURE
from service_desk.extensions import db
from service_desk.models import InboundMessage, Ticket
from service_desk.services import messages
from service_desk.services.outbox import enqueue_email, enqueue_whatsapp

# Twilio refuses WhatsApp bodies over 1,600 characters; longer answers go in parts.
WHATSAPP_CHUNK = 1500


def on_ticket_closed(ticket: Ticket) -> None:
    """Send the response back through the case's channel (sealed denuncias excepted)."""
    if ticket.type == "denuncia":
        return
    if ticket.channel == "whatsapp":
        _whatsapp_response(ticket)
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


def _whatsapp_response(ticket: Ticket) -> None:
    recipient = whatsapp_address(ticket)
    if recipient is None:
        return
    text = messages.text("response_whatsapp", messages.citizen_language(ticket), code=ticket.code,
                         response=ticket.response)
    parts = [text[i:i + WHATSAPP_CHUNK] for i in range(0, len(text), WHATSAPP_CHUNK)]
    for number, part in enumerate(parts, start=1):
        key = f"closed-wa:{ticket.code}" + (f":{number}" if len(parts) > 1 else "")
        enqueue_whatsapp(recipient, part, ticket_id=ticket.id, dedupe_key=key)
