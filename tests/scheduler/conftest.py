"""Helpers for scheduler tests: cases filed and closed at chosen Lima instants, signed-in clients."""

from __future__ import annotations

from datetime import datetime

import pytest

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.services import tickets as ticket_service
from tests.factories import UserFactory, office, ticket_body

NATIONAL = Actor(None, "national_supervisor", "SEDE")
INTEGRITY = Actor(None, "integrity", "SEDE")


def at(iso: str) -> datetime:
    """A Lima wall-clock instant: at("2024-03-04 10:00")."""
    return datetime.fromisoformat(iso.replace(" ", "T") + "-05:00")


@pytest.fixture
def file_case(app):
    """file_case("2024-03-04 10:00", office="LIM", type="reclamo", assignee=user) -> Ticket."""

    def _file(when: str, assignee=None, **overrides):
        overrides.setdefault("description", "El abono de marzo no llegó a la titular.")
        actor = INTEGRITY if overrides.get("type") == "denuncia" else NATIONAL
        with clock.frozen(at(when)):
            ticket = ticket_service.register_ticket(actor, ticket_body(**overrides)).ticket
        if assignee is not None:
            ticket.assignee_id = assignee.id
            db.session.commit()
        return ticket

    return _file


@pytest.fixture
def close_case(app):
    """close_case(ticket, "2024-04-17 23:30") closes it at that Lima instant."""

    def _close(ticket, when: str):
        actor = INTEGRITY if ticket.type == "denuncia" else NATIONAL
        with clock.frozen(at(when)):
            return ticket_service.close_ticket(actor, ticket.code, "Se atendió su pedido.")

    return _close


@pytest.fixture
def annul_case(app):
    def _annul(ticket, when: str):
        with clock.frozen(at(when)):
            return ticket_service.annul_ticket(NATIONAL, ticket.code, "Registro duplicado.")

    return _annul


@pytest.fixture
def person(app):
    """person("supervisor", "LIM", email="x@juntos.gob.pe") -> a committed User."""

    def _make(role: str, office_code: str | None = None, **kw):
        office_code = office_code or ("LIM" if role in ("agent", "itinerant", "supervisor") else "SEDE")
        return UserFactory(role=role, office=office(office_code), **kw)

    return _make


@pytest.fixture
def signed_in(client, person):
    """signed_in("supervisor", "LIM") -> (client with a session of a new user, user)."""

    def _sign_in(role: str, office_code: str | None = None, **kw):
        user = person(role, office_code, **kw)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client, user

    return _sign_in


@pytest.fixture
def now_lima(app, frozen):
    """Freeze the app clock at a Lima wall-clock instant: now_lima("2024-04-10 08:00")."""

    def _freeze(when: str) -> None:
        frozen(at(when).isoformat())

    return _freeze
