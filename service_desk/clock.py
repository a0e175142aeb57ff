"""The one source of "now" for the whole application.

Every rule that depends on time asks this module, never the database server
nor datetime.now(), so tests can freeze the clock for the whole app.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from service_desk.domain.calendar import lima_date

_frozen: datetime | None = None


def now() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def today_in_lima() -> date:
    """The current calendar day in America/Lima."""
    return lima_date(now())


def freeze(instant: datetime | None) -> None:
    """Fix now() at `instant` (aware); None releases the clock."""
    global _frozen
    if instant is not None and instant.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = instant.astimezone(UTC) if instant else None


@contextmanager
def frozen(instant: datetime) -> Iterator[None]:
    """Context manager form of freeze()."""
    previous = _frozen
    freeze(instant)
    try:
        yield
    finally:
        freeze(previous)
