"""Human-readable ticket codes, unique even when many processes register at once."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service_desk.extensions import db
from service_desk.models import TicketCounter

# Denuncias share one sequence so their codes reveal neither office nor volume per office.
SEALED_PREFIX = "DEN"


def next_ticket_code(office: str, ticket_type: str, year: int) -> str:
    """`LIM-2024-000123`: the next number of the office's yearly sequence.

    The counter row is created if missing (ON CONFLICT DO NOTHING) and then
    incremented with UPDATE ... RETURNING, which holds a row lock until the
    caller's transaction ends, so two processes never get the same number.
    """
    prefix = SEALED_PREFIX if ticket_type == "denuncia" else office
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(TicketCounter).values(office_code=prefix, year=year, last_number=0)
        .on_conflict_do_nothing()
    )
    number = db.session.execute(
        update(TicketCounter)
        .where(TicketCounter.office_code == prefix, TicketCounter.year == year)
        .values(last_number=TicketCounter.last_number + 1)
        .returning(TicketCounter.last_number)
    ).scalar_one()
    return f"{prefix}-{year}-{number:06d}"
