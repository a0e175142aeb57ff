"""The whole conversation of a case, in and out, with the delivery state of what went out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from service_desk.domain import access
from service_desk.extensions import db
from service_desk.models import InboundMessage, OutboxMessage, Ticket
from service_desk.services import sealed_cases
from service_desk.services.delivery_status import LABELS

CHANNEL_NAMES = {"whatsapp": "WhatsApp", "correo": "Correo", "email": "Correo", "sms": "SMS"}
STATUS_NAMES = {"pending": "En cola", "sending": "Enviando", "sent": "Enviado", "failed": "Fallido"}


@dataclass(frozen=True)
class Line:
    at: datetime
    inbound: bool
    channel: str
    text: str
    state: str | None = None
    problem: str | None = None
    message_id: int | None = None
    media: list = field(default_factory=list)


def conversation(ticket: Ticket) -> list[Line]:
    """Messages from the citizen and to the citizen, oldest first (sealed ones opened for
    integrity: only integrity reaches a denuncia's page)."""
    sealed = sealed_cases.open_messages(ticket) if ticket.type == access.SEALED_TYPE else {}
    lines = []
    for m in db.session.scalars(select(InboundMessage).where(InboundMessage.ticket_id == ticket.id)):
        kept = sealed.get(m.id, {})
        lines.append(Line(m.received_at, True, CHANNEL_NAMES.get(m.channel, m.channel),
                          kept.get("body", m.body), message_id=m.id,
                          media=list(kept.get("media", m.media) or [])))
    for o in db.session.scalars(select(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id)):
        state = LABELS.get(o.delivery_status) if o.delivery_status else STATUS_NAMES.get(o.status)
        text = o.body if not (o.meta or {}).get("template") else f"[Plantilla aprobada] {o.body}"
        lines.append(Line(o.sent_at or o.created_at, False, CHANNEL_NAMES.get(o.channel, o.channel),
                          text, state, o.last_error if o.status == "failed" else None))
    return sorted(lines, key=lambda line: line.at)
