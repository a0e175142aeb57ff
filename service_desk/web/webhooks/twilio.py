"""Twilio's WhatsApp message webhook and its delivery status callbacks."""

from __future__ import annotations

import logging

from flask import Response, abort, current_app, request

from service_desk.channels import whatsapp
from service_desk.services import conversations
from service_desk.services.delivery_status import record_delivery_status
from service_desk.web.webhooks import bp

log = logging.getLogger(__name__)


def public_url() -> str:
    """The address Twilio called: PUBLIC_BASE_URL + path (+ query), not request.url behind a proxy."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    query = request.query_string.decode()
    return base + request.path + (f"?{query}" if query else "")


def _require_twilio_signature() -> None:
    signature = request.headers.get("X-Twilio-Signature")
    if not whatsapp.signature_is_valid(current_app.config.get("TWILIO_AUTH_TOKEN", ""),
                                       public_url(), request.form, signature):
        log.warning("rejected Twilio webhook with a bad signature from %s", request.remote_addr)
        abort(403)


@bp.post("/twilio/status")
def twilio_status():
    """Delivery state of a WhatsApp or SMS message the outbox sent; a replay changes nothing."""
    _require_twilio_signature()
    record_delivery_status(request.form.get("MessageSid", ""), request.form.get("MessageStatus", ""))
    return "", 204


@bp.post("/twilio/whatsapp")
def twilio_whatsapp():
    """Verify the signature, apply the conversation rules and answer in TwiML."""
    _require_twilio_signature()
    sid = request.form.get("MessageSid") or request.form.get("SmsMessageSid")
    sender = request.form.get("From", "")
    if not sid or not sender:
        abort(400)
    outcome = conversations.receive_whatsapp(
        sid, sender, (request.form.get("Body") or "").strip(), whatsapp.media_of(request.form),
        request.form.get("ProfileName"))
    return Response(whatsapp.twiml_message(conversations.reply_text(outcome)),
                    mimetype="application/xml")
