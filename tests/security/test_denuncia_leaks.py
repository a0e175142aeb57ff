"""A denuncia's complainant and facts reach no log, e-mail, notification or page of another role.

One run through everything that writes about a case: the desk registration,
integrity opening and searching it, the SLA scan (alerts, in-app notifications,
e-mail digests queued in the outbox), the request log, the access log the admins
read, and the alert pages and API every other role can open.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import event, select

from service_desk.extensions import db
from service_desk.models import Notification, OutboxMessage, Ticket
from service_desk.models.alerts import Alert
from service_desk.services.users import create_token
from tests.factories import ticket_body
from tests.web.conftest import sign_in

DNI, FIRST, LAST, PHONE, EMAIL = "44556677", "Teodora", "Huamancaja", "987111222", "teodora@correo.pe"
FACTS = "El gestor Paredes cobra veinte soles por inscribir hogares en Acoria."
SECRETS = (DNI, FIRST, LAST, PHONE, EMAIL, "Paredes", "veinte soles")
DENUNCIA = {"office": "LIM", "channel": "presencial", "type": "denuncia", "subject": "otros",
            "description": FACTS, "document_type": "DNI", "document_number": DNI,
            "first_name": FIRST, "last_name": LAST, "phone": PHONE, "email": EMAIL, "language": "es"}
RECLAMO = {**DENUNCIA, "type": "reclamo", "subject": "pagos", "description": "No cobró el abono.",
           "document_number": "70112233", "first_name": "Rosa", "last_name": "Quispe",
           "phone": "955000111", "email": "rosa@correo.pe"}
OTHERS = ("agent", "supervisor", "national_supervisor", "admin")


class Staff:
    """A signed-in browser of one user, with its API token.

    Each request runs in a fresh app context: the test's own context would
    otherwise share `g` (and Flask-Login's cached user) between the clients.
    """

    def __init__(self, app, person) -> None:
        self.app, self.id, self.client = app, person.id, app.test_client()
        self.api_headers = {"Authorization": f"Bearer {create_token(person)}"}
        with app.app_context():
            assert sign_in(self.client, person).status_code == 302

    def get(self, path: str, **kw):
        with self.app.app_context():
            return self.client.get(path, **kw)

    def post(self, path: str, **kw):
        with self.app.app_context():
            return self.client.post(path, **kw)

    def text(self, path: str, api: bool = False) -> str:
        return self.get(path, headers=self.api_headers if api else {}).get_data(as_text=True)


@pytest.fixture
def staff(app, user) -> dict[str, Staff]:
    """One signed-in user per role; everyone has an e-mail address (to receive digests)."""
    return {role: Staff(app, user(role, email=f"{role}@juntos.gob.pe")) for role in (*OTHERS, "integrity")}


def reachable_by_others(staff, code: str) -> dict[str, str]:
    """Every page, download and API answer about alerts, cases and access other roles open, by path."""
    pages = {"agent": ["/reportes/alertas?todas=1", "/agente/bandeja?status=", "/agente/mis-casos?status="],
             "supervisor": ["/reportes/alertas?todas=1", "/supervision/cola?status=", "/supervision/",
                            "/reportes/indicador-3/casos?period=2024-T1"],
             "national_supervisor": ["/reportes/alertas?todas=1", "/supervision/cola?status="],
             "admin": ["/reportes/alertas?todas=1", "/admin/registro-de-accesos",
                       "/admin/registro-de-accesos.csv"]}
    seen = {}
    for role, paths in pages.items():
        person = staff[role]
        seen |= {f"{role} {path}": person.text(path) for path in paths}
        seen |= {f"{role} {path}": person.text(path, api=True)
                 for path in ("/api/v1/alerts", "/api/v1/tickets?status=")}
        assert person.get(f"/agente/casos/{code}").status_code in (403, 404)
        assert person.get(f"/api/v1/tickets/{code}", headers=person.api_headers).status_code == 404
    return seen


def test_a_denuncia_leaves_no_trace_outside_the_integrity_role(app, staff, runner, caplog, frozen):
    caplog.set_level(logging.DEBUG)
    frozen("2024-03-04T10:00:00-05:00")
    desk = staff["agent"]
    assert desk.post("/agente/registrar", data=DENUNCIA).status_code == 302
    assert desk.post("/agente/registrar", data=RECLAMO).status_code == 302
    code = db.session.scalar(select(Ticket.code).where(Ticket.type == "denuncia"))
    integrity = staff["integrity"]
    assert integrity.get(f"/agente/casos/{code}").status_code == 200
    integrity.get(f"/agente/ciudadano?document_type=DNI&document_number={DNI}")
    integrity.get(f"/agente/bandeja?text={DNI}")

    frozen("2024-05-20T09:00:00-05:00")  # both cases are now overdue
    scan = runner.invoke(args=["jobs", "run", "sla-scan"])
    assert scan.exit_code == 0, scan.output

    mail = " ".join(f"{m.recipient} {m.subject} {m.body} {m.meta}"
                    for m in db.session.scalars(select(OutboxMessage)))
    assert "casos reservados" in mail and code not in mail  # integrity's digest: a count only
    notified = set(db.session.scalars(
        select(Notification.user_id).join(Alert, Notification.alert_id == Alert.id)
        .join(Ticket, Alert.ticket_id == Ticket.id).where(Ticket.type == "denuncia")))
    assert notified == {staff["integrity"].id}

    seen = reachable_by_others(staff, code)
    pages = "\n".join(seen.values())
    assert "Quispe" in pages  # the reclamo is there, so the pages did show cases
    logs = "\n".join(logging.Formatter().format(record) for record in caplog.records)  # with tracebacks
    assert any(code in line for line in logs.splitlines())  # the request log did run
    for secret in SECRETS:
        assert secret not in logs, f"{secret!r} in a log line"
        assert secret not in mail, f"{secret!r} in an e-mail"
        assert secret not in pages, f"{secret!r} on a page another role opens"
    # Only the access log names the denuncia's code (integrity opened it), never who or what.
    assert [where for where, text in seen.items() if code in text] == [
        "admin /admin/registro-de-accesos", "admin /admin/registro-de-accesos.csv"]


def test_the_facts_are_never_sent_to_the_database_in_clear(api):
    sent: list[str] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        sent.append(f"{statement} {parameters}")

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        body = ticket_body(type="denuncia", description=FACTS, citizen={"document_number": DNI})
        assert api("agent", "LIM").post("/api/v1/tickets", json=body).status_code == 201
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert not [s for s in sent if "veinte soles" in s or DNI in s]


WA_PHONE, WA_NAME = "+51966123456", "Sabina Ttito"
WA_FACTS = "El coordinador Salcedo exige cuarenta soles por mantener a mi hogar en el padrón."
WA_SECRETS = (WA_PHONE.removeprefix("+51"), "Ttito", "Salcedo", "cuarenta soles")


def test_a_whatsapp_message_triaged_as_denuncia_leaves_no_trace_outside_the_integrity_role(
        app, staff, runner, caplog, frozen):
    """The same sweep for a case that became a denuncia after agents already handled it."""
    from service_desk.services.conversations import receive_whatsapp

    caplog.set_level(logging.DEBUG)
    frozen("2024-03-04T10:00:00-05:00")
    code = receive_whatsapp("SMLEAK1", f"whatsapp:{WA_PHONE}", WA_FACTS, [], WA_NAME).ticket.code
    desk = staff["agent"]
    assert desk.post("/agente/registrar", data=RECLAMO).status_code == 302
    national = staff["national_supervisor"]
    assert national.get(f"/agente/casos/{code}").status_code == 200  # read in clear before triage
    # A pedido with a deadline, so the scan alerts agents and supervisors before the triage.
    assert national.post(f"/api/v1/tickets/{code}/reclassify", headers=national.api_headers, json={
        "type": "pedido", "office": "LIM", "reason": "Pide mantener su afiliación."}).status_code == 200
    noted = desk.post(f"/agente/casos/{code}/nota", data={"note-note": f"Llamé a {WA_NAME}."})
    assert noted.status_code == 302
    frozen("2024-04-15T09:00:00-05:00")
    assert runner.invoke(args=["jobs", "run", "sla-scan"]).exit_code == 0

    triaged = desk.post(f"/agente/casos/{code}/reclasificar", data={
        "reclassify-type": "denuncia", "reclassify-subject": "otros", "reclassify-office": "LIM",
        "reclassify-reason": f"Denuncia contra Salcedo ({WA_NAME})."})
    assert triaged.status_code == 302
    frozen("2024-05-20T09:00:00-05:00")
    assert runner.invoke(args=["jobs", "run", "sla-scan"]).exit_code == 0

    assert staff["integrity"].get(f"/agente/casos/{code}").status_code == 200
    integrity_page = staff["integrity"].text(f"/agente/casos/{code}")
    assert WA_FACTS in integrity_page and "Ttito" in integrity_page
    notified = set(db.session.scalars(
        select(Notification.user_id).join(Alert, Notification.alert_id == Alert.id)
        .join(Ticket, Alert.ticket_id == Ticket.id).where(Ticket.code == code)))
    assert notified == {staff["integrity"].id}
    seen = reachable_by_others(staff, code)
    pages = "\n".join(seen.values())
    assert "Quispe" in pages
    mail = " ".join(f"{m.recipient} {m.subject} {m.body} {m.meta}"
                    for m in db.session.scalars(select(OutboxMessage)))
    logs = "\n".join(logging.Formatter().format(record) for record in caplog.records)
    for secret in WA_SECRETS:
        assert secret not in logs, f"{secret!r} in a log line"
        assert secret not in mail, f"{secret!r} in an e-mail"
        assert secret not in pages, f"{secret!r} on a page another role opens"
