"""Sign-in: password check with lock-out after repeated failures per user or per address.

Five failed attempts for one user, or from one network address within the window,
lock sign-in for LOCK_MINUTES. The message never says whether a username exists.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from service_desk import clock
from service_desk.domain.errors import DomainError
from service_desk.extensions import db
from service_desk.models import LoginThrottle, User

MAX_FAILURES = 5
LOCK_MINUTES = 15
WINDOW = timedelta(minutes=LOCK_MINUTES)
# Compared against when the username is unknown, so both paths cost the same.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class LoginRefused(DomainError):
    """Wrong credentials or a lock; `locked` tells the page which message to show."""

    code = "login_refused"
    status = 401

    def __init__(self, message: str, locked: bool = False) -> None:
        super().__init__(message)
        self.locked = locked


WRONG = "Usuario o contraseña incorrectos."


def locked_message(until: datetime) -> str:
    minutes = max(1, math.ceil((until - clock.now()).total_seconds() / 60))
    return (f"Demasiados intentos fallidos. Por seguridad, el ingreso está bloqueado; "
            f"vuelva a intentar en {minutes} minuto{'s' if minutes != 1 else ''}.")


def authenticate(username: str, password: str, address: str) -> User:
    """The active user with these credentials; LoginRefused otherwise (commits the counters)."""
    now = clock.now()
    throttle = _throttle(address, now)
    user = db.session.scalar(select(User).where(User.username == (username or "").strip()))
    lock = _lock_of(user, throttle, now)
    if lock is not None:
        db.session.commit()
        raise LoginRefused(locked_message(lock), locked=True)
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    if user is None or not valid or not user.active:
        lock = _record_failure(user, throttle, now)
        db.session.commit()
        if lock is not None:
            raise LoginRefused(locked_message(lock), locked=True)
        raise LoginRefused(WRONG)
    user.failed_logins, user.locked_until = 0, None
    db.session.commit()
    return user


def _throttle(address: str, now: datetime) -> LoginThrottle:
    key = (address or "desconocida")[:64]
    row = db.session.get(LoginThrottle, key)
    if row is None:
        row = LoginThrottle(address=key, failures=0, window_started_at=now)
        db.session.add(row)
    elif row.window_started_at + WINDOW <= now and not _active(row.locked_until, now):
        row.failures, row.window_started_at, row.locked_until = 0, now, None
    return row


def _active(until: datetime | None, now: datetime) -> bool:
    return until is not None and until > now


def _lock_of(user: User | None, throttle: LoginThrottle, now: datetime) -> datetime | None:
    """The later of the user's and the address's lock, if either is still running."""
    locks = [t for t in (throttle.locked_until, user.locked_until if user else None)
             if _active(t, now)]
    return max(locks) if locks else None


def _record_failure(user: User | None, throttle: LoginThrottle, now: datetime) -> datetime | None:
    until = now + timedelta(minutes=LOCK_MINUTES)
    throttle.failures += 1
    lock = None
    if throttle.failures >= MAX_FAILURES:
        throttle.locked_until = lock = until
    if user is not None:
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = lock = until
            user.failed_logins = 0
    return lock
