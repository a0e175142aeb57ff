"""Administrators read the report pages without case links (the case page answers them 403)."""

from __future__ import annotations

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.services.alerts import scan_sla
from service_desk.services.tickets import register_ticket
from tests.factories import ticket_body
from tests.scheduler.conftest import at
from tests.web.conftest import sign_in

SYSTEM = Actor(id=None, role="national_supervisor", office="SEDE")


def test_report_pages_give_the_admin_codes_without_links_and_supervisors_links(app, user, frozen):
    with clock.frozen(at("2024-01-08 09:00")):
        code = register_ticket(SYSTEM, ticket_body()).ticket.code
    frozen("2024-03-20T09:00:00-05:00")
    scan_sla()
    pages = {}
    for role in ("admin", "national_supervisor"):
        client = app.test_client()
        with app.app_context():
            sign_in(client, user(role))
        with app.app_context():
            pages[role] = [client.get(path).get_data(as_text=True) for path in (
                "/reportes/alertas", "/reportes/indicador-3/casos?period=2024-T1")]

    for html in pages["admin"]:
        assert code in html and f"/agente/casos/{code}" not in html
    for html in pages["national_supervisor"]:
        assert f'href="/agente/casos/{code}"' in html
