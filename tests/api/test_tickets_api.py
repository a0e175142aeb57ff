"""API v1 tickets: create, get, list, close, annul, with roles and office scoping."""

import pytest
from sqlalchemy import func, select

from service_desk.extensions import db
from service_desk.models import Citizen, Ticket, TicketEvent
from tests.factories import ticket_body


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def create(client, **overrides):
    response = client.post("/api/v1/tickets", json=ticket_body(**overrides))
    assert response.status_code == 201, response.json
    return response.json


def test_created_ticket_has_code_dates_sla_and_creation_event(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    body = create(api("agent", "LIM"))
    assert body["code"].startswith("LIM-2024-")
    assert (body["received_on"], body["due_on"], body["sla"]) == ("2024-03-04", "2024-04-17", "en_plazo")
    assert body["status"] == "registrado"
    assert body["citizen"]["document_number"] == "12345678"
    assert body["events"][0]["kind"] == "created"
    assert body["filed_at"] == "2024-03-04T15:00:00+00:00"


def test_repeated_client_uuid_returns_the_same_ticket_with_200(api):
    agent = api("agent", "LIM")
    body = ticket_body()
    first = agent.post("/api/v1/tickets", json=body)
    second = agent.post("/api/v1/tickets", json=body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["code"] == second.json["code"]
    assert count(Ticket) == 1


def test_consulta_has_no_deadline_nor_sla(api):
    body = create(api("agent", "LIM"), type="consulta")
    assert body["due_on"] is None and body["sla"] is None


def test_agent_cannot_register_in_another_office_and_nothing_is_saved(api):
    response = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body(office="CUS"))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert count(Ticket) == 0 and count(Citizen) == 0


def test_agent_cannot_backdate_but_itinerant_can(api, frozen):
    frozen("2024-03-11T10:00:00-05:00")
    backdated = ticket_body(filed_at="2024-03-02T09:00:00-05:00", office="CUS")
    refused = api("agent", "CUS").post("/api/v1/tickets", json=backdated)
    assert refused.status_code == 403
    assert "filed_at" in refused.json["error"]["fields"]
    accepted = api("itinerant", "CUS").post("/api/v1/tickets", json=backdated)
    assert accepted.status_code == 201
    # Saturday 2 March -> received Monday 4 March, due 17 April: the clock ran in the field.
    assert (accepted.json["received_on"], accepted.json["due_on"]) == ("2024-03-04", "2024-04-17")


def test_future_filed_at_is_a_validation_error(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    response = api("itinerant", "LIM").post(
        "/api/v1/tickets", json=ticket_body(filed_at="2024-03-05T10:00:00-05:00"))
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_error"
    assert "futuro" in response.json["error"]["fields"]["filed_at"]


@pytest.mark.parametrize("overrides,field", [
    ({"type": "x"}, "type"), ({"channel": "fax"}, "channel"), ({"office": "ZZZ"}, "office"),
    ({"subject": "x"}, "subject"), ({"description": ""}, "description"),
    ({"citizen": {"document_number": "123"}}, "citizen.document_number"),
    ({"citizen": {"document_type": "CE", "document_number": "12"}}, "citizen.document_number"),
    ({"citizen": {"document_type": "RUC"}}, "citizen.document_type"),
    ({"citizen": {"phone": "555"}}, "citizen.phone"),
    ({"citizen": {"email": "a@b"}}, "citizen.email"),
    ({"citizen": {"language": "Quechua!"}}, "citizen.language"),
    ({"citizen": {"first_name": "x" * 101}}, "citizen.first_name"),
    ({"filed_at": "ayer"}, "filed_at"), ({"client_uuid": "1"}, "client_uuid"),
])
def test_each_validation_rule_returns_a_field_error_and_saves_nothing(api, overrides, field):
    response = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body(**overrides))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert count(Ticket) == 0 and count(Citizen) == 0 and count(TicketEvent) == 0


def test_malformed_json_is_a_400_with_stable_code(api):
    agent = api("agent", "LIM")
    response = agent.client.post("/api/v1/tickets", data="{no json",
                                 headers={**agent._headers(), "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"


def test_without_token_or_with_a_bad_token_is_401(client):
    assert client.get("/api/v1/offices").status_code == 401
    response = client.get("/api/v1/offices", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_offices_list_has_the_21_uts_and_sede(api):
    offices = api("agent", "LIM").get("/api/v1/offices").json
    assert len(offices) == 22
    assert {"code": "IQU", "name": "Loreto-Iquitos"} in offices


def test_ticket_of_another_office_is_invisible(api):
    code = create(api("agent", "LIM"))["code"]
    assert api("agent", "CUS").get(f"/api/v1/tickets/{code}").status_code == 404
    assert api("supervisor", "CUS").get(f"/api/v1/tickets/{code}").status_code == 404
    assert api("supervisor", "LIM").get(f"/api/v1/tickets/{code}").status_code == 200
    assert api("national_supervisor").get(f"/api/v1/tickets/{code}").status_code == 200


def test_denuncia_is_visible_only_to_integrity(api):
    agent = api("agent", "LIM")
    receipt = agent.post("/api/v1/tickets", json=ticket_body(type="denuncia"))
    assert receipt.status_code == 201
    assert receipt.json["sealed"] is True and "citizen" not in receipt.json
    code = receipt.json["code"]
    assert code.startswith("DEN-")
    for role in ("agent", "supervisor", "national_supervisor", "admin"):
        caller = api(role, "LIM")
        assert caller.get(f"/api/v1/tickets/{code}").status_code == 404
        assert caller.get("/api/v1/tickets").json["total"] == 0
    integrity = api("integrity")
    assert integrity.get(f"/api/v1/tickets/{code}").json["citizen"]["document_number"] == "12345678"
    assert integrity.get("/api/v1/tickets").json["total"] == 1


def test_list_is_scoped_filtered_paginated_and_ordered_by_due_date(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    lima, cusco = api("agent", "LIM"), api("agent", "CUS")
    create(lima, type="pedido")  # 15 días hábiles
    create(lima, type="reclamo")
    create(lima, type="consulta")
    create(cusco, office="CUS")
    listed = lima.get("/api/v1/tickets").json
    assert listed["total"] == 3
    assert [t["type"] for t in listed["items"]] == ["pedido", "reclamo", "consulta"]
    assert lima.get("/api/v1/tickets?type=reclamo").json["total"] == 1
    page = lima.get("/api/v1/tickets?per_page=2&page=2").json
    assert (page["page"], page["per_page"], len(page["items"])) == (2, 2, 1)
    assert api("national_supervisor").get("/api/v1/tickets").json["total"] == 4
    assert api("national_supervisor").get("/api/v1/tickets?office=CUS").json["total"] == 1


def test_sla_filter_finds_overdue_and_due_soon_tickets(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    agent = api("agent", "LIM")
    create(agent, type="pedido")    # due 2024-03-25
    create(agent, type="reclamo")   # due 2024-04-17
    frozen("2024-03-20T10:00:00-05:00")
    assert agent.get("/api/v1/tickets?sla=por_vencer").json["total"] == 1
    assert agent.get("/api/v1/tickets?sla=en_plazo").json["total"] == 1
    frozen("2024-03-26T10:00:00-05:00")
    overdue = agent.get("/api/v1/tickets?sla=vencido").json
    assert [t["type"] for t in overdue["items"]] == ["pedido"]
    assert overdue["items"][0]["sla"] == "vencido"


def test_bad_query_parameters_are_field_errors(api):
    agent = api("agent", "LIM")
    for query, field in (("status=abierto", "status"), ("sla=tarde", "sla"),
                         ("per_page=1000", "per_page"), ("page=0", "page")):
        response = agent.get(f"/api/v1/tickets?{query}")
        assert response.status_code == 422
        assert field in response.json["error"]["fields"]


def test_close_requires_a_response_and_records_the_closing_day(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    agent = api("agent", "LIM")
    code = create(agent)["code"]
    missing = agent.post(f"/api/v1/tickets/{code}/close", json={"response": "  "})
    assert missing.status_code == 422 and "response" in missing.json["error"]["fields"]
    frozen("2024-04-17T23:30:00-05:00")  # 04:30 UTC on the 18th, still the due day in Lima
    closed = agent.post(f"/api/v1/tickets/{code}/close", json={"response": "Se regularizó el abono."})
    assert closed.status_code == 200
    assert (closed.json["status"], closed.json["sla"]) == ("cerrado", "cerrado_en_plazo")
    assert closed.json["events"][-1]["kind"] == "closed"
    again = agent.post(f"/api/v1/tickets/{code}/close", json={"response": "otra vez"})
    assert again.status_code == 409 and again.json["error"]["code"] == "invalid_transition"


def test_annul_needs_a_supervisor_and_a_reason(api):
    code = create(api("agent", "LIM"))["code"]
    assert api("agent", "LIM").post(f"/api/v1/tickets/{code}/annul",
                                    json={"reason": "duplicado"}).status_code == 403
    supervisor = api("supervisor", "LIM")
    no_reason = supervisor.post(f"/api/v1/tickets/{code}/annul", json={})
    assert no_reason.status_code == 422 and "reason" in no_reason.json["error"]["fields"]
    annulled = supervisor.post(f"/api/v1/tickets/{code}/annul", json={"reason": "Duplicado de LIM-1"})
    assert annulled.json["status"] == "anulado" and annulled.json["sla"] is None
    assert api("supervisor", "CUS").post(f"/api/v1/tickets/{code}/annul",
                                         json={"reason": "x"}).status_code == 404


def test_closing_a_ticket_of_another_office_is_404_not_403(api):
    code = create(api("agent", "LIM"))["code"]
    response = api("agent", "CUS").post(f"/api/v1/tickets/{code}/close", json={"response": "ok"})
    assert response.status_code == 404


def test_returning_citizen_is_found_by_dni_and_contact_updated(api):
    agent = api("agent", "LIM")
    create(agent)
    create(agent, citizen={"phone": "912345678"})
    assert count(Citizen) == 1
    assert db.session.scalar(select(Citizen.phone)) == "+51912345678"


def test_a_retried_denuncia_answers_its_sealed_receipt_to_its_registrar_only(api):
    """Issue 12, finding 4: the retry used to answer 404 to the agent who filed it."""
    agent = api("agent", "LIM")
    body = ticket_body(type="denuncia", description="Cobran por inscribir hogares.")
    first = agent.post("/api/v1/tickets", json=body)
    again = agent.post("/api/v1/tickets", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    assert again.json["sealed"] is True and "description" not in again.json
    assert api("agent", "LIM").post("/api/v1/tickets", json=body).status_code == 404
