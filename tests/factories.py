"""factory-boy factories bound to db.session, and small helpers for tests."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass

import factory
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from service_desk import clock
from service_desk.extensions import db
from service_desk.models import Office, User
from service_desk.services.users import create_token

PASSWORD = "clave-segura-123"
_seq = itertools.count(1)


def office(code: str | None) -> Office | None:
    return db.session.scalar(select(Office).where(Office.code == code)) if code else None


class UserFactory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        model = User
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"

    username = factory.Sequence(lambda n: f"usuario{n}")
    full_name = factory.LazyAttribute(lambda u: u.username.title())
    role = "agent"
    office = factory.LazyFunction(lambda: office("LIM"))
    password_hash = factory.LazyFunction(lambda: generate_password_hash(PASSWORD))
    created_at = factory.LazyFunction(clock.now)


def make_user(role: str, office_code: str | None = None, username: str | None = None):
    """A committed user of `role` (national roles at SEDE) and an API token for it."""
    office_code = office_code or ("LIM" if role in ("agent", "itinerant", "supervisor") else "SEDE")
    user = UserFactory(role=role, office=office(office_code),
                       username=username or f"{role}{next(_seq)}")
    return user, create_token(user)


def ticket_body(**overrides) -> dict:
    """A valid API ticket body; nested citizen keys can be overridden with citizen={...}."""
    citizen = {"document_type": "DNI", "document_number": "12345678", "first_name": "Rosa",
               "last_name": "Quispe Mamani", "phone": "987654321", "language": "qu"}
    citizen.update(overrides.pop("citizen", {}))
    body = {"type": "reclamo", "channel": "presencial", "office": "LIM", "subject": "pagos",
            "description": "No recibió el abono de noviembre.", "citizen": citizen,
            "client_uuid": str(uuid.uuid4())}
    body.update(overrides)
    if body.get("type") in ("reclamo", "queja"):
        # Its motive (DS 007-2020-PCM art. 4) is recorded at registration, so closing needs none.
        body.setdefault("motive", "resultado_gestion")
    return {k: v for k, v in body.items() if v is not None}


@dataclass
class ApiClient:
    """The Flask test client with a bearer token."""

    client: object
    token: str
    user: User

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kw):
        return self.client.get(path, headers=self._headers(), **kw)

    def post(self, path: str, json=None, **kw):
        return self.client.post(path, json=json, headers=self._headers(), **kw)
