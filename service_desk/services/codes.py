"""Human-readable ticket codes, unique even when many processes register at once."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service_desk.extensions import db
from service_desk.models import TicketCounter

# Denuncias share one sequence so their codes reveal neither office nor volume per office.
SEALED_PREFIX = "DEN"


def code_prefix(office: str, ticket_type: str) -> str:
    return SEALED_PREFIX if ticket_type == "denuncia" else office


def format_code(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:06d}"


def reserve_numbers(prefix: str, year: int, count: int = 1) -> int:
    """Advance the (prefix, year) sequence by `count`; returns the last number reserved.

    INSERT ... ON CONFLICT DO UPDATE ... RETURNING creates or advances the counter
    row in one statement and holds its lock until the caller's transaction ends,
    so two processes never get the same numbers.
    """
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(TicketCounter).values(office_code=prefix, year=year, last_number=count)
    return db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[TicketCounter.office_code, TicketCounter.year],
            set_={"last_number": TicketCounter.last_number + count})
        .returning(TicketCounter.last_number)
    ).scalar_one()


def next_ticket_code(office: str, ticket_type: str, year: int) -> str:
    """`LIM-2024-000123`: the next number of the office's yearly sequence."""
    prefix = code_prefix(office, ticket_type)
    return format_code(prefix, year, reserve_numbers(prefix, year))
