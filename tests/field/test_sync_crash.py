"""A sync that dies halfway keeps what it committed; resending completes it without doubles."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service_desk.extensions import db
from service_desk.models import SyncBatch, Ticket
from service_desk.services import sync as sync_service
from service_desk.services.users import actor_of
from tests.field.helpers import count, field_record, sync


@pytest.fixture
def small_chunks(monkeypatch):
    """Commit every two records, so a six-record batch has three commits."""
    monkeypatch.setattr(sync_service, "CHUNK", 2)


def crash_on_call(monkeypatch, call: int, error: Exception):
    """Make the bulk insert raise on its `call`-th use (1-based), as a crash would."""
    real = sync_service.insert_tickets
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == call:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(sync_service, "insert_tickets", flaky)
    return monkeypatch


def test_a_crash_halfway_keeps_what_was_reported_and_a_resend_completes_the_batch(
        api, frozen, small_chunks, monkeypatch):
    frozen("2024-03-06T18:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    records = [field_record(description=f"Atención {i}") for i in range(6)]
    reported = sync(itinerant, records[:2])["results"]

    crash_on_call(monkeypatch, 3, RuntimeError("the server died"))  # third chunk
    with pytest.raises(RuntimeError):  # the worker dies: no answer reaches the device
        sync_service.sync_batch(actor_of(itinerant.user), records, device_id="t1")
    db.session.rollback()
    kept = db.session.scalars(select(Ticket.code).order_by(Ticket.id)).all()
    assert kept[:2] == [r["code"] for r in reported]
    assert len(kept) == 4  # the first two records of the crashed batch were a committed chunk
    assert db.session.scalar(select(SyncBatch.status).order_by(SyncBatch.id.desc()).limit(1)) \
        == "processing"

    monkeypatch.undo()
    results = sync(itinerant, records)["results"]
    assert [r["status"] for r in results] == ["duplicate"] * 4 + ["created"] * 2
    assert [r["code"] for r in results[:4]] == kept
    assert count(Ticket) == 6
    assert len({r["code"] for r in results}) == 6


def test_a_chunk_that_meets_a_concurrent_save_is_redone_record_by_record(
        api, frozen, small_chunks, monkeypatch):
    frozen("2024-03-06T18:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    records = [field_record(), field_record(type="consulta", response="Respondida"),
               field_record(office="PUN")]
    crash_on_call(monkeypatch, 1, IntegrityError("INSERT", {}, Exception("duplicate key")))
    results = sync(itinerant, records)["results"]
    assert [r["status"] for r in results] == ["created", "created", "rejected"]
    closed = db.session.scalar(select(Ticket).where(Ticket.code == results[1]["code"]))
    assert (closed.status, closed.response) == ("cerrado", "Respondida")
    assert results[0]["code"] != results[1]["code"]
    assert results[2]["errors"] == {"office": "No puede registrar atenciones en esa oficina."}



def test_a_batch_cut_short_is_marked_interrupted_once_stale_and_its_resend_completes_it(
        api, frozen, small_chunks, monkeypatch, runner):
    """Issue 12, finding 9: batches killed mid-way stayed `processing` forever."""
    frozen("2024-03-06T18:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    records = [field_record(description=f"Atención {i}") for i in range(4)]
    crash_on_call(monkeypatch, 2, RuntimeError("the server died"))
    with pytest.raises(RuntimeError):
        sync_service.sync_batch(actor_of(itinerant.user), records, device_id="t1")
    db.session.rollback()
    monkeypatch.undo()
    frozen("2024-03-06T18:30:00-05:00")
    assert runner.invoke(args=["jobs", "run", "sync-recovery"]).output.strip() == \
        "sync-recovery: lotes interrumpidos=0"  # not stale yet: it may still be running
    frozen("2024-03-06T19:05:00-05:00")
    result = runner.invoke(args=["jobs", "run", "sync-recovery"])
    assert result.output.strip() == "sync-recovery: lotes interrumpidos=1", result.output
    batch = db.session.scalar(select(SyncBatch).order_by(SyncBatch.id))
    db.session.refresh(batch)
    assert (batch.status, batch.created) == ("interrupted", 2)
    results = sync(itinerant, records)["results"]
    assert [r["status"] for r in results] == ["duplicate"] * 2 + ["created"] * 2
    assert count(Ticket) == 4
