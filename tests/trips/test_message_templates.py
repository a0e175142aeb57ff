"""Texts for citizens come from templates per language: the citizen's language, else Spanish."""

import pytest
from sqlalchemy import select

from service_desk.domain.access import Actor
from service_desk.domain.errors import ValidationError
from service_desk.domain.messages import MESSAGES
from service_desk.extensions import db
from service_desk.models import OutboxMessage
from service_desk.services import conversations, messages
from service_desk.services.constancia import constancia_text
from service_desk.services.tickets import close_ticket, register_ticket
from tests.factories import ticket_body

ADMIN = Actor(None, "admin", "SEDE")
SYSTEM = Actor(None, "national_supervisor", "SEDE")
# Stand-in for a translator's text: the tests never pretend to know Quechua.
QUECHUA_TEXT = "[Texto del traductor, quechua] {code}: {response}"


def closed_case(language: str, document: str):
    ticket = register_ticket(SYSTEM, ticket_body(
        citizen={"language": language, "email": "rosa@example.pe", "document_number": document},
        language="es")).ticket
    close_ticket(SYSTEM, ticket.code, "Su abono se pagará el 15 de marzo.")
    return ticket


def sent_email(ticket) -> OutboxMessage:
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id,
                                                         OutboxMessage.channel == "email"))


def test_the_quechua_template_is_used_for_a_quechua_speaker_and_spanish_for_a_language_without_one(app):
    messages.save_template(ADMIN, "response_email_body", "qu", QUECHUA_TEXT)
    quechua = closed_case("qu", "41234567")
    aimara = closed_case("ay", "42345678")
    assert sent_email(quechua).body == f"[Texto del traductor, quechua] {quechua.code}: " \
                                       "Su abono se pagará el 15 de marzo."
    assert sent_email(aimara).body.startswith("Estimado(a) ciudadano(a):\n\nSu abono se pagará")
    assert sent_email(aimara).subject == f"Respuesta a su caso {aimara.code} - Programa JUNTOS"


def test_the_whatsapp_acknowledgement_and_the_constancia_text_follow_the_templates(app):
    messages.save_template(ADMIN, "whatsapp_ack_new", "qu", "[quechua] {code}")
    messages.save_template(ADMIN, "constancia_next_steps", "es", "Siguientes pasos editados.")
    ticket = register_ticket(SYSTEM, ticket_body()).ticket  # the citizen speaks quechua
    outcome = conversations.Outcome(ticket=ticket, created=True)
    assert conversations.reply_text(outcome) == f"[quechua] {ticket.code}"
    assert constancia_text(ticket).endswith("Siguientes pasos editados.")


def test_spanish_is_shipped_for_every_text_and_an_emptied_translation_falls_back(app):
    stored = messages.templates_by_key()
    assert {key for key, rows in stored.items() if "es" in rows} == set(MESSAGES)
    messages.save_template(ADMIN, "survey_question", "qu", "[quechua] {code} {url}")
    assert messages.text("survey_question", "qu", code="C-1", url="u") == "[quechua] C-1 u"
    messages.save_template(ADMIN, "survey_question", "qu", "   ")
    assert messages.text("survey_question", "qu", code="C-1", url="u").startswith("Programa JUNTOS:")


def test_a_template_naming_unknown_data_is_refused_with_a_clear_message(app, client):
    with pytest.raises(ValidationError) as refused:
        messages.save_template(ADMIN, "response_whatsapp", "qu", "{codigo} {response}")
    assert "codigo" in refused.value.fields["body"]
    with pytest.raises(ValidationError):
        messages.save_template(ADMIN, "response_whatsapp", "qu", "{code")


def test_an_administrator_edits_a_translation_from_its_page(app, client, login):
    login("admin")
    page = client.get("/admin/plantillas").get_data(as_text=True)
    assert "WhatsApp: respuesta al caso" in page
    bad = client.post("/admin/plantillas/response_whatsapp/qu", data={"body": "{nombre}"})
    assert bad.status_code == 422 and "Datos desconocidos" in bad.get_data(as_text=True)
    good = client.post("/admin/plantillas/response_whatsapp/qu", data={"body": "[qu] {code}"})
    assert good.status_code == 302
    assert messages.text("response_whatsapp", "qu", code="X", response="") == "[qu] X"
    assert client.get("/admin/plantillas/no-existe/qu").status_code == 404
