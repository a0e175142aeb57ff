"""Users and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.security import generate_password_hash

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.catalog import OFFICES, ROLES
from service_desk.domain.errors import ValidationError
from service_desk.extensions import db
from service_desk.models import ApiToken, Office, User

NATIONAL_ONLY = {"national_supervisor", "admin", "integrity"}
MIN_PASSWORD = 10


def actor_of(user: User) -> Actor:
    return Actor(id=user.id, role=user.role, office=user.office_code)


def create_user(username: str, role: str, office: str | None, password: str,
                full_name: str = "", email: str | None = None) -> User:
    """Create a user; office-scoped roles need an office, national ones default to SEDE."""
    user = add_user(username, role, office, password, full_name, email)
    db.session.commit()
    return user


def add_user(username: str, role: str, office: str | None, password: str,
             full_name: str = "", email: str | None = None) -> User:
    """Validate and add a user in the caller's transaction (flushed, not committed)."""
    errors = {}
    if not username or len(username) > 64 or not username.replace(".", "").replace("_", "").isalnum():
        errors["username"] = "Usuario: letras, dígitos, punto o guion bajo (máximo 64)."
    elif db.session.scalar(select(User).where(User.username == username)):
        errors["username"] = "Ese usuario ya existe."
    if role not in ROLES:
        errors["role"] = f"Rol no válido; use uno de: {', '.join(ROLES)}."
    office = office or ("SEDE" if role in NATIONAL_ONLY else None)
    if office not in OFFICES:
        errors["office"] = "Oficina no válida."
    if len(password or "") < MIN_PASSWORD:
        errors["password"] = f"La contraseña debe tener al menos {MIN_PASSWORD} caracteres."
    if errors:
        raise ValidationError(errors)
    user = User(username=username, role=role, full_name=full_name or username, email=email,
                office=db.session.scalar(select(Office).where(Office.code == office)),
                password_hash=generate_password_hash(password), created_at=clock.now())
    db.session.add(user)
    db.session.flush()
    return user


def replace_password(user: User, password: str) -> None:
    """New password hash; lifts the lock and ends every session signed in before (not committed)."""
    user.password_hash = generate_password_hash(password)
    user.failed_logins, user.locked_until = 0, None
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Invalidate every session cookie issued to the user so far (see User.get_id)."""
    user.session_epoch = (user.session_epoch or 0) + 1


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, days: int = 365) -> str:
    """A new bearer token for `user`; the plain value is returned once and never stored."""
    token = "jt_" + secrets.token_urlsafe(32)
    now = clock.now()
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), prefix=token[:10],
                            created_at=now, expires_at=now + timedelta(days=days)))
    db.session.commit()
    return token


def user_for_token(token: str) -> User | None:
    """The active user owning a valid, unexpired, unrevoked token."""
    # One round trip: the token, its user and the user's office (every API request pays it).
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token))
                            .options(joinedload(ApiToken.user).joinedload(User.office)))
    now = clock.now()
    if row is None or row.revoked_at or (row.expires_at and row.expires_at <= now):
        return None
    if not row.user.active:
        return None
    return row.user


def revoke_tokens(user: User, prefix: str | None = None) -> int:
    """Revoke the user's live tokens (only the one starting with `prefix` if given)."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if prefix:
        query = query.where(ApiToken.prefix == prefix[:10])
    tokens = list(db.session.scalars(query))
    for token in tokens:
        token.revoked_at = clock.now()
    db.session.commit()
    return len(tokens)
