"""Supervision: per-office overview with SLA counts, office-scoped queues and reassignment."""

from __future__ import annotations

import re

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.services.tickets import close_ticket


def _row(body: str, office_name: str) -> list[str]:
    row = re.search(rf">{re.escape(office_name)}</a></th>(.*?)</tr>", body, re.S).group(1)
    return re.findall(r"<td>(?:<a[^>]*>)?(\d+)", row)


def test_overview_counts_open_cases_per_sla_state(client, login, case, frozen):
    frozen("2024-02-01T10:00:00-05:00")
    case(type="pedido", citizen={"document_number": "10000001"})  # due 22 Feb
    frozen("2024-03-04T10:00:00-05:00")
    case(type="reclamo", citizen={"document_number": "10000002"})  # due 17 Apr
    case(type="pedido", citizen={"document_number": "10000003"})  # due 25 Mar
    case(type="consulta", citizen={"document_number": "10000004"})  # no deadline
    case(type="reclamo", citizen={"document_number": "10000005"})
    closed = case(type="reclamo", citizen={"document_number": "10000006"})
    close_ticket(Actor(None, "national_supervisor", "SEDE"), closed.code, "Atendido.")
    frozen("2024-03-20T10:00:00-05:00")
    login("supervisor", "LIM")
    body = client.get("/supervision/").get_data(as_text=True)
    # en plazo, por vencer, vencidos, sin plazo, total open
    assert _row(body, "Lima") == ["2", "1", "1", "1", "5"]


def test_a_ut_supervisor_sees_only_its_office_and_the_national_one_sees_all(client, login, case):
    case(office="CUS")
    login("supervisor", "LIM")
    body = client.get("/supervision/").get_data(as_text=True)
    assert ">Lima</a>" in body and ">Cusco</a>" not in body
    client.post("/logout")
    login("national_supervisor")
    body = client.get("/supervision/").get_data(as_text=True)
    assert _row(body, "Cusco")[-1] == "1" and ">Ucayali</a>" in body


def test_the_supervisor_queue_stays_in_its_office_whatever_the_filter_says(client, login, case):
    other = case(office="CUS")
    login("supervisor", "LIM")
    assert other.code not in client.get("/supervision/cola?office=CUS").get_data(as_text=True)


def test_national_queue_filters_by_office_and_sla(client, login, case, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    cusco = case(office="CUS", citizen={"document_number": "10000001"})
    lima = case(office="LIM", citizen={"document_number": "10000002"})
    frozen("2024-04-20T10:00:00-05:00")
    login("national_supervisor")
    body = client.get("/supervision/cola?office=CUS&sla=vencido").get_data(as_text=True)
    assert cusco.code in body and lima.code not in body
    assert "Vencidos: <strong>1</strong>" in body


def test_a_supervisor_reassigns_a_case_to_another_agent_of_the_office(client, login, user, case):
    ticket = case()
    first, second = user("agent", "LIM", full_name="Ana Flores"), user("agent", "LIM")
    outsider = user("agent", "CUS")
    ticket.assignee_id = first.id
    db.session.commit()
    login("supervisor", "LIM")
    page = client.get(f"/agente/casos/{ticket.code}").get_data(as_text=True)
    assert second.username in page and outsider.username not in page
    response = client.post(f"/supervision/casos/{ticket.code}/asignar",
                           data={"assign-assignee": str(second.id)}, follow_redirects=True)
    assert f"Caso asignado a {second.full_name}." in response.get_data(as_text=True)
    assert f"Responsable: {first.username} → {second.username}" in response.get_data(as_text=True)
    db.session.refresh(ticket)
    assert ticket.assignee_id == second.id


def test_reassigning_outside_the_office_is_refused_beside_the_field(client, login, user, case):
    ticket = case()
    outsider = user("agent", "CUS")
    login("supervisor", "LIM")
    response = client.post(f"/supervision/casos/{ticket.code}/asignar",
                           data={"assign-assignee": str(outsider.id)})
    assert response.status_code == 422
    assert "Elija un agente activo de la oficina del caso." in response.get_data(as_text=True)
    db.session.refresh(ticket)
    assert ticket.assignee_id is None
