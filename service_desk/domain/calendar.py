"""Peru's business calendar (días hábiles) for the legal clock.

A día hábil is Monday to Friday, excluding national holidays (from the
`holidays` package), national días no laborables for the public sector and
regional non-working days of the ticket's office. The arithmetic is done with
numpy's business-day functions so that re-dating a whole backlog is one
vectorised call, not a loop over days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays as holidays_lib
import numpy as np

LIMA = ZoneInfo("America/Lima")
FIRST_YEAR = 2000
LAST_YEAR = 2080
# Easter Sunday is listed by `holidays` but is no official feriado; it falls on
# a Sunday, so dropping it only matters for lists shown to people.
NOT_A_FERIADO = {"Domingo de Resurrección"}


def covers(day: date) -> bool:
    """True when `day` lies in the years the calendar knows (beyond them the clock is blind)."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


OUTSIDE_CALENDAR = f"La fecha debe estar entre los años {FIRST_YEAR} y {LAST_YEAR}."


def lima_date(instant: datetime) -> date:
    """The calendar day of an aware instant in America/Lima."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(LIMA).date()


def national_holidays(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> dict[date, str]:
    """Peru's feriados (D. Leg. 713 as amended) with their Spanish names."""
    listed = holidays_lib.country_holidays(
        "PE", years=range(first_year, last_year + 1), language="es"
    )
    return {day: name for day, name in listed.items() if name not in NOT_A_FERIADO}


@dataclass(frozen=True)
class NonWorkingDay:
    """A día no laborable: national when `offices` is None, else for those office codes."""

    day: date
    reason: str
    offices: frozenset[str] | None = None

    def applies_to(self, office: str | None) -> bool:
        return self.offices is None or (office is not None and office in self.offices)


class BusinessCalendar:
    """Counts días hábiles per office.

    Built once from plain data; cheap to query. Each office gets its own numpy
    busdaycalendar because regional days apply to some offices only.
    """

    def __init__(
        self,
        non_working_days: Iterable[NonWorkingDay] = (),
        holidays: dict[date, str] | None = None,
        cutoff: time | None = None,
    ) -> None:
        self.holidays = national_holidays() if holidays is None else dict(holidays)
        self.non_working_days = tuple(non_working_days)
        # Optional after-hours cut-off: filings after it count from the next day.
        self.cutoff = cutoff
        self._by_office: dict[str | None, np.busdaycalendar] = {}

    @cached_property
    def _regional_offices(self) -> frozenset[str]:
        codes: set[str] = set()
        for nwd in self.non_working_days:
            codes |= nwd.offices or set()
        return frozenset(codes)

    def _numpy_calendar(self, office: str | None) -> np.busdaycalendar:
        # Offices without regional days share the national calendar.
        key = office if office in self._regional_offices else None
        if key not in self._by_office:
            days = set(self.holidays)
            days |= {n.day for n in self.non_working_days if n.applies_to(key)}
            self._by_office[key] = np.busdaycalendar(
                weekmask="1111100", holidays=sorted(days)
            )
        return self._by_office[key]

    def closed_days(self, office: str | None, start: date, end: date) -> dict[date, str]:
        """Every non-working weekday between start and end (inclusive), with its reason."""
        found = {d: n for d, n in self.holidays.items() if start <= d <= end}
        for nwd in self.non_working_days:
            if start <= nwd.day <= end and nwd.applies_to(office):
                found.setdefault(nwd.day, nwd.reason)
        return dict(sorted(found.items()))

    def is_business_day(self, day: date, office: str | None = None) -> bool:
        return bool(np.is_busday(day, busdaycal=self._numpy_calendar(office)))

    def next_business_day(self, day: date, office: str | None = None) -> date:
        """`day` itself when it is a día hábil, else the next one."""
        rolled = np.busday_offset(day, 0, roll="forward", busdaycal=self._numpy_calendar(office))
        return rolled.astype(date)

    def previous_business_day(self, day: date, office: str | None = None) -> date:
        """`day` itself when it is a día hábil, else the last one before it."""
        rolled = np.busday_offset(day, 0, roll="backward", busdaycal=self._numpy_calendar(office))
        return rolled.astype(date)

    def reception_day(self, filed_at: datetime, office: str | None = None) -> date:
        """The día hábil on which a filing counts as received (Lima time)."""
        local = filed_at.astimezone(LIMA)
        day = local.date()
        if self.cutoff is not None and local.time() >= self.cutoff:
            day += timedelta(days=1)
        return self.next_business_day(day, office)

    def add_business_days(self, start: date, days: int, office: str | None = None) -> date:
        """The date `days` días hábiles after `start` (counting starts the next day)."""
        cal = self._numpy_calendar(office)
        return np.busday_offset(start, days, roll="forward", busdaycal=cal).astype(date)

    def business_days_left(self, today: date, due_on: date, office: str | None = None) -> int:
        """Días hábiles after `today` up to and including `due_on` (negative once past)."""
        cal = self._numpy_calendar(office)
        one = timedelta(days=1)
        return int(np.busday_count(today + one, due_on + one, busdaycal=cal))

    def due_dates(
        self, received: Sequence[date] | np.ndarray, days: Sequence[int] | np.ndarray,
        office: str | None = None,
    ) -> np.ndarray:
        """Vectorised add_business_days for many tickets of one office."""
        cal = self._numpy_calendar(office)
        start = np.asarray(received, dtype="datetime64[D]")
        return np.busday_offset(start, np.asarray(days), roll="forward", busdaycal=cal)

    def reception_days(
        self, filed_local_days: Sequence[date] | np.ndarray, office: str | None = None
    ) -> np.ndarray:
        """Vectorised roll-forward of Lima filing days to their reception día hábil."""
        cal = self._numpy_calendar(office)
        start = np.asarray(filed_local_days, dtype="datetime64[D]")
        return np.busday_offset(start, 0, roll="forward", busdaycal=cal)
