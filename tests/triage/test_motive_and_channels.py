"""Motive of reclamos and quejas (DS 007-2020-PCM art. 4), and redes sociales as a channel."""

from __future__ import annotations

from tests.factories import ticket_body
from tests.web.conftest import sign_in


def test_closing_a_reclamo_through_the_api_without_motive_gets_a_clear_422(api):
    agent = api("agent", "LIM")
    code = agent.post("/api/v1/tickets", json=ticket_body(motive=None)).json["code"]

    refused = agent.post(f"/api/v1/tickets/{code}/close", json={"response": "Atendido."})
    closed = agent.post(f"/api/v1/tickets/{code}/close",
                        json={"response": "Atendido.", "motive": "tiempo_atencion"})

    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "validation_error"
    assert "DS 007-2020-PCM" in refused.json["error"]["fields"]["motive"]
    assert closed.status_code == 200 and closed.json["motive"] == "tiempo_atencion"


def test_a_motive_recorded_at_registration_lets_existing_clients_close_with_the_response_only(api):
    agent = api("agent", "LIM")
    created = agent.post("/api/v1/tickets", json=ticket_body(type="queja", motive="trato_profesional"))

    closed = agent.post(f"/api/v1/tickets/{created.json['code']}/close", json={"response": "Atendido."})

    assert created.json["motive"] == "trato_profesional"
    assert closed.status_code == 200 and closed.json["motive"] == "trato_profesional"


def test_a_consulta_takes_no_motive_and_closes_without_one(api):
    agent = api("agent", "LIM")
    refused = agent.post("/api/v1/tickets", json=ticket_body(type="consulta", motive="informacion"))
    code = agent.post("/api/v1/tickets", json=ticket_body(type="consulta")).json["code"]

    assert refused.status_code == 422 and "motive" in refused.json["error"]["fields"]
    assert agent.post(f"/api/v1/tickets/{code}/close", json={"response": "Listo."}).status_code == 200


def test_the_queue_filters_by_motive_and_the_export_carries_it(api, client, user):
    agent = api("agent", "LIM")
    first = agent.post("/api/v1/tickets", json=ticket_body(motive="confianza")).json["code"]
    other = agent.post("/api/v1/tickets", json=ticket_body(motive="informacion")).json["code"]
    sign_in(client, user("supervisor", "LIM"))

    page = client.get("/agente/bandeja?motive=confianza").get_data(as_text=True)
    export = client.get("/supervision/cola/exportar?formato=csv&motive=confianza&status=")
    text = export.get_data(as_text=True)

    assert first in page and other not in page
    assert export.status_code == 200
    assert "Motivo" in text.splitlines()[0] and "Confianza" in text and other not in text


def test_redes_sociales_is_a_channel_registered_by_agents_and_has_no_target(api, client, user):
    created = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body(
        type="consulta", channel="redes_sociales"))
    sign_in(client, user("national_supervisor"))
    spec = client.get("/api/v1/openapi.json").json
    form = client.get("/agente/registrar").get_data(as_text=True)
    targets = client.get("/reportes/metas").get_data(as_text=True)

    assert created.status_code == 201 and created.json["channel"] == "redes_sociales"
    enum = spec["components"]["schemas"]["Ticket"]["properties"]
    assert "redes_sociales" in spec["paths"]["/api/v1/tickets"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]["properties"]["channel"]["enum"]
    assert "motive" in enum
    assert 'value="redes_sociales"' in form
    assert "Redes sociales (Facebook, Messenger)" in targets and "sin meta" in targets
