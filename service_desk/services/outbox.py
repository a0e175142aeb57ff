"""Enqueue outbound messages; delivery is the outbox job's work (channels)."""

from __future__ import annotations

from sqlalchemy import select

from service_desk import clock
from service_desk.extensions import db
from service_desk.models.outbox import OutboxMessage


def enqueue(channel: str, recipient: str, body: str, *, subject: str | None = None,
            ticket_id: int | None = None, dedupe_key: str | None = None,
            meta: dict | None = None) -> OutboxMessage:
    """Add a message to the caller's transaction (the caller commits).

    With a dedupe_key already queued, the existing message is returned instead.
    """
    if dedupe_key:
        existing = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))
        if existing is not None:
            return existing
    now = clock.now()
    message = OutboxMessage(channel=channel, recipient=recipient, subject=subject, body=body,
                            ticket_id=ticket_id, dedupe_key=dedupe_key, meta=meta or {},
                            status="pending", attempts=0, next_attempt_at=now, created_at=now)
    db.session.add(message)
    return message


def enqueue_email(recipient: str, subject: str, body: str, **kw) -> OutboxMessage:
    return enqueue("email", recipient, body, subject=subject, **kw)


def enqueue_whatsapp(recipient: str, body: str, **kw) -> OutboxMessage:
    return enqueue("whatsapp", recipient, body, **kw)
