"""Pure Indicador 3 and target arithmetic: periods, one-decimal values, totals, logro %."""

from __future__ import annotations

from datetime import date

import pytest

from service_desk.domain.errors import ValidationError
from service_desk.domain.indicators import (
    IndicatorRow,
    TargetRow,
    expected_share,
    parse_period,
    percentage,
    periods_containing,
    quarters_in,
    rows_for_offices,
    total_row,
)


@pytest.mark.parametrize("code, start, end", [
    ("2024-T1", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024-T2", date(2024, 4, 1), date(2024, 6, 30)),
    ("2024-T3", date(2024, 7, 1), date(2024, 9, 30)),
    ("2024-T4", date(2024, 10, 1), date(2024, 12, 31)),
    ("2024-S1", date(2024, 1, 1), date(2024, 6, 30)),
    ("2024-S2", date(2024, 7, 1), date(2024, 12, 31)),
    ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    (" 2024-t1 ", date(2024, 1, 1), date(2024, 3, 31)),
])
def test_periods_become_inclusive_date_ranges(code, start, end):
    period = parse_period(code)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("code", ["2024-T0", "2024-T5", "2024-S3", "2024-Q1", "24", "", None, "1999"])
def test_malformed_periods_are_rejected_with_a_field_error(code):
    with pytest.raises(ValidationError) as error:
        parse_period(code)
    assert "period" in error.value.fields


def test_quarters_of_a_semester_and_periods_containing_a_day():
    assert [q.code for q in quarters_in(parse_period("2024-S2"))] == ["2024-T3", "2024-T4"]
    assert [q.code for q in quarters_in(parse_period("2024"))] == [f"2024-T{i}" for i in range(1, 5)]
    assert [p.code for p in periods_containing(date(2024, 4, 1))] == ["2024-T2", "2024-S1", "2024"]


def test_the_value_has_one_decimal_rounded_half_up_and_is_null_without_population():
    assert percentage(2, 3) == 66.7
    assert percentage(1, 8) == 12.5
    assert percentage(1, 3) == 33.3
    assert percentage(1, 16) == 6.3  # 6.25 rounds up, not to even
    assert percentage(0, 0) is None
    assert IndicatorRow("LIM", numerator=5, denominator=5).value == 100.0


def test_the_total_sums_figures_and_recomputes_the_value():
    rows = rows_for_offices(["LIM", "CUS", "PUN"], [
        IndicatorRow("LIM", 2, 5, 1, 1, 1), IndicatorRow("CUS", 2, 3, 0, 1, 0)])
    assert [r.office for r in rows] == ["LIM", "CUS", "PUN"] and rows[2].value is None
    total = total_row(rows)
    assert total.as_dict() == {"office": None, "numerator": 4, "denominator": 8, "open_in_time": 1,
                               "open_overdue": 2, "closed_late": 1, "value": 50.0}


def test_logro_is_against_the_annual_target_and_null_without_one():
    assert TargetRow("LIM", "telefonico", 7500, 3000).logro == 40.0
    assert TargetRow("LIM", "whatsapp", 0, 12).logro is None
    assert expected_share(2023, date(2024, 1, 5)) == 1.0
    assert expected_share(2025, date(2024, 1, 5)) == 0.0
    assert expected_share(2024, date(2024, 12, 31)) == 1.0
