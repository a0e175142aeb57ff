"""The triage action on the case page: a required reason, and where the agent lands after it."""

from __future__ import annotations

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import Ticket
from service_desk.services.tickets import register_ticket
from tests.factories import ticket_body
from tests.web.conftest import sign_in

SYSTEM = Actor(id=None, role="national_supervisor", office="SEDE")


def form(**values) -> dict:
    base = {"type": "consulta", "subject": "pagos", "office": "LIM", "motive": "", "reason": ""}
    return {f"reclassify-{k}": v for k, v in {**base, **values}.items()}


def test_the_case_page_offers_triage_and_refuses_it_without_a_reason(client, user):
    code = register_ticket(SYSTEM, ticket_body(type="consulta")).ticket.code
    sign_in(client, user("agent", "LIM"))

    page = client.get(f"/agente/casos/{code}").get_data(as_text=True)
    refused = client.post(f"/agente/casos/{code}/reclasificar", data=form(type="reclamo"))

    assert "Reclasificar (tipo, tema u oficina)" in page
    assert refused.status_code == 422
    assert "El motivo de la reclasificación es obligatorio." in refused.get_data(as_text=True)
    assert db.session.get(Ticket, 1).type == "consulta"


def test_a_reclassified_case_shows_its_new_deadline_and_the_reason_in_the_timeline(client, user):
    code = register_ticket(SYSTEM, ticket_body(type="consulta")).ticket.code
    sign_in(client, user("agent", "LIM"))

    done = client.post(f"/agente/casos/{code}/reclasificar",
                       data=form(type="reclamo", motive="informacion", reason="Reclama por el pago."))
    page = client.get(f"/agente/casos/{code}").get_data(as_text=True)

    assert done.status_code == 302 and done.headers["Location"].endswith(f"/agente/casos/{code}")
    assert "Reclasificado" in page and "Reclama por el pago." in page
    assert "Tipo: Consulta → Reclamo" in page and "Motivo: — → Información" in page


def test_an_agent_who_moves_a_case_away_lands_on_the_inbox(client, user):
    code = register_ticket(SYSTEM, ticket_body(type="consulta")).ticket.code
    sign_in(client, user("agent", "LIM"))

    moved = client.post(f"/agente/casos/{code}/reclasificar",
                        data=form(type="reclamo", office="CUS", reason="Corresponde a Cusco."))

    assert moved.status_code == 302 and moved.headers["Location"].endswith("/agente/bandeja")
    assert client.get(f"/agente/casos/{code}").status_code == 404


def test_the_supervisor_of_the_new_office_finds_the_notice_on_the_alerts_page(client, user, app):
    code = register_ticket(SYSTEM, ticket_body(type="consulta")).ticket.code
    cusco = user("supervisor", "CUS")
    agent = user("agent", "LIM")
    with app.app_context():  # each signed-in client in its own context (Flask-Login caches in g)
        sign_in(client, agent)
        client.post(f"/agente/casos/{code}/reclasificar",
                    data=form(type="reclamo", office="CUS", reason="Corresponde a Cusco."))
    supervisor = app.test_client()
    with app.app_context():
        sign_in(supervisor, cusco)
    with app.app_context():
        page = supervisor.get("/reportes/alertas").get_data(as_text=True)

    assert f"Caso {code} trasladado desde Lima a Cusco." in page
    assert 'data-testid="unread-alerts">1<' in page
