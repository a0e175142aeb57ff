"""SLA state of a ticket against its due date."""

from datetime import date

import pytest

from service_desk.domain.calendar import BusinessCalendar, NonWorkingDay
from service_desk.domain.sla import SlaState, sla_bounds, sla_state


@pytest.fixture(scope="module")
def cal():
    return BusinessCalendar([NonWorkingDay(date(2024, 7, 26), "DS 011-2024-PCM")])


def state(cal, due, today, **kw):
    return sla_state(cal, "LIM", due, today, **kw)


def test_no_deadline_means_no_sla_state(cal):
    assert state(cal, None, date(2024, 3, 4)) is None


def test_six_business_days_left_is_on_track_five_is_por_vencer(cal):
    assert state(cal, date(2024, 4, 17), date(2024, 4, 9)) == SlaState.EN_PLAZO
    assert state(cal, date(2024, 4, 17), date(2024, 4, 10)) == SlaState.POR_VENCER


def test_due_friday_is_not_overdue_on_the_weekend_but_is_on_monday(cal):
    due = date(2024, 4, 19)  # Friday
    assert state(cal, due, date(2024, 4, 20)) == SlaState.POR_VENCER
    assert state(cal, due, date(2024, 4, 21)) == SlaState.POR_VENCER
    assert state(cal, due, date(2024, 4, 22)) == SlaState.VENCIDO


def test_due_before_a_dnl_turns_overdue_only_on_the_next_business_day(cal):
    due = date(2024, 7, 25)  # Thursday; 26 DNL, 29 feriado
    assert state(cal, due, date(2024, 7, 29)) == SlaState.POR_VENCER
    assert state(cal, due, date(2024, 7, 30)) == SlaState.VENCIDO


def test_closed_on_due_day_is_in_time_and_after_is_late(cal):
    due = date(2024, 4, 17)
    assert state(cal, due, date(2024, 5, 1), closed_on=due) == SlaState.CERRADO_EN_PLAZO
    assert state(cal, due, date(2024, 5, 1), closed_on=date(2024, 4, 18)) == \
        SlaState.CERRADO_FUERA_DE_PLAZO


def test_annulled_tickets_have_no_sla_state(cal):
    assert state(cal, date(2024, 4, 17), date(2024, 5, 1), annulled=True) is None


@pytest.mark.parametrize("today", [date(2024, 7, d) for d in range(1, 31)])
def test_sql_bounds_agree_with_the_state_function(cal, today):
    bounds = sla_bounds(cal, "LIM", today, 5)
    for offset in range(-10, 20):
        due = date.fromordinal(today.toordinal() + offset)
        expected = state(cal, due, today)
        if due < bounds.overdue_before:
            by_bounds = SlaState.VENCIDO
        elif due < bounds.warning_before:
            by_bounds = SlaState.POR_VENCER
        else:
            by_bounds = SlaState.EN_PLAZO
        assert by_bounds == expected, (today, due)
