"""What citizens ask most, the knowledge base UCI maintains, canned answers on the case page, the FAQ."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.frequent import recurring_words, words
from service_desk.extensions import db
from service_desk.models import AnswerArticle
from service_desk.services import tickets as ticket_service
from tests.factories import ticket_body

NATIONAL = Actor(None, "national_supervisor", "SEDE")


def register(**overrides):
    return ticket_service.register_ticket(NATIONAL, ticket_body(**overrides)).ticket


def test_words_drop_stop_words_short_words_and_numbers_and_count_once_per_case():
    assert words("Hola, ¿cuándo es el pago del abono? El pago 2026") == {"pago", "abono"}
    ranking = recurring_words(["pago pago pago de abono", "el pago no llegó", "Mi Juntos no abre"])
    assert ranking[0] == ("pago", 2)
    assert ("abono", 1) in ranking and ("llegó", 1) in ranking


def test_the_page_ranks_topics_of_consultas_and_pedidos_and_their_words(client, login, frozen):
    frozen("2026-02-02T10:00:00-05:00")
    for text in ("¿Cuándo es el pago de febrero?", "No me llegó el pago", "Fecha de pago en Puno"):
        register(type="consulta", subject="pagos", description=text)
    register(type="pedido", subject="actualizacion_datos", description="Cambiar la dirección del hogar")
    register(type="reclamo", subject="afiliacion", description="Reclamo sobre afiliación pago")
    register(type="consulta", subject="pagos", description="Pago en Cusco", office="CUS")
    login("supervisor", "LIM")

    html = client.get("/reportes/preguntas?period=2026-T1").get_data(as_text=True)

    assert html.index('data-subject="pagos"') < html.index('data-subject="actualizacion_datos"')
    assert 'data-subject="afiliacion"' not in html  # reclamos are not questions
    assert "<th scope=\"row\">pago</th><td>3</td>" in html  # Cusco's case is another office


def test_only_uci_edits_the_base_and_publishing_puts_it_on_the_public_faq(client, login):
    login("supervisor", "LIM")
    assert client.get("/reportes/respuestas").status_code == 403
    client.post("/logout")
    login("national_supervisor")

    bad = client.post("/reportes/respuestas/nueva", data={"title": "", "subject": "x", "body": ""})
    draft = client.post("/reportes/respuestas/nueva", data={
        "title": "¿Cuándo se paga el abono?", "subject": "pagos",
        "body": "El abono se paga cada dos meses; consulte su fecha en Mi Juntos."})
    assert bad.status_code == 422 and "Elija el tema." in bad.get_data(as_text=True)
    assert draft.status_code == 302
    assert "<summary>¿Cuándo se paga el abono?</summary>" not in client.get(
        "/preguntas-frecuentes").get_data(as_text=True)

    article = db.session.scalars(select(AnswerArticle)).one()
    client.post(f"/reportes/respuestas/{article.id}", data={
        "title": article.title, "subject": "pagos", "body": article.body, "published": "y"})
    faq = client.get("/preguntas-frecuentes")
    assert faq.status_code == 200
    assert "<summary>¿Cuándo se paga el abono?</summary>" in faq.get_data(as_text=True)


@pytest.fixture
def published(app):
    now = clock.now()
    article = AnswerArticle(title="Fechas de pago", subject="pagos", body="Consulte su fecha en Mi Juntos.",
                            published=True, uses=0, created_at=now, updated_at=now)
    draft = AnswerArticle(title="Borrador de pagos", subject="pagos", body="Aún no revisado.",
                          published=False, uses=0, created_at=now, updated_at=now)
    db.session.add_all([article, draft])
    db.session.commit()
    return article, draft


def test_an_agent_finds_a_published_answer_and_inserts_it_counting_the_use(client, login, published):
    article, draft = published
    login("agent", "LIM")
    ticket = register(type="consulta", subject="pagos")

    case_page = client.get(f"/agente/casos/{ticket.code}").get_data(as_text=True)
    found = client.get(f"/agente/casos/{ticket.code}/respuestas").get_data(as_text=True)
    used = client.post(f"/agente/casos/{ticket.code}/respuestas/{article.id}")

    assert "Buscar en la base de respuestas" in case_page
    assert "Fechas de pago" in found and "Borrador de pagos" not in found
    assert used.status_code == 200
    assert "Consulte su fecha en Mi Juntos.</textarea>" in used.get_data(as_text=True)
    db.session.refresh(article)
    assert article.uses == 1
    assert client.post(f"/agente/casos/{ticket.code}/respuestas/{draft.id}").status_code == 404


def test_an_agent_cannot_use_the_base_on_a_case_of_another_office(client, login, published):
    article, _ = published
    login("agent", "LIM")
    other = register(office="CUS")

    assert client.get(f"/agente/casos/{other.code}/respuestas").status_code == 404
    assert client.post(f"/agente/casos/{other.code}/respuestas/{article.id}").status_code == 404
    db.session.refresh(article)
    assert article.uses == 0
