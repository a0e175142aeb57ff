"""The legal clock on real Peruvian cases (DOMAIN.md)."""

from datetime import UTC, date, datetime

import pytest

from service_desk.domain.calendar import BusinessCalendar, NonWorkingDay, national_holidays
from service_desk.services.reference import DECREED_DAYS


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    days = [NonWorkingDay(d, reason, frozenset(o) if o else None) for d, o, reason in DECREED_DAYS]
    return BusinessCalendar(days)


def lima(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def test_domain_example_march_2024_skips_holy_thursday_and_good_friday(cal):
    assert cal.add_business_days(date(2024, 3, 4), 30) == date(2024, 4, 17)


def test_filing_on_saturday_before_christmas_2024_is_received_on_the_26th(cal):
    received = cal.reception_day(lima("2024-12-21T09:00:00-05:00"))
    assert received == date(2024, 12, 26)
    assert cal.add_business_days(received, 30) == date(2025, 2, 11)


def test_filing_on_a_holiday_is_received_next_business_day(cal):
    # 29 June 2023 (San Pedro y San Pablo, Thursday) and 30 June (DNL) -> Monday 3 July.
    assert cal.reception_day(lima("2023-06-29T10:00:00-05:00")) == date(2023, 7, 3)


def test_friday_evening_in_lima_is_saturday_in_utc_but_counts_as_friday(cal):
    filed = lima("2024-03-08T22:30:00-05:00")
    assert filed.astimezone(UTC).date() == date(2024, 3, 9)  # Saturday in UTC
    assert cal.reception_day(filed) == date(2024, 3, 8)


def test_utc_instant_early_on_monday_is_still_sunday_in_lima(cal):
    # 02:00 UTC Monday = 21:00 Sunday in Lima -> received Monday.
    assert cal.reception_day(lima("2024-03-11T02:00:00+00:00")) == date(2024, 3, 11)
    assert cal.reception_day(lima("2024-03-09T02:00:00+00:00")) == date(2024, 3, 8)


def test_fiestas_patrias_2024_with_the_dnl_before_them(cal):
    # Fri 26 Jul 2024 DNL, Sun 28 + Mon 29 feriados: Thursday 25 + 1 día hábil = Tuesday 30.
    assert cal.add_business_days(date(2024, 7, 25), 1) == date(2024, 7, 30)
    assert not cal.is_business_day(date(2024, 7, 26))


def test_fiestas_patrias_2023_with_the_dnl_of_the_27th(cal):
    # Wed 26 Jul 2023 + 1 -> Thu 27 DNL, Fri 28 feriado -> Mon 31.
    assert cal.add_business_days(date(2023, 7, 26), 1) == date(2023, 7, 31)


def test_december_2023_cluster(cal):
    # Wed 6 Dec 2023 + 1: Thu 7 DNL, Fri 8 feriado -> Mon 11.
    # Fri 22 + 1: Mon 25 feriado, Tue 26 DNL -> Wed 27.
    assert cal.add_business_days(date(2023, 12, 6), 1) == date(2023, 12, 11)
    assert cal.add_business_days(date(2023, 12, 22), 1) == date(2023, 12, 27)


def test_december_2024_cluster(cal):
    # Thu 5 Dec 2024 + 1: Fri 6 DNL, Mon 9 feriado -> Tue 10.
    assert cal.add_business_days(date(2024, 12, 5), 1) == date(2024, 12, 10)
    # Fri 27 Dec 2024 + 1: Mon 30, Tue 31 DNL, Wed 1 Jan feriado -> Thu 2 Jan 2025.
    assert cal.add_business_days(date(2024, 12, 27), 1) == date(2025, 1, 2)


def test_seventh_of_june_is_a_holiday_only_from_2024(cal):
    assert cal.is_business_day(date(2023, 6, 7))
    assert not cal.is_business_day(date(2024, 6, 7))


def test_twenty_third_of_july_holiday_from_2023(cal):
    assert not cal.is_business_day(date(2025, 7, 23))
    assert cal.is_business_day(date(2021, 7, 23))


def test_regional_day_applies_only_to_its_offices(cal):
    # DS 110-2024-PCM (APEC): 14-15 Nov 2024 in Lima and Callao only.
    assert not cal.is_business_day(date(2024, 11, 14), "LIM")
    assert cal.is_business_day(date(2024, 11, 14), "CUS")
    assert cal.add_business_days(date(2024, 11, 13), 1, "LIM") == date(2024, 11, 18)
    assert cal.add_business_days(date(2024, 11, 13), 1, "CUS") == date(2024, 11, 14)


def test_business_days_left_counts_after_today_up_to_due_date(cal):
    assert cal.business_days_left(date(2024, 4, 10), date(2024, 4, 17)) == 5
    assert cal.business_days_left(date(2024, 4, 17), date(2024, 4, 17)) == 0
    assert cal.business_days_left(date(2024, 4, 18), date(2024, 4, 17)) == -1


def test_vectorised_due_dates_match_one_by_one(cal):
    received = [date(2024, 3, 4), date(2024, 12, 26), date(2024, 11, 13)]
    due = cal.due_dates(received, [30, 30, 1], "LIM")
    expected = [cal.add_business_days(r, n, "LIM") for r, n in zip(received, [30, 30, 1], strict=True)]
    assert [d.astype(date) for d in due] == expected


def test_optional_after_hours_cutoff_moves_late_filings_to_next_day():
    from datetime import time

    cal = BusinessCalendar(cutoff=time(17, 0))
    assert cal.reception_day(lima("2024-03-04T17:30:00-05:00")) == date(2024, 3, 5)
    assert cal.reception_day(lima("2024-03-04T16:59:00-05:00")) == date(2024, 3, 4)


def test_easter_sunday_is_not_listed_as_a_feriado():
    names = national_holidays(2024, 2024)
    assert "Domingo de Resurrección" not in names.values()
    assert names[date(2024, 3, 29)] == "Viernes Santo"


def test_closed_days_lists_holidays_and_decrees_with_reasons(cal):
    closed = cal.closed_days("LIM", date(2024, 11, 1), date(2024, 11, 30))
    assert closed[date(2024, 11, 1)] == "Todos Los Santos"
    assert "DS 110-2024-PCM" in closed[date(2024, 11, 14)]
