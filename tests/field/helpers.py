"""Helpers shared by the field sync tests."""

from __future__ import annotations

from sqlalchemy import func, select

from service_desk.extensions import db
from tests.factories import ticket_body

FIELD_DAY = "2024-03-04T10:00:00-05:00"


def field_record(**overrides) -> dict:
    """A record as the field app sends it: itinerant channel in Cusco, filed on FIELD_DAY."""
    overrides.setdefault("office", "CUS")
    overrides.setdefault("channel", "itinerante")
    overrides.setdefault("filed_at", FIELD_DAY)
    return ticket_body(**overrides)


def sync(client, records: list, device_id: str = "tablet-cusco-01"):
    """POST a batch and return the JSON answer, checking it is a 200."""
    response = client.post("/api/v1/sync/batches", json={"device_id": device_id, "records": records})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))
