"""Ley 29733: access log, the citizen's dossier, rectification and retention."""

import json
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from service_desk import clock
from service_desk.extensions import db
from service_desk.models import Citizen, Ticket
from service_desk.models.audit import AccessLogEntry, CitizenChange
from service_desk.services.personal_data import anonymise_expired_citizens, rectify_citizen
from tests.factories import ticket_body


def test_viewing_a_ticket_through_the_api_is_logged_with_who_and_where(api):
    agent = api("agent", "LIM")
    code = agent.post("/api/v1/tickets", json=ticket_body()).json["code"]
    agent.get(f"/api/v1/tickets/{code}")
    entry = db.session.scalar(select(AccessLogEntry))
    assert (entry.username, entry.action, entry.object_ref, entry.channel) == (
        agent.user.username, "view", code, "api")
    assert entry.address == "127.0.0.1"


def test_the_access_log_cannot_be_edited_or_deleted(api):
    agent = api("agent", "LIM")
    code = agent.post("/api/v1/tickets", json=ticket_body()).json["code"]
    agent.get(f"/api/v1/tickets/{code}")
    entry = db.session.scalar(select(AccessLogEntry))
    entry.username = "otro"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(PermissionError):
        db.session.delete(db.session.scalar(select(AccessLogEntry)))
        db.session.flush()
    db.session.rollback()


def test_citizen_export_writes_json_and_a_readable_pdf(api, runner, tmp_path):
    agent = api("agent", "LIM")
    agent.post("/api/v1/tickets", json=ticket_body(description="No cobró el abono de marzo."))
    result = runner.invoke(args=["citizen", "export", "12345678", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    dossier = json.loads((tmp_path / "datos-DNI-12345678.json").read_text())
    assert dossier["citizen"]["first_name"] == "Rosa"
    assert dossier["tickets"][0]["description"] == "No cobró el abono de marzo."
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "datos-DNI-12345678.pdf").pages)
    assert "Quispe Mamani" in text and "No cobró el abono de marzo." in text
    assert db.session.scalar(select(AccessLogEntry.action).where(
        AccessLogEntry.object_type == "citizen")) == "export"


def test_export_of_an_unknown_document_says_so(runner):
    result = runner.invoke(args=["citizen", "export", "99999999"])
    assert result.exit_code != 0 and "No hay datos" in result.output


def test_rectification_is_a_tracked_change(api):
    agent = api("agent", "LIM")
    agent.post("/api/v1/tickets", json=ticket_body())
    citizen = db.session.scalar(select(Citizen))
    changes = rectify_citizen(agent.user, citizen, {"address": "Jr. Ayacucho 123, Puno"},
                              "Solicitud de rectificación del titular")
    assert [(c.field, c.new_value) for c in changes] == [("address", "Jr. Ayacucho 123, Puno")]
    assert db.session.scalar(select(CitizenChange.reason)).startswith("Solicitud")


def test_retention_anonymises_old_closed_cases_but_keeps_statistics(api, app):
    clock.freeze(datetime.fromisoformat("2018-03-05T10:00:00-05:00"))
    agent = api("agent", "LIM")
    old = agent.post("/api/v1/tickets", json=ticket_body()).json["code"]
    agent.post(f"/api/v1/tickets/{old}/close", json={"response": "Atendido, Sra. Rosa."})
    recent_citizen = ticket_body(citizen={"document_number": "87654321"})
    clock.freeze(datetime.fromisoformat("2024-03-05T10:00:00-05:00"))
    assert api("agent", "LIM").post("/api/v1/tickets", json=recent_citizen).status_code == 201
    assert anonymise_expired_citizens() == 1
    ticket = db.session.scalar(select(Ticket).where(Ticket.code == old))
    assert ticket.citizen.document_number is None and ticket.citizen.first_name is None
    assert ticket.description == "[anonimizado]"
    assert (ticket.type, ticket.office.code, ticket.closed_on.isoformat()) == ("reclamo", "LIM", "2018-03-05")
    assert db.session.scalar(select(Citizen).where(Citizen.document_number == "87654321")) is not None
    assert anonymise_expired_citizens() == 0
