"""A row lock that works alike on PostgreSQL and SQLite, for "check then act" decisions."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service_desk import clock
from service_desk.extensions import db


def insert_ignoring_duplicates(model, **values):
    """INSERT ... ON CONFLICT DO NOTHING for the session's database."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[dialect]
    return insert(model).values(**values).on_conflict_do_nothing()


def lock_sender(sender: str) -> None:
    """Hold the sender's lock until the caller's commit or rollback.

    The row is created once (committed), then updated: on PostgreSQL the UPDATE locks the
    row; on SQLite it takes the database's write lock, with nothing read before it in the
    transaction, so the next holder sees everything the previous one committed.
    """
    from service_desk.models import SenderLock

    now = clock.now()
    db.session.commit()  # start from a fresh transaction (and snapshot)
    db.session.execute(insert_ignoring_duplicates(SenderLock, sender=sender, locked_at=now))
    db.session.commit()
    db.session.execute(update(SenderLock).where(SenderLock.sender == sender)
                       .values(locked_at=now))
