"""Sign-in: password check with lock-out after repeated failures per user or per address.

Five failed attempts for one user, or from one network address within the window,
lock sign-in for LOCK_MINUTES. The message never says whether a username exists.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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
    """The active user with these credentials; LoginRefused otherwise (commits the counters).

    Each attempt first reserves its try with one atomic UPDATE per counter (address and
    user), committed before the password is checked: requests racing in parallel each see
    a distinct count, so exactly MAX_FAILURES passwords are tried before the lock.
    """
    now = clock.now()
    key = (address or "desconocida")[:64]
    _ensure_throttle(key, now)
    user = db.session.scalar(select(User).where(User.username == (username or "").strip()))
    tries, locks = _reserve_try(key, user.id if user else None, now)
    if locks:
        raise LoginRefused(locked_message(max(locks)), locked=True)
    if max(tries) > MAX_FAILURES:  # a racing attempt is setting the lock right now
        raise LoginRefused(locked_message(_lock(key, user, tries, now)), locked=True)
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    if user is None or not valid or not user.active:
        if max(tries) >= MAX_FAILURES:
            raise LoginRefused(locked_message(_lock(key, user, tries, now)), locked=True)
        raise LoginRefused(WRONG)
    db.session.execute(update(User).where(User.id == user.id)
                       .values(failed_logins=0, locked_until=None))
    db.session.execute(update(LoginThrottle).where(LoginThrottle.address == key)
                       .values(failures=LoginThrottle.failures - 1))  # the try given back
    db.session.commit()
    return db.session.get(User, user.id)


def _ensure_throttle(key: str, now: datetime) -> None:
    """The address's counter row exists (concurrent first attempts insert it only once)."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[dialect]
    db.session.execute(insert(LoginThrottle).values(address=key, failures=0,
                                                    window_started_at=now)
                       .on_conflict_do_nothing())
    db.session.commit()


def _reserve_try(key: str, user_id: int | None, now: datetime) -> tuple[list[int], list[datetime]]:
    """Count this attempt on the address and the user atomically; (counts, running locks)."""
    over = or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now)
    fresh = and_(LoginThrottle.window_started_at <= now - WINDOW, over)
    address = db.session.execute(
        update(LoginThrottle).where(LoginThrottle.address == key).values(
            failures=case((fresh, 1), else_=LoginThrottle.failures + 1),
            window_started_at=case((fresh, now), else_=LoginThrottle.window_started_at),
            locked_until=case((fresh, None), else_=LoginThrottle.locked_until))
        .returning(LoginThrottle.failures, LoginThrottle.locked_until)).one()
    rows = [address]
    if user_id is not None:
        expired = and_(User.locked_until.is_not(None), User.locked_until <= now)
        rows.append(db.session.execute(
            update(User).where(User.id == user_id).values(
                failed_logins=case((expired, 1), else_=func.coalesce(User.failed_logins, 0) + 1),
                locked_until=case((expired, None), else_=User.locked_until))
            .returning(User.failed_logins, User.locked_until)).one())
    db.session.commit()
    return [r[0] for r in rows], [r[1] for r in rows if _active(r[1], now)]


def _active(until: datetime | None, now: datetime) -> bool:
    return until is not None and until > now


def _lock(key: str, user: User | None, tries: list[int], now: datetime) -> datetime:
    """Lock whichever counter reached the limit, for LOCK_MINUTES; returns the lock's end."""
    until = now + timedelta(minutes=LOCK_MINUTES)
    if tries[0] >= MAX_FAILURES:
        db.session.execute(update(LoginThrottle).where(LoginThrottle.address == key)
                           .values(locked_until=until))
    if user is not None and tries[1] >= MAX_FAILURES:
        db.session.execute(update(User).where(User.id == user.id).values(locked_until=until))
    db.session.commit()
    return until

def sign_out(user: User) -> None:
    """End every session of the user signed in so far (a saved cookie no longer works)."""
    from service_desk.services.users import end_sessions

    end_sessions(user)
    db.session.commit()
