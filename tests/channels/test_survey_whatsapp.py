"""The satisfaction survey on WhatsApp: the question goes out on closing; a bare digit answers it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from service_desk import clock
from service_desk.extensions import db
from service_desk.models import InboundMessage, OutboxMessage, Survey, Ticket
from service_desk.services.conversations import SYSTEM_ACTOR
from service_desk.services.tickets import close_ticket
from tests.channels.conftest import whatsapp_params

NUMBER = "whatsapp:+51987654321"


def tickets() -> int:
    return db.session.scalar(select(func.count()).select_from(Ticket))


def open_and_close(post_whatsapp, sid: str, text: str = "¿Cuándo pagan?") -> Ticket:
    post_whatsapp(whatsapp_params(sid, body=text, sender=NUMBER))
    ticket = db.session.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
    return close_ticket(SYSTEM_ACTOR, ticket.code, "El pago es el 15 en el Banco de la Nación.")


def test_closing_a_whatsapp_case_sends_the_question_once_on_whatsapp(post_whatsapp):
    ticket = open_and_close(post_whatsapp, "SMQ1")

    questions = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key == f"survey-wa:{ticket.code}")).all()
    assert len(questions) == 1
    assert questions[0].channel == "whatsapp" and questions[0].recipient == NUMBER
    assert "Responda con un solo número" in questions[0].body
    assert ticket.survey.token in questions[0].body
    assert ticket.survey.sent_via == "whatsapp"


def test_a_digit_within_seven_days_rates_the_case_and_opens_no_ticket(post_whatsapp, frozen):
    frozen("2026-03-02T10:00:00-05:00")
    ticket = open_and_close(post_whatsapp, "SMQ2")
    frozen("2026-03-08T09:00:00-05:00")

    response = post_whatsapp(whatsapp_params("SMQ3", body="4", sender=NUMBER))

    assert tickets() == 1
    survey = db.session.scalar(select(Survey).where(Survey.ticket_id == ticket.id))
    assert (survey.rating, survey.answered_via) == (4, "whatsapp")
    assert "gracias, registramos su calificación" in response.get_data(as_text=True)
    assert "survey_answered" in [e.kind for e in db.session.get(Ticket, ticket.id).events]


def test_the_digit_rates_the_most_recently_closed_case_of_the_number(post_whatsapp, frozen):
    frozen("2026-03-02T10:00:00-05:00")
    first = open_and_close(post_whatsapp, "SMQ4", "Primera consulta")
    frozen("2026-03-03T10:00:00-05:00")
    second = open_and_close(post_whatsapp, "SMQ5", "Segunda consulta")

    post_whatsapp(whatsapp_params("SMQ6", body="2", sender=NUMBER))
    post_whatsapp(whatsapp_params("SMQ7", body="5", sender=NUMBER))

    assert db.session.get(Ticket, second.id).survey.rating == 2
    assert db.session.get(Ticket, first.id).survey.rating == 5  # the next one still unanswered
    assert tickets() == 2


def test_a_digit_after_seven_days_is_an_ordinary_message(post_whatsapp, frozen):
    frozen("2026-03-02T10:00:00-05:00")
    ticket = open_and_close(post_whatsapp, "SMQ8")
    clock.freeze(clock.now() + timedelta(days=7, minutes=1))

    post_whatsapp(whatsapp_params("SMQ9", body="5", sender=NUMBER))

    assert db.session.get(Ticket, ticket.id).survey.rating is None
    assert tickets() == 2  # the digit opened a new consulta


def test_without_a_pending_survey_a_digit_is_an_ordinary_message(post_whatsapp):
    ticket = open_and_close(post_whatsapp, "SMQ10")
    post_whatsapp(whatsapp_params("SMQ11", body="3", sender=NUMBER))  # answers the survey

    post_whatsapp(whatsapp_params("SMQ12", body="1", sender=NUMBER))

    assert db.session.get(Ticket, ticket.id).survey.rating == 3
    assert tickets() == 2


def test_a_digit_from_another_number_does_not_rate_someone_elses_case(post_whatsapp):
    ticket = open_and_close(post_whatsapp, "SMQ13")

    post_whatsapp(whatsapp_params("SMQ14", body="5", sender="whatsapp:+51911111111"))

    assert db.session.get(Ticket, ticket.id).survey.rating is None
    assert tickets() == 2


def test_text_with_more_than_a_digit_is_an_ordinary_message(post_whatsapp):
    ticket = open_and_close(post_whatsapp, "SMQ15")

    post_whatsapp(whatsapp_params("SMQ16", body="5 gracias, pero tengo otra consulta", sender=NUMBER))

    assert db.session.get(Ticket, ticket.id).survey.rating is None
    assert tickets() == 2


def test_a_redelivered_digit_changes_nothing(post_whatsapp):
    ticket = open_and_close(post_whatsapp, "SMQ17")
    params = whatsapp_params("SMQ18", body="4", sender=NUMBER)

    post_whatsapp(params)
    again = post_whatsapp(params)

    assert again.status_code == 200
    assert db.session.get(Ticket, ticket.id).survey.rating == 4
    assert db.session.scalar(select(func.count()).select_from(InboundMessage).where(
        InboundMessage.provider_id == "SMQ18")) == 1
    assert tickets() == 1


def test_a_case_closed_after_the_24_hour_window_gets_no_free_form_question_on_whatsapp(
        post_whatsapp, frozen):
    frozen("2026-03-02T10:00:00-05:00")
    post_whatsapp(whatsapp_params("SMQ40", body="¿Cuándo pagan?", sender=NUMBER))
    code = db.session.scalars(select(Ticket)).one().code
    frozen("2026-03-03T09:30:00-05:00")  # 23 h 30 min later: the question would leave after 24 h

    ticket = close_ticket(SYSTEM_ACTOR, code, "El pago es el 15 en el Banco de la Nación.")

    assert not db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key == f"survey-wa:{code}")).all()
    assert ticket.survey.sent_via == "receipt"
