"""Page-test helpers: users of each role, signing in through /login, and cases to look at."""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from service_desk.domain.access import Actor
from service_desk.services import tickets as ticket_service
from tests.factories import PASSWORD, UserFactory, office, ticket_body

# Hashing is deliberately slow; one hash serves every user of these tests.
PASSWORD_HASH = generate_password_hash(PASSWORD)


@pytest.fixture
def user(app):
    """Make a committed user: user("agent", "LIM", username="toau.lima")."""

    def _make(role: str, office_code: str | None = None, **kw):
        office_code = office_code or ("LIM" if role in ("agent", "itinerant", "supervisor") else "SEDE")
        kw.setdefault("password_hash", PASSWORD_HASH)
        return UserFactory(role=role, office=office(office_code), **kw)

    return _make


def sign_in(client, user, password: str = PASSWORD):
    return client.post("/login", data={"username": user.username, "password": password})


@pytest.fixture
def login(client, user):
    """Sign the test client in as a new user of `role` and return that user."""

    def _login(role: str, office_code: str | None = None, **kw):
        person = user(role, office_code, **kw)
        response = sign_in(client, person)
        assert response.status_code == 302, response.get_data(as_text=True)
        return person

    return _login


@pytest.fixture
def case(app):
    """Register a case through the service: case(office="LIM", type="reclamo", ...)."""

    def _case(**overrides):
        kind = overrides.get("type", "reclamo")
        role = "integrity" if kind == "denuncia" else "national_supervisor"
        return ticket_service.register_ticket(Actor(None, role, "SEDE"), ticket_body(**overrides)).ticket

    return _case
