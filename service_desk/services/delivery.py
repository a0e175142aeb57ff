"""Deliver the outbox: each pending message is sent once, retried with backoff, or given up.

Sending is at most once: a row is claimed (pending -> sending) and committed
before the provider is called, so a second worker never picks it; on
PostgreSQL the candidate rows are read with FOR UPDATE SKIP LOCKED, and the
claim is a conditional UPDATE that also holds on SQLite. A worker that dies
mid-send leaves the row "sending"; after STALE_AFTER it is marked failed with
a note to check the provider, never resent blindly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from service_desk import clock
from service_desk.channels import DeliveryError
from service_desk.channels.mail import EmailSender, OutgoingFile, SmtpSettings
from service_desk.channels.sms import SmsSender
from service_desk.channels.whatsapp import TwilioSettings, WhatsAppSender
from service_desk.extensions import db
from service_desk.models import OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=2)
STALE_AFTER = timedelta(minutes=30)
BATCH = 50

Sender = Callable[[OutboxMessage], str]


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failures: 1, 2, 4, ... minutes, capped."""
    return min(BASE_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)


def send_pending(limit: int = BATCH, senders: dict[str, Sender] | None = None) -> DeliveryReport:
    """Send what is due now; one commit per message so a crash loses at most the one in flight."""
    senders = senders or default_senders()
    report = DeliveryReport()
    for message_id in claim_due(limit):
        message = db.session.get(OutboxMessage, message_id)
        send = senders.get(message.channel)
        try:
            if send is None:
                raise DeliveryError(f"Canal sin remitente: {message.channel}", permanent=True)
            provider_id = send(message)
        except Exception as error:  # any failure, even a bug, is recorded and retried: never lost
            _record_failure(message, error, report)
        else:
            message.status, message.provider_id, message.sent_at = "sent", provider_id[:64], clock.now()
            message.last_error = None
            report.sent += 1
        db.session.commit()
    return report


def claim_due(limit: int) -> list[int]:
    """Move up to `limit` due messages from pending to sending and commit; returns their ids."""
    now = clock.now()
    candidates = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    claimed = []
    # While a message is "sending", next_attempt_at holds the instant it was claimed.
    for message_id in candidates:
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
            .values(status="sending", attempts=OutboxMessage.attempts + 1, next_attempt_at=now)
        )
        if result.rowcount == 1:
            claimed.append(message_id)
    db.session.commit()
    return claimed


def _record_failure(message: OutboxMessage, error: Exception, report: DeliveryReport) -> None:
    permanent = isinstance(error, DeliveryError) and error.permanent
    message.last_error = str(error)[:2000]
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"
        report.failed += 1
        log.warning("outbox %s failed for good: %s", message.id, error)
    else:
        message.status = "pending"
        message.next_attempt_at = clock.now() + backoff(message.attempts)
        report.retried += 1
        log.info("outbox %s will be retried: %s", message.id, error)


def give_up_stale() -> int:
    """Mark messages stuck in "sending" (a worker died mid-send) as failed; returns how many."""
    cutoff = clock.now() - STALE_AFTER
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at < cutoff)
        .values(status="failed",
                last_error="Envío interrumpido: verifique en el proveedor antes de reenviar.")
    )
    db.session.commit()
    return result.rowcount


def run_outbox_job() -> dict:
    """The `outbox-send` job: deliver what is due and report the counts."""
    stale = give_up_stale()
    report = send_pending()
    return {**asdict(report), "stale": stale}


def default_senders() -> dict[str, Sender]:
    return {"email": send_email, "whatsapp": send_whatsapp, "sms": send_sms}


def send_email(message: OutboxMessage) -> str:
    """SMTP delivery; the Message-ID is derived from the outbox id so copies are recognisable."""
    settings = SmtpSettings.from_config(current_app.config)
    domain = settings.sender.rpartition("@")[2] or "localhost"
    return EmailSender(settings).send(
        message.recipient, message.subject or "", message.body, _files_for(message),
        message_id=f"<outbox-{message.id}@{domain}>")


def send_whatsapp(message: OutboxMessage) -> str:
    """A session message, or the pre-approved template named in meta (outside the 24 hours)."""
    sender = WhatsAppSender(TwilioSettings.from_config(current_app.config))
    meta = message.meta or {}
    if meta.get("template") and not meta.get("content_sid"):
        raise DeliveryError("Fuera de la ventana de 24 horas de WhatsApp y sin plantilla "
                            "configurada (TWILIO_RESPONSE_TEMPLATE_SID).", permanent=True)
    return sender.send(message.recipient, message.body, meta.get("media_urls"),
                       content_sid=meta.get("content_sid"),
                       content_variables=meta.get("content_variables"),
                       status_callback=status_callback_url())


def send_sms(message: OutboxMessage) -> str:
    settings = TwilioSettings.from_config(current_app.config)
    sender = SmsSender(settings, current_app.config.get("TWILIO_SMS_FROM", ""))
    return sender.send(message.recipient, message.body, status_callback=status_callback_url())


def status_callback_url() -> str | None:
    """Where Twilio reports delivery states (signed, see web/webhooks/twilio.py)."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}/webhooks/twilio/status" if base else None


def _files_for(message: OutboxMessage) -> list[OutgoingFile]:
    """Attachments are rebuilt at send time from references in meta (no blobs in the outbox)."""
    code = (message.meta or {}).get("constancia")
    if not code:
        return []
    from service_desk.services.constancia import constancia_file

    return [constancia_file(code)]
