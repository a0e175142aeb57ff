"""Denuncias (D. Leg. 1327): identity and facts sealed at rest, readable only by integrity."""

from cryptography.fernet import Fernet
from sqlalchemy import func, select, text

from service_desk.extensions import db
from service_desk.models import Citizen, SealedRecord, Ticket
from service_desk.services.sealing import open_denuncia, rotate_keys
from tests.factories import ticket_body

FACTS = "El gestor local cobra 20 soles por inscribir hogares."


def file_denuncia(api, **citizen):
    body = ticket_body(type="denuncia", description=FACTS, citizen=citizen)
    response = api("agent", "LIM").post("/api/v1/tickets", json=body)
    assert response.status_code == 201
    return response.json["code"]


def test_identity_and_facts_are_not_stored_in_clear(api):
    code = file_denuncia(api, document_number="44556677", first_name="Teodora")
    dump = " ".join(str(v) for row in db.session.execute(text("SELECT * FROM tickets")) for v in row)
    dump += " ".join(str(v) for row in db.session.execute(text("SELECT * FROM sealed_records"))
                     for v in row)
    assert "44556677" not in dump and "Teodora" not in dump and "20 soles" not in dump
    assert db.session.scalar(select(func.count(Citizen.id))) == 0
    ticket = db.session.scalar(select(Ticket).where(Ticket.code == code))
    assert ticket.citizen_id is None and "reservado" in ticket.description


def test_integrity_reads_identity_facts_and_pseudonym(api):
    code = file_denuncia(api, document_number="44556677", first_name="Teodora")
    body = api("integrity").get(f"/api/v1/tickets/{code}").json
    assert body["citizen"]["document_number"] == "44556677"
    assert body["description"] == FACTS
    assert body["pseudonym"].startswith("RES-")


def test_anonymous_denuncia_is_accepted(api):
    code = file_denuncia(api, document_type=None, document_number=None, first_name=None,
                         last_name=None, phone=None)
    body = api("integrity").get(f"/api/v1/tickets/{code}").json
    assert body["citizen"] is None and body["description"] == FACTS
    assert db.session.scalar(select(SealedRecord.anonymous)) is True


def test_key_rotation_keeps_every_denuncia_readable(app, api, monkeypatch):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "SEALING_KEYS", old_key)
    code = file_denuncia(api, document_number="44556677")
    monkeypatch.setitem(app.config, "SEALING_KEYS", f"{new_key},{old_key}")
    assert rotate_keys() == 1
    monkeypatch.setitem(app.config, "SEALING_KEYS", new_key)  # the old key is retired
    ticket = db.session.scalar(select(Ticket).where(Ticket.code == code))
    assert open_denuncia(ticket)["citizen"]["document_number"] == "44556677"


def test_integrity_case_page_opens_the_seal(api, client):
    code = file_denuncia(api, document_number="44556677", first_name="Teodora")
    integrity = api("integrity")
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = integrity.user.get_id(), True
    page = client.get(f"/agente/casos/{code}").get_data(as_text=True)
    assert FACTS in page and "44556677" in page and "Teodora" in page and "RES-" in page
