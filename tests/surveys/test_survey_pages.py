"""The survey starts when a case closes: its link in the API, the public page, the closing receipt."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import OutboxMessage, Survey, Ticket
from service_desk.services import tickets as ticket_service
from service_desk.web.public import limiter
from tests.factories import ticket_body

NATIONAL = Actor(None, "national_supervisor", "SEDE")


@pytest.fixture(autouse=True)
def _no_rate_limit():
    limiter.reset()
    yield
    limiter.reset()


def closed_case(**overrides) -> Ticket:
    ticket = ticket_service.register_ticket(NATIONAL, ticket_body(**overrides)).ticket
    return ticket_service.close_ticket(NATIONAL, ticket.code, "Se regularizó su abono.")


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_a_closed_ticket_carries_its_survey_link_in_the_api(api):
    client = api("agent", "LIM")
    code = client.post("/api/v1/tickets", json=ticket_body()).json["code"]

    body = client.post(f"/api/v1/tickets/{code}/close", json={"response": "Atendido."}).json

    assert body["survey"]["url"].startswith("http://127.0.0.1:5000/encuesta/")
    assert (body["survey"]["rating"], body["survey"]["answered_at"]) == (None, None)
    listed = client.get("/api/v1/tickets?status=cerrado").json["items"]
    assert [item["survey"]["url"] for item in listed] == [body["survey"]["url"]]


def test_an_open_ticket_has_no_survey_and_each_closing_gets_an_unguessable_token(api):
    client = api("agent", "LIM")
    open_code = client.post("/api/v1/tickets", json=ticket_body()).json["code"]
    first, second = closed_case(), closed_case()

    assert "survey" not in client.get(f"/api/v1/tickets/{open_code}").json
    tokens = {first.survey.token, second.survey.token}
    assert len(tokens) == 2
    for token in tokens:
        assert len(token) == 20 and first.code not in token


def test_a_denuncia_gets_no_survey(api):
    integrity = Actor(None, "integrity", "SEDE")
    ticket = ticket_service.register_ticket(integrity, ticket_body(type="denuncia")).ticket
    ticket_service.close_ticket(integrity, ticket.code, "Derivado al órgano competente.")

    assert db.session.scalar(select(func.count()).select_from(Survey)) == 0
    body = api("integrity").get(f"/api/v1/tickets/{ticket.code}").json
    assert body["survey"] is None


def test_the_citizen_answers_once_with_a_rating_and_a_comment(client, api):
    ticket = closed_case()
    token = ticket.survey.token

    page = client.get(f"/encuesta/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "¿Qué tan satisfecho(a) quedó con la atención recibida?" in html
    assert len(re.findall(r'name="rating" value="[1-5]"', html)) == 5

    answer = client.post(f"/encuesta/{token}", data={"rating": "5", "comment": "Muy amables."})
    assert answer.status_code == 200
    assert "¡Gracias!" in answer.get_data(as_text=True)

    body = api("national_supervisor").get(f"/api/v1/tickets/{ticket.code}").json
    assert body["survey"]["rating"] == 5 and body["survey"]["answered_at"]
    survey = db.session.scalar(select(Survey).where(Survey.token == token))
    assert (survey.comment, survey.answered_via) == ("Muy amables.", "web")


def test_a_second_answer_changes_nothing(client):
    token = closed_case().survey.token
    client.post(f"/encuesta/{token}", data={"rating": "2", "comment": "Demoraron."})

    again = client.post(f"/encuesta/{token}", data={"rating": "5", "comment": "Cambio de opinión"})

    assert again.status_code == 200
    assert "ya fue respondida" in again.get_data(as_text=True)
    survey = db.session.scalar(select(Survey).where(Survey.token == token))
    db.session.refresh(survey)
    assert (survey.rating, survey.comment) == (2, "Demoraron.")
    assert "ya fue respondida" in client.get(f"/encuesta/{token}").get_data(as_text=True)


@pytest.mark.parametrize("token", ["abcdefghijkmnpqrstuv", "x", "../../admin", "A" * 20])
def test_a_wrong_token_is_404(client, token):
    closed_case()

    assert client.get(f"/encuesta/{token}").status_code == 404
    assert client.post(f"/encuesta/{token}", data={"rating": "5"}).status_code == 404


@pytest.mark.parametrize("rating", ["", "0", "6", "cinco", "4.5"])
def test_a_rating_outside_1_to_5_is_refused_in_spanish_and_saves_nothing(client, rating):
    token = closed_case().survey.token

    response = client.post(f"/encuesta/{token}", data={"rating": rating})

    assert response.status_code == 422
    assert "Elija una calificación del 1 al 5." in response.get_data(as_text=True)
    assert db.session.scalar(select(Survey.rating).where(Survey.token == token)) is None


def test_a_comment_too_long_is_refused(client):
    token = closed_case().survey.token

    response = client.post(f"/encuesta/{token}", data={"rating": "3", "comment": "x" * 1001})

    assert response.status_code == 422
    assert db.session.scalar(select(Survey.rating).where(Survey.token == token)) is None


def test_the_public_form_requires_its_csrf_token(app, client):
    token = closed_case().survey.token
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(f"/encuesta/{token}", data={"rating": "5"})
        page = client.get(f"/encuesta/{token}").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        accepted = client.post(f"/encuesta/{token}", data={"rating": "5", "csrf_token": csrf})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400
    assert accepted.status_code == 200
    assert db.session.scalar(select(Survey.rating).where(Survey.token == token)) == 5


def test_a_citizen_with_email_gets_the_link_by_email_once(app):
    ticket = closed_case(channel="correo", citizen={"email": "rosa@example.pe"})

    mails = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key == f"survey:{ticket.code}")).all()
    assert len(mails) == 1
    assert mails[0].recipient == "rosa@example.pe"
    assert f"/encuesta/{ticket.survey.token}" in mails[0].body
    assert ticket.survey.sent_via == "email"


def test_a_presencial_case_gets_the_link_and_qr_on_the_closing_receipt(client, login):
    login("agent", "LIM")
    ticket = closed_case(channel="presencial")

    case_page = client.get(f"/agente/casos/{ticket.code}").get_data(as_text=True)
    assert "Constancia de atención con la encuesta" in case_page
    receipt = client.get(f"/agente/casos/{ticket.code}/constancia-de-cierre")

    assert receipt.status_code == 200
    html = receipt.get_data(as_text=True)
    assert f"http://127.0.0.1:5000/encuesta/{ticket.survey.token}" in html
    assert "<svg" in html and "Código QR de la encuesta" in html
    assert ticket.survey.sent_via == "receipt"


def test_the_closing_receipt_is_not_shown_for_another_office_or_an_open_case(client, login):
    login("agent", "LIM")
    other = closed_case(office="CUS")
    still_open = ticket_service.register_ticket(NATIONAL, ticket_body()).ticket

    assert client.get(f"/agente/casos/{other.code}/constancia-de-cierre").status_code == 404
    assert client.get(f"/agente/casos/{still_open.code}/constancia-de-cierre").status_code == 404
