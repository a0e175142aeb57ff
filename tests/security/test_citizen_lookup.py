"""The staff citizen lookup hands out personal data: scoped, rate-limited and logged (issue 12, 5)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import AccessLogEntry
from service_desk.web.public import limiter

LOOKUP = "/agente/ciudadano?document_type=DNI&document_number={}"


@pytest.fixture(autouse=True)
def _fresh_limits():
    limiter.reset()
    yield
    limiter.reset()


@pytest.mark.parametrize("role", ["agent", "itinerant", "supervisor"])
def test_a_citizen_known_only_to_another_office_is_not_found(client, login, case, role):
    case(office="CUS", citizen={"document_number": "70112233", "first_name": "Rosa",
                                "phone": "987654321"})
    login(role, "LIM")
    answer = client.get(LOOKUP.format("70112233"))
    assert answer.json == {"found": False}
    assert "Rosa" not in answer.get_data(as_text=True)


def test_the_national_supervisor_finds_citizens_of_every_office(client, login, case):
    case(office="CUS", citizen={"document_number": "70112233", "first_name": "Rosa"})
    login("national_supervisor")
    assert client.get(LOOKUP.format("70112233")).json["citizen"]["first_name"] == "Rosa"


def test_integrity_gets_no_identity_data_from_the_lookup(client, login, case):
    case(office="LIM", citizen={"document_number": "70112233", "first_name": "Rosa"})
    login("integrity")
    answer = client.get(LOOKUP.format("70112233"))
    assert answer.json == {"found": False}


def test_walking_the_dni_space_is_stopped_with_429_and_retry_after(app, client, login,
                                                                 monkeypatch):
    monkeypatch.setitem(app.config, "CITIZEN_LOOKUP_RATE_LIMIT", "5 per minute")
    login("agent", "LIM")
    answers = [client.get(LOOKUP.format(f"{70000000 + n}")) for n in range(7)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    assert int(answers[-1].headers["Retry-After"]) > 0


def test_every_lookup_is_in_the_access_log_with_who_and_which_document(client, login):
    person = login("agent", "LIM")
    client.get(LOOKUP.format("70112233"))
    entry = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.object_type == "citizen"))
    assert (entry.user_id, entry.action, entry.object_ref) == (person.id, "search", "DNI 70112233")


def test_the_429_answer_has_a_hint_of_what_to_do(app, client, login, monkeypatch):
    monkeypatch.setitem(app.config, "CITIZEN_LOOKUP_RATE_LIMIT", "1 per minute")
    login("agent", "LIM")
    client.get(LOOKUP.format("70000001"))
    refused = client.get(LOOKUP.format("70000002"))
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert "Espere un minuto" in refused.get_data(as_text=True)
