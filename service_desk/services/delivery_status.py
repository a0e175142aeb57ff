"""Delivery states Twilio reports for what the outbox sent (status callbacks).

Twilio may deliver a callback twice or out of order (a "sent" after a
"delivered"): a state only replaces one that comes before it, so a replay
changes nothing and the case page never goes backwards.
"""

from __future__ import annotations

from sqlalchemy import select

from service_desk import clock
from service_desk.extensions import db
from service_desk.models import OutboxMessage

# Progress of a message; failures are final and outrank everything but "read".
RANK = {"accepted": 1, "queued": 1, "sending": 2, "sent": 3, "delivered": 4, "undelivered": 5,
        "failed": 5, "read": 6}
LABELS = {"accepted": "En cola", "queued": "En cola", "sending": "Enviando", "sent": "Enviado",
          "delivered": "Entregado", "read": "Leído", "undelivered": "No entregado",
          "failed": "Fallido"}


def record_delivery_status(message_sid: str, status: str) -> bool:
    """Apply one callback; True when it changed something (commits)."""
    status = (status or "").lower()
    if status not in RANK or not message_sid:
        return False
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.provider_id == message_sid))
    if message is None:
        return False
    if RANK.get(message.delivery_status or "", 0) >= RANK[status]:
        return False
    message.delivery_status, message.delivery_updated_at = status, clock.now()
    db.session.commit()
    return True
