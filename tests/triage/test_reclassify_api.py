"""POST /api/v1/tickets/<code>/reclassify: every rule of API.md, and what the clock then says."""

from __future__ import annotations

from sqlalchemy import select

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import Notification, Ticket
from service_desk.services.conversations import receive_whatsapp
from service_desk.services.tickets import register_ticket
from tests.factories import ticket_body

REASON = "El ciudadano reclama que no le pagaron; corresponde a la UT Cusco."
SYSTEM = Actor(id=None, role="national_supervisor", office="SEDE")


def whatsapp_consulta(frozen, sid="SM100", body="No me pagaron el abono de marzo, ayúdenme.") -> str:
    """A consulta opened at Sede Central by a WhatsApp message on Mon 4 Mar 2024."""
    frozen("2024-03-04T10:00:00-05:00")
    return receive_whatsapp(sid, "whatsapp:+51987654321", body, [], "Rosa Quispe").ticket.code


def reclassify(client, code: str, **body):
    return client.post(f"/api/v1/tickets/{code}/reclassify", json=body)


def test_a_whatsapp_consulta_becomes_a_reclamo_of_cusco_with_the_clock_from_the_message_day(
        api, frozen):
    code = whatsapp_consulta(frozen)
    frozen("2024-03-11T09:00:00-05:00")  # triaged a week later

    response = reclassify(api("agent", "SEDE"), code, type="reclamo", subject="pagos",
                          office="CUS", reason=REASON)

    assert response.status_code == 200, response.json
    body = response.json
    assert (body["code"], body["type"], body["office"], body["subject"]) == (
        code, "reclamo", "CUS", "pagos")
    assert body["received_on"] == "2024-03-04"  # the first contact, not the triage day
    assert body["due_on"] == "2024-04-17"  # 30 días hábiles, Jueves/Viernes Santo skipped
    event = body["events"][-1]
    assert event["kind"] == "reclassified" and event["note"] == REASON
    assert event["changes"]["type"] == ["consulta", "reclamo"]
    assert event["changes"]["office"] == ["SEDE", "CUS"]
    assert event["changes"]["due_on"] == [None, "2024-04-17"]


def test_after_a_move_the_new_office_sees_the_case_and_the_old_one_gets_404(api, frozen, user):
    code = whatsapp_consulta(frozen)
    cusco_supervisor = user("supervisor", "CUS")
    sede = api("agent", "SEDE")

    assert reclassify(sede, code, type="reclamo", office="CUS", reason=REASON).status_code == 200

    assert sede.get(f"/api/v1/tickets/{code}").status_code == 404
    assert api("agent", "CUS").get(f"/api/v1/tickets/{code}").json["office"] == "CUS"
    notices = db.session.scalars(select(Notification).where(
        Notification.user_id == cusco_supervisor.id)).all()
    assert [n.message for n in notices] == [f"Caso {code} trasladado desde Sede Central a Cusco."]


def test_the_reason_is_required_and_nothing_is_saved_without_it(api, frozen):
    code = whatsapp_consulta(frozen)

    response = reclassify(api("agent", "SEDE"), code, type="reclamo", office="CUS", reason="  ")

    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_error"
    assert "reason" in response.json["error"]["fields"]
    ticket = db.session.scalar(select(Ticket).where(Ticket.code == code))
    assert (ticket.type, ticket.office.code) == ("consulta", "SEDE")


def test_a_request_that_changes_nothing_or_names_unknown_codes_gets_422_with_fields(api, frozen):
    code = whatsapp_consulta(frozen)
    sede = api("agent", "SEDE")

    nothing = reclassify(sede, code, reason=REASON)
    same = reclassify(sede, code, type="consulta", office="SEDE", reason=REASON)
    unknown = reclassify(sede, code, type="felicitacion", office="XYZ", reason=REASON)

    assert nothing.status_code == 422 and set(nothing.json["error"]["fields"]) == {
        "type", "subject", "office"}
    assert same.status_code == 422 and set(same.json["error"]["fields"]) == {"type", "office"}
    assert unknown.status_code == 422 and set(unknown.json["error"]["fields"]) == {"type", "office"}


def test_only_open_tickets_are_reclassified(api):
    agent = api("agent", "LIM")
    code = agent.post("/api/v1/tickets", json=ticket_body(type="consulta")).json["code"]
    assert agent.post(f"/api/v1/tickets/{code}/close", json={"response": "Atendido."}).status_code == 200

    response = reclassify(agent, code, type="reclamo", reason=REASON)

    assert response.status_code == 409
    assert response.json["error"]["code"] == "invalid_transition"


def test_roles_outside_the_case_get_404_and_those_who_see_but_may_not_get_403(api):
    code = register_ticket(SYSTEM, ticket_body(office="LIM", type="consulta")).ticket.code
    body = {"type": "reclamo", "reason": REASON}

    outcomes = {role: reclassify(api(role, office), code, **body).status_code for role, office in (
        ("admin", None), ("itinerant", "LIM"), ("integrity", None), ("agent", "CUS"))}

    assert outcomes == {"admin": 403, "itinerant": 403, "integrity": 404, "agent": 404}


def test_a_reclamo_turned_consulta_loses_its_deadline(api):
    agent = api("agent", "LIM")
    code = agent.post("/api/v1/tickets", json=ticket_body()).json["code"]

    body = reclassify(agent, code, type="consulta", reason="Era solo una pregunta.").json

    assert body["due_on"] is None and body["sla"] is None
