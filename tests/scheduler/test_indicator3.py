"""Indicador 3 on a hand-built quarter: every column, scoping, drill-down, trend and snapshots."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from service_desk.domain.access import Actor
from service_desk.domain.indicators import parse_period
from service_desk.extensions import db
from service_desk.models import IndicatorSnapshot
from service_desk.services import indicators

NATIONAL = Actor(None, "national_supervisor", "SEDE")


@pytest.fixture
def quarter(file_case, close_case, annul_case):
    """Reclamos and quejas of 2024-T1 in Lima and Cusco, plus cases that must not count."""
    c = {}
    c["on_time"] = file_case("2024-01-08 09:00", office="LIM")
    close_case(c["on_time"], "2024-01-15 10:00")
    # Due Mon 19 Feb; closed at 23:30 Lima that day (already 20 Feb in UTC): still in time.
    c["on_due_day"] = file_case("2024-01-08 10:00", office="LIM", type="queja")
    close_case(c["on_due_day"], "2024-02-19 23:30")
    c["late"] = file_case("2024-01-08 11:00", office="LIM")
    close_case(c["late"], "2024-02-20 08:00")
    c["overdue"] = file_case("2024-01-08 12:00", office="LIM")
    c["in_time"] = file_case("2024-03-25 12:00", office="LIM", type="queja")
    annulled = file_case("2024-02-01 09:00", office="LIM")
    annul_case(annulled, "2024-02-02 09:00")
    file_case("2024-02-01 09:00", office="LIM", type="consulta")
    file_case("2024-02-01 09:00", office="LIM", type="pedido")
    file_case("2024-02-01 09:00", office="LIM", type="denuncia")
    # Filed on Sunday 31 Mar: received Mon 1 Apr, so it belongs to 2024-T2.
    c["sunday"] = file_case("2024-03-31 16:00", office="LIM")
    file_case("2023-12-29 09:00", office="LIM")  # 2023-T4
    for hour in (9, 10, 11):
        c[f"cusco{hour}"] = file_case(f"2024-02-05 {hour:02d}:00", office="CUS")
    close_case(c["cusco9"], "2024-02-06 09:00")
    close_case(c["cusco10"], "2024-02-07 09:00")
    return c


def row_of(body, office):
    return next(r for r in body["rows"] if r["office"] == office)


def test_every_indicator_column_on_a_hand_built_quarter(api, quarter, now_lima):
    assert quarter["sunday"].received_on.isoformat() == "2024-04-01"
    now_lima("2024-04-22 09:00")
    body = api("national_supervisor").get("/api/v1/indicators/3?period=2024-T1").json
    assert (body["period"], body["from"], body["to"], body["as_of"]) == (
        "2024-T1", "2024-01-01", "2024-03-31", "2024-04-22")
    assert row_of(body, "LIM") == {"office": "LIM", "numerator": 2, "denominator": 5, "value": 40.0,
                                   "open_in_time": 1, "open_overdue": 1, "closed_late": 1}
    assert row_of(body, "CUS") == {"office": "CUS", "numerator": 2, "denominator": 3, "value": 66.7,
                                   "open_in_time": 0, "open_overdue": 1, "closed_late": 0}
    assert row_of(body, "PUN") == {"office": "PUN", "numerator": 0, "denominator": 0, "value": None,
                                   "open_in_time": 0, "open_overdue": 0, "closed_late": 0}
    assert len(body["rows"]) == 22
    assert body["total"] == {"office": None, "numerator": 4, "denominator": 8, "value": 50.0,
                             "open_in_time": 1, "open_overdue": 2, "closed_late": 1}


def test_the_sunday_filing_counts_in_the_next_quarter(api, quarter, now_lima):
    now_lima("2024-04-22 09:00")
    body = api("national_supervisor").get("/api/v1/indicators/3?period=2024-T2&office=LIM").json
    assert [r["office"] for r in body["rows"]] == ["LIM"]
    assert body["total"]["denominator"] == 1 and body["total"]["open_in_time"] == 1


def test_semester_and_year_periods_cover_their_quarters(api, quarter, now_lima):
    now_lima("2024-04-22 09:00")
    client = api("national_supervisor")
    semester = client.get("/api/v1/indicators/3?period=2024-S1").json["total"]
    year = client.get("/api/v1/indicators/3?period=2024").json["total"]
    assert semester["denominator"] == year["denominator"] == 9
    assert client.get("/api/v1/indicators/3?period=2023-T4").json["total"]["denominator"] == 1


def test_supervisors_see_their_own_office_and_other_roles_none(api, quarter, now_lima):
    now_lima("2024-04-22 09:00")
    supervisor = api("supervisor", "CUS")
    body = supervisor.get("/api/v1/indicators/3?period=2024-T1").json
    assert [r["office"] for r in body["rows"]] == ["CUS"] and body["total"]["denominator"] == 3
    assert supervisor.get("/api/v1/indicators/3?period=2024-T1&office=LIM").status_code == 403
    assert api("agent", "LIM").get("/api/v1/indicators/3?period=2024-T1").status_code == 403
    assert api("integrity").get("/api/v1/indicators/3?period=2024-T1").status_code == 403


@pytest.mark.parametrize("period", ["2024-T5", "2024-Q1", "24-T1", "", "2024-S3"])
def test_a_malformed_period_is_a_validation_error(api, period):
    response = api("national_supervisor").get(f"/api/v1/indicators/3?period={period}")
    assert response.status_code == 422
    assert "period" in response.json["error"]["fields"]


def test_drill_down_lists_the_tickets_behind_each_figure(quarter, now_lima):
    now_lima("2024-04-22 09:00")
    t1 = parse_period("2024-T1")

    def codes(figure):
        tickets, total = indicators.figure_tickets(NATIONAL, t1, "LIM", figure)
        assert total == len(tickets)
        return {t.code for t in tickets}

    assert codes("numerator") == {quarter["on_time"].code, quarter["on_due_day"].code}
    assert codes("closed_late") == {quarter["late"].code}
    assert codes("open_overdue") == {quarter["overdue"].code}
    assert codes("open_in_time") == {quarter["in_time"].code}
    assert len(codes("denominator")) == 5


def test_trend_gives_one_value_per_quarter_up_to_the_current_one(quarter, now_lima):
    now_lima("2024-04-22 09:00")
    trend = indicators.trend(NATIONAL, parse_period("2024-T1"))
    assert [(q.code, row.denominator, row.value) for q, row in trend] == [
        ("2024-T1", 8, 50.0), ("2024-T2", 1, 0.0)]


def test_snapshots_keep_the_reported_figures_after_a_late_closing(quarter, close_case, now_lima):
    t1 = parse_period("2024-T1")
    now_lima("2024-04-05 08:00")
    indicators.take_snapshots()
    indicators.take_snapshots()  # same day again: replaced, not duplicated
    stored = db.session.scalar(select(func.count()).select_from(IndicatorSnapshot).where(
        IndicatorSnapshot.period == "2024-T1"))
    assert stored == 22
    periods = set(db.session.scalars(select(IndicatorSnapshot.period).distinct()))
    assert periods == {"2024-T1", "2024-T2", "2024-S1", "2024"}
    close_case(quarter["overdue"], "2024-04-10 10:00")
    now_lima("2024-04-10 18:00")
    indicators.take_snapshots()
    history = indicators.snapshot_history(NATIONAL, t1, "LIM")
    assert [(d.isoformat(), r.closed_late, r.open_overdue) for d, r in history] == [
        ("2024-04-10", 2, 0), ("2024-04-05", 1, 1)]
    live = indicators.indicator_3(NATIONAL, t1, "LIM").total
    assert (live.closed_late, live.open_overdue) == (2, 0)


def test_indicator_snapshot_job_runs_from_the_cli(runner, quarter, now_lima):
    now_lima("2024-04-05 08:00")
    result = runner.invoke(args=["jobs", "run", "indicator-snapshot"])
    assert result.exit_code == 0, result.output
    assert "instantáneas=" in result.output
    assert db.session.scalar(select(func.count()).select_from(IndicatorSnapshot)) == 4 * 22


def test_the_excel_export_is_the_plantilla_with_one_row_per_office(signed_in, quarter, now_lima):
    now_lima("2024-04-22 09:00")
    client, _ = signed_in("national_supervisor")
    response = client.get("/reportes/indicador-3.xlsx?period=2024-T1")
    assert response.status_code == 200
    assert "indicador-3-2024-T1.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.data)).active
    cells = list(sheet.iter_rows(values_only=True))
    header = {row[0]: row[1] for row in cells[:6] if row[0]}
    assert header["Periodo"] == "2024-T1 (01/01/2024 al 31/03/2024)"
    assert header["Fecha de corte"] == "22/04/2024"
    start = next(i for i, row in enumerate(cells) if row[0] == "Código") + 1
    data = cells[start:]
    assert len(data) == 23 and data[-1][0] == "TOTAL"
    lima = next(row for row in data if row[0] == "LIM")
    assert lima == ("LIM", "Lima", 2, 5, 40.0, 100, 1, 1, 1)  # in time, overdue, late
    assert data[-1][2:5] == (4, 8, 50.0)
    puno = next(row for row in data if row[0] == "PUN")
    assert puno[4] is None
