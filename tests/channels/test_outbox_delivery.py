"""The outbox job: replies go out through the real twilio client to a fake Twilio API on 127.0.0.1.

An outage (500) or a refusal (400) must lose nothing and send nothing twice.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from service_desk import clock
from service_desk.extensions import db
from service_desk.jobs import find_job
from service_desk.models import OutboxMessage, Ticket
from service_desk.services import delivery
from service_desk.services.conversations import SYSTEM_ACTOR
from service_desk.services.outbox import enqueue_whatsapp
from service_desk.services.tickets import close_ticket
from tests.channels.conftest import ACCOUNT_SID, DESK_NUMBER, whatsapp_params

START = datetime.fromisoformat("2024-03-04T10:00:00-05:00")


def whatsapp_ticket_closed(post_whatsapp, response="Su pago es el 15 de marzo en el Banco de la Nación.",
                           sid="SM100", sender="whatsapp:+51987654321") -> Ticket:
    post_whatsapp(whatsapp_params(sid, sender=sender))
    ticket = db.session.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
    return close_ticket(SYSTEM_ACTOR, ticket.code, response)


def outbox() -> list[OutboxMessage]:
    """The responses in the outbox (the survey question that follows each closing is left out)."""
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(or_(
        OutboxMessage.dedupe_key.is_(None), OutboxMessage.dedupe_key.not_like("survey%")))
                              .order_by(OutboxMessage.id)).all()


def responses(requests: list[dict]) -> list[dict]:
    return [r for r in requests if "Responda con un solo número" not in r["Body"]]


def test_the_outbox_send_job_is_declared():
    job = find_job("outbox-send")

    assert job is not None and job.minutes == 1


def test_closing_a_whatsapp_ticket_sends_the_response_back_through_twilio(post_whatsapp, fake_twilio):
    clock.freeze(START)
    ticket = whatsapp_ticket_closed(post_whatsapp)

    report = delivery.send_pending()

    assert report.sent == 1
    [request] = fake_twilio.accepted
    assert request["account_sid"] == ACCOUNT_SID and request["auth"] == ACCOUNT_SID
    assert request["To"] == "whatsapp:+51987654321"
    assert request["From"] == DESK_NUMBER
    assert ticket.code in request["Body"] and "Banco de la Nación" in request["Body"]
    [message] = outbox()
    assert (message.status, message.provider_id) == ("sent", request["sid"])
    assert message.sent_at == START


def test_a_long_response_goes_in_parts_twilio_accepts(post_whatsapp, fake_twilio):
    whatsapp_ticket_closed(post_whatsapp, response="Detalle del pago. " * 200)

    delivery.send_pending()

    assert len(fake_twilio.accepted) == 3
    assert all(len(r["Body"]) <= 1600 for r in fake_twilio.accepted)


def test_a_twilio_outage_is_retried_with_backoff_and_each_message_is_sent_once(post_whatsapp, fake_twilio):
    clock.freeze(START)
    whatsapp_ticket_closed(post_whatsapp, sid="SM110", sender="whatsapp:+51911111111")
    whatsapp_ticket_closed(post_whatsapp, sid="SM111", sender="whatsapp:+51922222222")
    fake_twilio.fail_with = 500

    first = delivery.send_pending()

    assert (first.sent, first.retried) == (0, 2)
    assert all(m.status == "pending" and m.attempts == 1 for m in outbox())
    assert all(m.next_attempt_at == START + timedelta(minutes=1) for m in outbox())
    assert "Twilio 500" in outbox()[0].last_error

    assert delivery.send_pending().sent == 0  # not due yet: nothing is tried
    assert len(fake_twilio.requests) == 2

    clock.freeze(START + timedelta(minutes=1))
    second = delivery.send_pending()
    assert second.retried == 2
    assert all(m.next_attempt_at == START + timedelta(minutes=3) for m in outbox())

    fake_twilio.fail_with = None
    clock.freeze(START + timedelta(minutes=3))
    recovered = delivery.send_pending()
    clock.freeze(START + timedelta(hours=3))
    later = delivery.send_pending()

    # Later, only the two survey questions (due an hour after each closing) leave.
    assert (recovered.sent, later.sent) == (2, 2)
    assert sorted(r["To"] for r in responses(fake_twilio.accepted)) == ["whatsapp:+51911111111",
                                                                      "whatsapp:+51922222222"]
    assert all(m.status == "sent" and m.attempts == 3 for m in outbox())


def test_a_message_twilio_refuses_is_marked_failed_and_not_retried(post_whatsapp, fake_twilio):
    clock.freeze(START)
    whatsapp_ticket_closed(post_whatsapp)
    fake_twilio.fail_with = 400

    report = delivery.send_pending()
    clock.freeze(START + timedelta(hours=5))
    fake_twilio.fail_with = None
    delivery.send_pending()

    assert report.failed == 1
    [message] = outbox()
    assert message.status == "failed" and "21211" in message.last_error
    assert len(responses(fake_twilio.requests)) == 1 and responses(fake_twilio.accepted) == []


def test_twilio_unreachable_is_retried_until_the_attempts_run_out(app, monkeypatch):
    monkeypatch.setitem(app.config, "TWILIO_API_BASE_URL", "http://127.0.0.1:9")  # discard port
    clock.freeze(START)
    enqueue_whatsapp("whatsapp:+51987654321", "Hola")
    db.session.commit()

    for step in range(delivery.MAX_ATTEMPTS):
        clock.freeze(START + timedelta(days=step))
        delivery.send_pending()

    [message] = outbox()
    assert message.status == "failed" and message.attempts == delivery.MAX_ATTEMPTS
    assert "Twilio no responde" in message.last_error


def test_a_claimed_message_is_not_claimed_by_a_second_worker():
    enqueue_whatsapp("whatsapp:+51987654321", "Hola")
    db.session.commit()

    first, second = delivery.claim_due(10), delivery.claim_due(10)

    assert len(first) == 1 and second == []
    assert outbox()[0].status == "sending"


def test_a_message_stuck_in_sending_is_given_up_not_resent(fake_twilio):
    clock.freeze(START)
    enqueue_whatsapp("whatsapp:+51987654321", "Hola")
    db.session.commit()
    delivery.claim_due(10)  # a worker claimed it and died before recording the result

    clock.freeze(START + delivery.STALE_AFTER + timedelta(minutes=1))
    result = delivery.run_outbox_job()

    assert result["stale"] == 1 and result["sent"] == 0
    assert outbox()[0].status == "failed"
    assert fake_twilio.requests == []


def test_backoff_doubles_and_is_capped():
    assert [delivery.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert delivery.backoff(20) == delivery.MAX_DELAY


def test_two_workers_claiming_at_once_never_share_a_message(app):
    for n in range(20):
        enqueue_whatsapp("whatsapp:+51987654321", f"Mensaje {n}")
    db.session.commit()
    results: list[list[int]] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        with app.app_context():
            barrier.wait()
            claimed = []
            while batch := delivery.claim_due(3):
                claimed += batch
            results.append(claimed)
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    first, second = results
    assert not set(first) & set(second)
    assert sorted(first + second) == [m.id for m in outbox()]
