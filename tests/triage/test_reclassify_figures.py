"""What Indicador 3 and the SLA alerts say after a triage."""

from __future__ import annotations

from service_desk.services.conversations import receive_whatsapp
from tests.factories import ticket_body

REASON = "Es un reclamo por el pago; corresponde a la UT Cusco."


def row_of(body, office):
    return next(r for r in body["rows"] if r["office"] == office)


def test_a_whatsapp_reclamo_triaged_to_cusco_enters_indicador_3_by_its_message_day(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    code = receive_whatsapp("SM300", "whatsapp:+51987654321", "No me pagaron.", [], "Rosa").ticket.code
    national = api("national_supervisor")
    frozen("2024-03-20T10:00:00-05:00")
    before = national.get("/api/v1/indicators/3?period=2024-T1").json

    national.post(f"/api/v1/tickets/{code}/reclassify",
                  json={"type": "reclamo", "office": "CUS", "reason": REASON})
    frozen("2024-04-10T10:00:00-05:00")
    api("agent", "CUS").post(f"/api/v1/tickets/{code}/close",
                             json={"response": "Su abono fue reprogramado.", "motive": "resultado_gestion"})
    after = national.get("/api/v1/indicators/3?period=2024-T1").json

    assert before["total"]["denominator"] == 0
    assert row_of(after, "CUS")["numerator"] == 1 and row_of(after, "CUS")["denominator"] == 1
    assert row_of(after, "CUS")["value"] == 100.0
    assert row_of(after, "SEDE")["denominator"] == 0


def test_a_vencido_raised_under_the_old_deadline_is_withdrawn_and_the_scan_raises_the_right_one(
        api, frozen, runner):
    frozen("2024-03-04T10:00:00-05:00")
    agent = api("agent", "LIM")
    code = agent.post("/api/v1/tickets", json=ticket_body(type="pedido")).json["code"]
    frozen("2024-04-01T09:00:00-05:00")  # the pedido's 15 días hábiles are over
    assert runner.invoke(args=["jobs", "run", "sla-scan"]).exit_code == 0
    assert [a["level"] for a in agent.get("/api/v1/alerts").json["items"]] == ["vencido"]

    body = agent.post(f"/api/v1/tickets/{code}/reclassify",
                      json={"type": "reclamo", "reason": "Es un reclamo por el pago."}).json

    assert body["due_on"] == "2024-04-17" and body["sla"] == "en_plazo"
    assert agent.get("/api/v1/alerts").json["items"] == []
    frozen("2024-04-12T09:00:00-05:00")
    assert runner.invoke(args=["jobs", "run", "sla-scan"]).exit_code == 0
    assert [a["level"] for a in agent.get("/api/v1/alerts").json["items"]] == ["por_vencer"]
