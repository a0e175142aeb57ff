"""A case reclassified as denuncia is sealed like one registered as such; only integrity lifts it."""

from __future__ import annotations

from sqlalchemy import select, text

from service_desk.extensions import db
from service_desk.models import Attachment, Ticket
from service_desk.services import citizen_notifications
from service_desk.services.conversations import receive_whatsapp

PHONE, NAME = "+51987000111", "Eulalia Ccori"
FACTS = "El gestor Paredes me pidió cincuenta soles para seguir en el padrón."
RECEIPT_KEYS = {"code", "type", "status", "received_on", "due_on", "sealed"}


def whatsapp_case(frozen) -> Ticket:
    frozen("2024-03-04T10:00:00-05:00")
    ticket = receive_whatsapp("SM900", f"whatsapp:{PHONE}", FACTS, [], NAME).ticket
    db.session.add(Attachment(ticket_id=ticket.id, filename="recibo-paredes.jpg",
                              content_type="image/jpeg", size=4, data=b"\xff\xd8\xff\xe0",
                              source="whatsapp", created_at=ticket.created_at))
    ticket.response = None
    citizen_notifications.acknowledge(ticket)  # nothing for WhatsApp; harmless
    db.session.commit()
    return ticket


def database_text() -> str:
    """Every row of every table but the sealed records, as text (what a SQL prompt shows)."""
    dump = []
    for table in db.metadata.sorted_tables:
        if table.name in ("sealed_records",):
            continue
        for row in db.session.execute(text(f'SELECT * FROM "{table.name}"')):
            dump.append(" ".join(str(v) for v in row))
    return "\n".join(dump)


def test_an_agent_seals_a_whatsapp_denuncia_and_then_only_gets_the_receipt(api, frozen):
    ticket = whatsapp_case(frozen)
    agent = api("agent", "SEDE")
    agent.post(f"/api/v1/tickets/{ticket.code}/reclassify",
               json={"subject": "otros", "reason": "Nota previa sin cambios de tipo"})
    response = agent.post(f"/api/v1/tickets/{ticket.code}/reclassify",
                          json={"type": "denuncia", "reason": f"Denuncia: {FACTS}"})

    assert response.status_code == 200, response.json
    assert set(response.json) == RECEIPT_KEYS and response.json["sealed"] is True
    assert response.json["received_on"] == "2024-03-04"
    assert agent.get(f"/api/v1/tickets/{ticket.code}").status_code == 404
    assert agent.get("/api/v1/tickets?status=").json["total"] == 0
    dump = database_text()
    for secret in (PHONE.removeprefix("+"), "Ccori", "Paredes", "cincuenta", "recibo-paredes"):
        assert secret not in dump, f"{secret!r} still readable in the database"
    assert b"\xff\xd8\xff\xe0" not in db.session.scalar(select(Attachment.data))


def test_integrity_reads_everything_the_seal_keeps(api, frozen):
    ticket = whatsapp_case(frozen)
    api("agent", "SEDE").post(f"/api/v1/tickets/{ticket.code}/reclassify",
                              json={"type": "denuncia", "reason": "Posible cobro indebido."})

    body = api("integrity").get(f"/api/v1/tickets/{ticket.code}").json

    assert body["description"] == FACTS
    assert body["citizen"]["phone"] == PHONE and body["citizen"]["first_name"] == NAME
    assert body["pseudonym"].startswith("RES-")
    message = next(e for e in body["events"] if e["kind"] == "citizen_message")
    assert message["note"] == FACTS and message["changes"]["from"] == f"whatsapp:{PHONE}"


def test_only_integrity_reclassifies_a_denuncia_and_lifting_the_seal_is_recorded(api, frozen):
    ticket = whatsapp_case(frozen)
    api("agent", "SEDE").post(f"/api/v1/tickets/{ticket.code}/reclassify",
                              json={"type": "denuncia", "reason": "Posible cobro indebido."})
    back = {"type": "reclamo", "office": "CUS", "reason": "No hay indicio de corrupción: es un reclamo."}

    assert api("national_supervisor").post(
        f"/api/v1/tickets/{ticket.code}/reclassify", json=back).status_code == 404
    lifted = api("integrity").post(f"/api/v1/tickets/{ticket.code}/reclassify", json=back)

    assert lifted.status_code == 200, lifted.json
    kinds = [e["kind"] for e in lifted.json["events"]]
    assert kinds[-2:] == ["reclassified", "seal_lifted"]
    assert lifted.json["events"][-1]["note"] == back["reason"]
    cusco = api("agent", "CUS").get(f"/api/v1/tickets/{ticket.code}").json
    assert cusco["description"] == FACTS and cusco["citizen"]["phone"] == PHONE
    assert cusco["due_on"] == "2024-04-17"
    message = next(e for e in cusco["events"] if e["kind"] == "citizen_message")
    assert message["note"] == FACTS
    assert db.session.scalar(select(Attachment.filename)) == "recibo-paredes.jpg"
