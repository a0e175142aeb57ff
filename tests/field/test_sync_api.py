"""POST /api/v1/sync/batches: per-record outcomes, idempotency, legal dates and scoping."""

import pytest
from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import OutboxMessage, SyncBatch, SyncRecordResult, Ticket
from tests.field.helpers import count, field_record, sync


def test_each_record_of_a_batch_gets_its_own_code_in_order(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    records = [field_record(description=f"Atención {i}") for i in range(3)]
    body = sync(api("itinerant", "CUS"), records)
    assert [r["status"] for r in body["results"]] == ["created"] * 3
    assert [r["client_uuid"] for r in body["results"]] == [r["client_uuid"] for r in records]
    codes = [r["code"] for r in body["results"]]
    assert codes == ["CUS-2024-000001", "CUS-2024-000002", "CUS-2024-000003"]
    assert body["summary"] == {"created": 3, "duplicate": 0, "rejected": 0}
    saved = db.session.scalar(select(Ticket).where(Ticket.code == codes[1]))
    assert (saved.description, saved.channel, saved.events[0].kind) == ("Atención 1", "itinerante", "created")
    assert saved.events[0].changes["source"] == "api"


def test_resending_a_batch_creates_nothing_and_answers_the_existing_codes(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    records = [field_record(), field_record(type="consulta", response="Se explicó el cronograma.")]
    first = sync(itinerant, records)
    again = sync(itinerant, records)
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    assert [r["code"] for r in again["results"]] == [r["code"] for r in first["results"]]
    assert count(Ticket) == 2


def test_the_same_client_uuid_twice_in_one_batch_is_saved_once(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    record = field_record()
    body = sync(api("itinerant", "CUS"), [record, dict(record)])
    assert [r["status"] for r in body["results"]] == ["created", "duplicate"]
    assert body["results"][0]["code"] == body["results"][1]["code"]
    assert count(Ticket) == 1


def test_a_mixed_batch_saves_the_good_records_and_reports_each_bad_one_by_field(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    good = [field_record(), field_record()]
    bad_dni = field_record(citizen={"document_number": "1234"})
    bad_type = field_record(type="felicitacion", subject=None)
    no_uuid = field_record(client_uuid=None)
    no_filed_at = field_record(filed_at=None)
    records = [good[0], bad_dni, "no soy un objeto", bad_type, no_uuid, no_filed_at, good[1]]
    results = sync(api("itinerant", "CUS"), records)["results"]
    assert [r["status"] for r in results] == [
        "created", "rejected", "rejected", "rejected", "rejected", "rejected", "created"]
    assert "8 dígitos" in results[1]["errors"]["citizen.document_number"]
    assert set(results[3]["errors"]) == {"type", "subject"}
    assert results[4]["errors"] == {"client_uuid": "Cada registro necesita su client_uuid."}
    assert "filed_at" in results[5]["errors"]
    assert results[1]["code"] is None
    assert count(Ticket) == 2


def test_a_backdated_record_counts_its_deadline_from_the_day_it_was_filed(api, frozen):
    # Filed on Saturday 21 Dec 2024 in the field, synced on 6 Jan 2025: received Thu 26 Dec
    # (23-24 Dec días no laborables, 25 Dec Navidad), due Tue 11 Feb 2025 (DOMAIN.md).
    frozen("2025-01-06T09:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    code = sync(itinerant, [field_record(filed_at="2024-12-21T11:30:00-05:00")])["results"][0]["code"]
    ticket = itinerant.get(f"/api/v1/tickets/{code}").get_json()
    assert (ticket["received_on"], ticket["due_on"]) == ("2024-12-26", "2025-02-11")
    assert ticket["filed_at"] == "2024-12-21T16:30:00+00:00"
    assert code == "CUS-2024-000001"  # numbered in the year it was filed


def test_a_filed_at_in_the_future_is_rejected(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    results = sync(api("itinerant", "CUS"), [field_record(filed_at="2024-03-06T19:00:00-05:00")])["results"]
    assert results[0]["status"] == "rejected"
    assert results[0]["errors"]["filed_at"] == "La fecha de presentación no puede estar en el futuro."
    assert count(Ticket) == 0


def test_an_itinerant_syncs_only_into_its_own_office(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    results = sync(api("itinerant", "CUS"), [field_record(office="PUN"), field_record()])["results"]
    assert [r["status"] for r in results] == ["rejected", "created"]
    assert results[0]["errors"] == {"office": "No puede registrar atenciones en esa oficina."}


def test_an_agent_cannot_sync_attentions_from_past_days(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    results = sync(api("agent", "CUS"), [field_record()])["results"]
    assert results[0]["status"] == "rejected" and "filed_at" in results[0]["errors"]


def test_a_resent_record_of_another_office_reveals_no_code(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    record = field_record()
    sync(api("itinerant", "CUS"), [record])
    results = sync(api("itinerant", "PUN"), [dict(record, office="PUN")])["results"]
    assert results[0]["status"] == "rejected" and results[0]["code"] is None
    assert "client_uuid" in results[0]["errors"]


def test_a_consulta_answered_on_the_spot_is_closed_with_its_response_and_notes(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    record = field_record(type="consulta", response="Cobra el 15 en el Banco de la Nación.",
                          notes="Se atendió en la feria de Ccatca.",
                          citizen={"email": "rosa@example.pe"})
    code = sync(itinerant, [record])["results"][0]["code"]
    ticket = itinerant.get(f"/api/v1/tickets/{code}").get_json()
    assert ticket["status"] == "cerrado" and ticket["response"] == "Cobra el 15 en el Banco de la Nación."
    assert [e["kind"] for e in ticket["events"]] == ["created", "note", "closed"]
    assert ticket["events"][1]["note"] == "Se atendió en la feria de Ccatca."
    assert db.session.scalar(select(OutboxMessage.recipient)) == "rosa@example.pe"
    sync(itinerant, [record])
    assert len(itinerant.get(f"/api/v1/tickets/{code}").get_json()["events"]) == 3


def test_a_closing_the_role_may_not_make_is_rejected_before_anything_is_saved(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    results = sync(api("admin"), [field_record(response="Respuesta")])["results"]
    assert results[0]["status"] == "rejected" and "response" in results[0]["errors"]
    assert count(Ticket) == 0


def test_the_batch_is_kept_with_device_user_and_every_outcome(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    body = sync(itinerant, [field_record(), field_record(office="PUN")], device_id="laptop-7")
    batch = db.session.scalar(select(SyncBatch).where(SyncBatch.public_id == body["batch_id"]))
    assert (batch.device_id, batch.user_id, batch.source) == ("laptop-7", itinerant.user.id, "api")
    assert (batch.status, batch.total, batch.created, batch.rejected) == ("completed", 2, 1, 1)
    rows = db.session.scalars(select(SyncRecordResult).where(SyncRecordResult.batch_id == batch.id)
                              .order_by(SyncRecordResult.position)).all()
    assert [(r.status, r.code) for r in rows] == [("created", body["results"][0]["code"]),
                                                  ("rejected", None)]
    assert "office" in rows[1].errors


def test_a_body_without_a_list_of_records_is_refused_whole(api):
    response = api("itinerant", "CUS").post("/api/v1/sync/batches", json={"records": "nada"})
    assert response.status_code == 422
    assert "records" in response.get_json()["error"]["fields"]


def test_sync_needs_a_token(client):
    assert client.post("/api/v1/sync/batches", json={"records": []}).status_code == 401


def test_a_denuncia_from_the_field_is_sealed_and_its_code_answered_on_resend(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    record = field_record(type="denuncia", description="El gestor pidió dinero por la afiliación.")
    first = sync(itinerant, [record, field_record()])["results"]
    assert [r["status"] for r in first] == ["created", "created"]
    assert first[0]["code"].startswith("DEN-2024-")
    sealed = db.session.scalar(select(Ticket).where(Ticket.code == first[0]["code"]))
    assert sealed.citizen is None and "pidió dinero" not in sealed.description
    again = sync(itinerant, [record])["results"][0]
    assert (again["status"], again["code"]) == ("duplicate", first[0]["code"])


def test_notes_on_a_denuncia_are_refused_because_they_would_be_stored_in_clear(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    results = sync(api("itinerant", "CUS"), [field_record(type="denuncia", notes="Hechos")])["results"]
    assert results[0]["status"] == "rejected" and "notes" in results[0]["errors"]


# role -> outcome of a record for its own office (LIM) and one for Cusco, filed just now.
SYNC_MATRIX = {
    "agent": ("created", "rejected"),
    "itinerant": ("created", "rejected"),
    "supervisor": ("created", "rejected"),
    "national_supervisor": ("created", "created"),
    "admin": ("created", "created"),
    "integrity": ("rejected", "rejected"),  # integrity registers denuncias only
}


@pytest.mark.parametrize("role", list(SYNC_MATRIX))
def test_each_role_syncs_only_where_it_may_register(api, frozen, role):
    frozen("2024-03-06T18:00:00-05:00")
    client = api(role, "LIM" if role in ("agent", "itinerant", "supervisor") else None)
    now = "2024-03-06T18:00:00-05:00"
    records = [field_record(office="LIM", filed_at=now), field_record(office="CUS", filed_at=now)]
    results = sync(client, records)["results"]
    assert tuple(r["status"] for r in results) == SYNC_MATRIX[role]
    for result in results:
        assert (result["code"] is None) is (result["status"] == "rejected")


def test_a_synced_record_matches_one_registered_through_the_tickets_api(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    body = {"filed_at": "2024-03-02T09:00:00-05:00", "type": "queja", "notes": None}
    direct = itinerant.post("/api/v1/tickets", json=field_record(**body)).get_json()
    code = sync(itinerant, [field_record(**body)])["results"][0]["code"]
    synced = itinerant.get(f"/api/v1/tickets/{code}").get_json()
    same = ("type", "channel", "office", "status", "subject", "citizen", "filed_at", "received_on", "due_on",
            "sla", "closed_at", "response")
    assert {k: synced[k] for k in same} == {k: direct[k] for k in same}
    assert synced["received_on"] == "2024-03-04"  # filed on a Saturday
    created = [e["changes"] for e in (direct["events"][0], synced["events"][0])]
    assert created[0] | {"source": "sync"} == created[1] | {"source": "sync"}


def test_a_denuncia_filed_through_the_api_and_resent_in_a_batch_is_a_duplicate_with_its_code(
        api, frozen):
    """Issue 12, finding 4: the user's own denuncias came back `rejected` in sync."""
    frozen("2024-03-06T18:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    record = field_record(type="denuncia", description="El gestor pidió dinero.")
    code = itinerant.post("/api/v1/tickets", json=record).json["code"]
    from service_desk.services import sync as sync_service
    from service_desk.services.users import actor_of

    # The record-by-record path (taken when a chunk meets a concurrent save) asks
    # register_ticket, which used to answer "not found" for a sealed case.
    outcome = sync_service._sync_one(actor_of(itinerant.user), record, {}, "api")
    assert (outcome.status, outcome.code) == ("duplicate", code)
    again = sync(itinerant, [record])["results"][0]
    assert (again["status"], again["code"], again["errors"]) == ("duplicate", code, {})


def test_a_reclamo_closed_in_the_field_keeps_its_motive_and_needs_one(api, frozen):
    frozen("2024-03-04T18:00:00-05:00")
    client = api("itinerant", "CUS")
    with_motive = field_record(type="reclamo", motive="tiempo_atencion", response="Se regularizó el abono.")
    without = field_record(type="reclamo", response="Se regularizó el abono.")
    without.pop("motive", None)

    results = sync(client, [with_motive, without])["results"]

    assert results[0]["status"] == "created"
    ticket = client.get(f"/api/v1/tickets/{results[0]['code']}").get_json()
    assert ticket["status"] == "cerrado" and ticket["motive"] == "tiempo_atencion"
    assert results[1]["status"] == "rejected" and "motive" in results[1]["errors"]
