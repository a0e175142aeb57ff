"""Replies on the citizen's channel: the 24-hour WhatsApp rule, SMS for phone-only citizens,
and Twilio's signed, idempotent status callbacks."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import select

from service_desk import clock
from service_desk.extensions import db
from service_desk.models import OutboxMessage, Ticket
from service_desk.services import delivery
from service_desk.services.conversations import SYSTEM_ACTOR
from service_desk.services.tickets import close_ticket, register_ticket
from tests.channels.conftest import sign, whatsapp_params
from tests.factories import ticket_body

START = datetime.fromisoformat("2024-03-04T10:00:00-05:00")
TEMPLATE_SID = "HX" + "1" * 32
STATUS_PATH = "/webhooks/twilio/status"
RESPONSE = "Su abono fue reprogramado para el 15 de marzo."


def whatsapp_case(post_whatsapp) -> Ticket:
    clock.freeze(START)
    post_whatsapp(whatsapp_params("SM500"))
    return db.session.scalars(select(Ticket)).one()


def the_response() -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key.like("closed%")))


def test_inside_24_hours_of_the_last_message_the_response_is_a_session_message(
        post_whatsapp, fake_twilio, app, monkeypatch):
    monkeypatch.setitem(app.config, "TWILIO_RESPONSE_TEMPLATE_SID", TEMPLATE_SID)
    ticket = whatsapp_case(post_whatsapp)
    clock.freeze(datetime.fromisoformat("2024-03-05T09:59:00-05:00"))  # 23 h 59 min later

    close_ticket(SYSTEM_ACTOR, ticket.code, RESPONSE)
    delivery.send_pending()

    [sent] = [r for r in fake_twilio.accepted if r["To"] == "whatsapp:+51987654321"][:1]
    assert RESPONSE in sent["Body"] and "ContentSid" not in sent


def test_after_24_hours_the_response_goes_as_the_approved_template(
        post_whatsapp, fake_twilio, app, monkeypatch):
    monkeypatch.setitem(app.config, "TWILIO_RESPONSE_TEMPLATE_SID", TEMPLATE_SID)
    ticket = whatsapp_case(post_whatsapp)
    clock.freeze(datetime.fromisoformat("2024-03-05T10:01:00-05:00"))  # 24 h 1 min later

    close_ticket(SYSTEM_ACTOR, ticket.code, RESPONSE)
    delivery.send_pending()

    sent = next(r for r in fake_twilio.accepted if r.get("ContentSid"))
    assert sent["ContentSid"] == TEMPLATE_SID and sent["To"] == "whatsapp:+51987654321"
    assert json.loads(sent["ContentVariables"]) == {"1": ticket.code, "2": RESPONSE}
    assert "Body" not in sent
    assert sent["StatusCallback"] == "http://127.0.0.1:5000" + STATUS_PATH


def test_after_24_hours_without_a_configured_template_the_failure_is_recorded_not_hidden(
        post_whatsapp, fake_twilio):
    ticket = whatsapp_case(post_whatsapp)
    clock.freeze(datetime.fromisoformat("2024-03-07T10:00:00-05:00"))

    close_ticket(SYSTEM_ACTOR, ticket.code, RESPONSE)
    delivery.send_pending()

    message = the_response()
    assert message.status == "failed" and "TWILIO_RESPONSE_TEMPLATE_SID" in message.last_error
    assert not [r for r in fake_twilio.requests if RESPONSE in r.get("Body", "")]


def test_a_libro_reclamo_with_only_a_phone_is_answered_by_sms(fake_twilio, app, monkeypatch):
    monkeypatch.setitem(app.config, "TWILIO_SMS_FROM", "+15005550006")
    body = ticket_body(channel="libro_reclamaciones", citizen={"phone": "987 654 321", "email": None})
    code = register_ticket(SYSTEM_ACTOR, body).ticket.code

    close_ticket(SYSTEM_ACTOR, code, RESPONSE, motive="informacion")
    report = delivery.send_pending()

    assert report.sent >= 1
    sms = next(r for r in fake_twilio.accepted if r["From"] == "+15005550006")
    assert sms["To"] == "+51987654321" and RESPONSE in sms["Body"] and code in sms["Body"]
    assert the_response().channel == "sms"


def test_a_status_callback_replayed_twice_changes_the_state_once(
        post_whatsapp, fake_twilio, client):
    ticket = whatsapp_case(post_whatsapp)
    close_ticket(SYSTEM_ACTOR, ticket.code, RESPONSE)
    delivery.send_pending()
    sid = the_response().provider_id
    delivered = {"MessageSid": sid, "MessageStatus": "delivered", "AccountSid": "AC" + "0" * 32}
    url = "http://127.0.0.1:5000" + STATUS_PATH

    first = client.post(STATUS_PATH, data=delivered, headers={"X-Twilio-Signature": sign(delivered, url)})
    stamped = the_response().delivery_updated_at
    clock.freeze(datetime.fromisoformat("2024-03-04T11:00:00-05:00"))
    again = client.post(STATUS_PATH, data=delivered, headers={"X-Twilio-Signature": sign(delivered, url)})
    late_sent = {**delivered, "MessageStatus": "sent"}
    client.post(STATUS_PATH, data=late_sent, headers={"X-Twilio-Signature": sign(late_sent, url)})
    forged = client.post(STATUS_PATH, data={**delivered, "MessageStatus": "failed"},
                         headers={"X-Twilio-Signature": sign(delivered, url, token="otro")})

    assert (first.status_code, again.status_code, forged.status_code) == (204, 204, 403)
    message = the_response()
    assert message.delivery_status == "delivered"
    assert message.delivery_updated_at == stamped


def test_a_phone_only_libro_citizen_gets_the_survey_link_by_sms_once(fake_twilio, app, monkeypatch):
    monkeypatch.setitem(app.config, "TWILIO_SMS_FROM", "+15005550006")
    body = ticket_body(channel="libro_reclamaciones", citizen={"phone": "987 654 321", "email": None})
    code = register_ticket(SYSTEM_ACTOR, body).ticket.code

    ticket = close_ticket(SYSTEM_ACTOR, code, RESPONSE, motive="informacion")
    clock.freeze(clock.now() + timedelta(hours=2))  # the question leaves an hour after closing
    delivery.send_pending()
    delivery.send_pending()

    links = [r for r in fake_twilio.accepted if ticket.survey.token in r.get("Body", "")]
    assert len(links) == 1 and links[0]["To"] == "+51987654321"
    assert ticket.survey.sent_via == "sms"
