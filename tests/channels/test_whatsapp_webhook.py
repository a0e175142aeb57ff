"""The Twilio WhatsApp webhook: signatures, conversation rules, redelivery, TwiML replies."""

from __future__ import annotations

from sqlalchemy import func, select

from service_desk.extensions import db
from service_desk.models import InboundMessage, Ticket, TicketEvent
from service_desk.services.conversations import SYSTEM_ACTOR
from service_desk.services.tickets import close_ticket
from tests.channels.conftest import WEBHOOK_PATH, sign, whatsapp_params


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def only_ticket() -> Ticket:
    return db.session.scalars(select(Ticket)).one()


def citizen_messages(ticket: Ticket) -> list[TicketEvent]:
    return [e for e in ticket.events if e.kind == "citizen_message"]


def test_a_signed_message_from_a_new_number_opens_a_consulta_at_sede_central(post_whatsapp):
    response = post_whatsapp(whatsapp_params("SM001"))

    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    ticket = only_ticket()
    assert (ticket.type, ticket.channel, ticket.office.code) == ("consulta", "whatsapp", "SEDE")
    assert ticket.description == "Hola, ¿cuándo es el próximo pago?"
    assert ticket.citizen.phone == "+51987654321"
    assert ticket.citizen.first_name == "Rosa Quispe"
    reply = response.get_data(as_text=True)
    assert "<Response><Message>" in reply
    assert ticket.code in reply
    assert "le responderá por este mismo chat" in reply


def test_a_forged_signature_is_refused_with_403_and_nothing_is_saved(post_whatsapp):
    params = whatsapp_params("SM002")

    response = post_whatsapp(params, signature=sign(params, token="not-the-real-token"))

    assert response.status_code == 403
    assert count(Ticket) == 0
    assert count(InboundMessage) == 0


def test_a_request_without_signature_is_refused(client):
    response = client.post(WEBHOOK_PATH, data=whatsapp_params("SM003"))

    assert response.status_code == 403
    assert count(Ticket) == 0


def test_a_signature_made_for_another_address_is_refused(post_whatsapp):
    params = whatsapp_params("SM004")

    response = post_whatsapp(params, signature=sign(params, url="http://localhost" + WEBHOOK_PATH))

    assert response.status_code == 403
    assert count(Ticket) == 0


def test_a_tampered_body_is_refused(post_whatsapp):
    params = whatsapp_params("SM005")
    signature = sign(params)

    response = post_whatsapp({**params, "Body": "otro texto"}, signature=signature)

    assert response.status_code == 403
    assert count(Ticket) == 0


def test_a_redelivered_message_sid_changes_nothing(post_whatsapp):
    first = post_whatsapp(whatsapp_params("SM010"))
    again = post_whatsapp(whatsapp_params("SM010"))

    assert again.status_code == 200
    ticket = only_ticket()
    assert ticket.code in again.get_data(as_text=True)
    assert count(InboundMessage) == 1
    assert len(citizen_messages(ticket)) == 1
    assert first.status_code == 200


def test_a_second_message_from_the_same_number_joins_the_open_ticket(post_whatsapp):
    post_whatsapp(whatsapp_params("SM020"))
    response = post_whatsapp(whatsapp_params("SM021", body="Mi DNI es 12345678"))

    ticket = only_ticket()
    assert ticket.code in response.get_data(as_text=True)
    assert "añadimos su mensaje" in response.get_data(as_text=True)
    notes = [e.note for e in citizen_messages(ticket)]
    assert notes == ["Hola, ¿cuándo es el próximo pago?", "Mi DNI es 12345678"]
    assert all(e.actor_id is None for e in citizen_messages(ticket))


def test_a_message_from_another_number_opens_its_own_ticket(post_whatsapp):
    post_whatsapp(whatsapp_params("SM030"))
    post_whatsapp(whatsapp_params("SM031", sender="whatsapp:+51912345678"))

    assert count(Ticket) == 2


def test_after_the_ticket_is_closed_a_new_message_opens_a_new_consulta(post_whatsapp):
    post_whatsapp(whatsapp_params("SM040"))
    closed = close_ticket(SYSTEM_ACTOR, only_ticket().code, "El pago es el 15 de mayo.")

    response = post_whatsapp(whatsapp_params("SM041", body="Gracias, otra consulta"))

    tickets = db.session.scalars(select(Ticket).order_by(Ticket.id)).all()
    assert len(tickets) == 2
    assert tickets[1].code != closed.code
    assert tickets[1].code in response.get_data(as_text=True)


def test_media_urls_are_kept_with_the_message(post_whatsapp):
    media = {"NumMedia": "2",
             "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
             "MediaContentType0": "image/jpeg",
             "MediaUrl1": "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2",
             "MediaContentType1": "application/pdf"}

    post_whatsapp(whatsapp_params("SM050", body="", **media))

    ticket = only_ticket()
    event = citizen_messages(ticket)[0]
    assert [m["url"] for m in event.changes["media"]] == [media["MediaUrl0"], media["MediaUrl1"]]
    assert event.changes["media"][1]["content_type"] == "application/pdf"
    stored = db.session.scalars(select(InboundMessage)).one()
    assert stored.media == event.changes["media"]
    assert "archivos adjuntos" in ticket.description


def test_a_message_from_any_valid_e164_number_opens_a_case(post_whatsapp):
    """Issue 12, finding 7: a non-Peruvian number was answered "no pudimos registrar"."""
    params = whatsapp_params("SM060", sender="whatsapp:+14155550100", ProfileName="")

    first = post_whatsapp(params)
    again = post_whatsapp(params)

    ticket = only_ticket()
    assert ticket.citizen.phone == "+14155550100"
    assert ticket.code in first.get_data(as_text=True)
    assert again.status_code == 200
    assert count(InboundMessage) == 1


def test_a_sender_that_is_no_phone_number_gets_an_explanation_and_nothing_opens(post_whatsapp):
    params = whatsapp_params("SM061", sender="whatsapp:+12", ProfileName="")

    first = post_whatsapp(params)

    assert "línea 1880" in first.get_data(as_text=True)
    assert count(Ticket) == 0
    assert count(InboundMessage) == 1


def test_three_messages_from_a_new_number_at_the_same_moment_join_one_case(app):
    """Issue 12, finding 7: they used to open three cases."""
    import threading

    from tests.channels.conftest import WEBHOOK_PATH as path

    statuses: list[int] = []
    barrier = threading.Barrier(3)

    def deliver(sid: str) -> None:
        params = whatsapp_params(sid, body=f"Mensaje {sid}", sender="whatsapp:+51911222333")
        client = app.test_client()
        with app.app_context():
            barrier.wait()
            response = client.post(path, data=params, headers={"X-Twilio-Signature": sign(params)})
            statuses.append(response.status_code)

    threads = [threading.Thread(target=deliver, args=(f"SM20{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200, 200, 200]
    db.session.expire_all()
    ticket = only_ticket()
    assert len(citizen_messages(ticket)) == 3
    assert count(InboundMessage) == 3


def test_the_webhook_needs_no_csrf_token_even_when_csrf_is_on(app, post_whatsapp, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = post_whatsapp(whatsapp_params("SM070"))

    assert response.status_code == 200
    assert count(Ticket) == 1
