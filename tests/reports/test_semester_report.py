"""The semester report: API.md's JSON, the PDF and workbook (read back), the page, the CLI, the job."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from sqlalchemy import func, select

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import ReportNotice, SemesterReport
from service_desk.services import surveys as survey_service
from service_desk.services import tickets as ticket_service
from service_desk.services.reports.prepared import prepare_due_report
from tests.factories import UserFactory, office, ticket_body

NATIONAL = Actor(None, "national_supervisor", "SEDE")
INTEGRITY = Actor(None, "integrity", "SEDE")


def at(iso: str) -> None:
    clock.freeze(datetime.fromisoformat(iso))


def register(when: str, **overrides):
    at(when)
    actor = INTEGRITY if overrides.get("type") == "denuncia" else NATIONAL
    return ticket_service.register_ticket(actor, ticket_body(**overrides)).ticket


def close(ticket, when: str, rating: int | None = None):
    at(when)
    closed = ticket_service.close_ticket(NATIONAL, ticket.code, "Atendido.")
    if rating is not None:
        survey_service.answer_survey(closed.survey.token, str(rating))
    return closed


@pytest.fixture
def semester(app):
    """2026-S1 in Lima and Cusco: reclamos in time, late and overdue; consultas; one denuncia."""
    lima_on_time = register("2026-01-05T10:00:00-05:00")                      # due 16/02
    close(lima_on_time, "2026-01-20T10:00:00-05:00", rating=5)
    lima_late = register("2026-01-06T10:00:00-05:00")
    close(lima_late, "2026-04-20T10:00:00-05:00", rating=2)
    register("2026-04-06T10:00:00-05:00", type="queja")                      # open: due in May
    cusco = register("2026-02-02T10:00:00-05:00", office="CUS")
    close(cusco, "2026-02-10T10:00:00-05:00")
    register("2026-03-02T10:00:00-05:00", type="consulta", language="qu",
             citizen={"language": "qu"})
    consulta = register("2026-03-03T10:00:00-05:00", type="consulta", channel="telefonico",
                        citizen={"document_number": "87654321", "language": "ay"})
    consulta.language = None  # no language recorded: counted as the citizen's (aimara)
    db.session.commit()
    register("2026-03-04T10:00:00-05:00", type="denuncia")
    register("2026-07-02T10:00:00-05:00")  # next semester: not counted
    at("2026-07-15T10:00:00-05:00")


def test_the_api_report_follows_api_md(api, semester):
    client = api("national_supervisor")

    body = client.get("/api/v1/reports/semester?period=2026-S1").json

    assert (body["period"], body["from"], body["to"]) == ("2026-S1", "2026-01-01", "2026-06-30")
    indicator = client.get("/api/v1/indicators/3?period=2026-S1").json
    assert body["indicator3"] == indicator
    total = body["indicator3"]["total"]
    assert (total["numerator"], total["denominator"], total["value"]) == (2, 4, 50.0)
    assert body["surveys"] == client.get("/api/v1/surveys?period=2026-S1").json
    assert body["types"] == {"consulta": 2, "pedido": 0, "sugerencia": 0, "queja": 1, "reclamo": 3}
    assert "denuncia" not in body["types"]
    assert body["languages"] == {"qu": 5, "ay": 1}  # ticket_body's citizen speaks quechua


def test_volumes_compare_with_half_of_the_annual_annex_target(api, semester):
    body = api("national_supervisor").get("/api/v1/reports/semester?period=2026-S1").json

    rows = {(r["office"], r["channel"]): r for r in body["volumes"]}
    lima = rows[("LIM", "presencial")]
    annual = next(t for t in targets_2023() if t[:2] == ("LIM", "presencial"))[2]
    assert body["targets_year"] == 2023
    assert (lima["count"], lima["target"]) == (4, round(annual / 2))
    assert lima["achievement"] == round(4 * 100 / lima["target"], 1)
    assert sum(r["count"] for r in body["volumes"]) == 6  # the denuncia and July are left out


def targets_2023():
    import csv
    from pathlib import Path

    import service_desk

    path = Path(service_desk.__file__).parent / "data" / "targets_2023.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [(r["office"], r["channel"], int(r["target"])) for r in csv.DictReader(lines)]


@pytest.mark.parametrize("role", ["agent", "supervisor", "integrity", "admin", "itinerant"])
def test_only_national_supervisors_get_the_report(api, role):
    response = api(role).get("/api/v1/reports/semester?period=2026-S1")

    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize("period", ["2026-T1", "2026", "2026-S3", ""])
def test_a_period_that_is_not_a_semester_is_422(api, period):
    response = api("national_supervisor").get(f"/api/v1/reports/semester?period={period}")

    assert response.status_code == 422
    assert "period" in response.json["error"]["fields"]


def test_the_cli_writes_a_pdf_that_shows_the_indicator_3_figures(runner, semester, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "informe.pdf"
    result = runner.invoke(args=["report", "semester", "2026-S1", "--out", str(out)])

    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Indicador 3" in text
    assert "Nacional: 50.0 % (2 de 4 reclamos y quejas" in text
    assert "15/07/2026" in text and "01/01/2026 al 30/06/2026" in text
    assert "Nota metodológica" in text


def test_the_cli_writes_a_workbook_read_back_with_openpyxl(runner, semester, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "informe.xlsx"
    result = runner.invoke(args=["report", "semester", "2026-S1", "--out", str(out)])

    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    rows = {r[0]: r for r in book["Indicador 3"].iter_rows(values_only=True) if r[0] in ("LIM", "CUS")}
    assert rows["LIM"][2:6] == (1, 3, 33.3, 100)
    assert rows["CUS"][2:5] == (1, 1, 100.0)
    tipos = {r[0]: r[2] for r in book["Tipos"].iter_rows(values_only=True)}
    assert tipos["reclamo"] == 3 and "denuncia" not in tipos


def test_the_cli_refuses_other_extensions_and_periods(runner, tmp_path):
    bad_file = runner.invoke(args=["report", "semester", "2026-S1", "--out", str(tmp_path / "x.doc")])
    bad_period = runner.invoke(args=["report", "semester", "2026-T1", "--out", str(tmp_path / "x.pdf")])

    assert bad_file.exit_code != 0 and ".pdf o .xlsx" in bad_file.output
    assert bad_period.exit_code != 0 and "AAAA-S1" in bad_period.output


def test_the_page_shows_the_report_and_downloads_it(client, login, semester):
    login("national_supervisor")

    page = client.get("/reportes/semestral?period=2026-S1")
    pdf = client.get("/reportes/semestral/informe.pdf?period=2026-S1")
    xlsx = client.get("/reportes/semestral/informe.xlsx?period=2026-S1")

    assert page.status_code == 200
    assert 'data-office="LIM"' in page.get_data(as_text=True)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_other_roles_cannot_open_the_page(client, login):
    login("supervisor", "LIM")

    assert client.get("/reportes/semestral").status_code == 403
    assert client.get("/reportes/semestral/informe.pdf?period=2026-S1").status_code == 403


def test_the_job_prepares_the_closed_semester_on_its_first_business_day(app, semester):
    from openpyxl import load_workbook

    national = UserFactory(role="national_supervisor", office=office("SEDE"))
    UserFactory(role="supervisor", office=office("LIM"))
    at("2027-01-01T09:00:00-05:00")  # Año Nuevo, a feriado: 2026-S2 is not due yet
    assert prepare_due_report() == "sin informe pendiente"
    at("2027-01-04T08:00:00-05:00")
    assert prepare_due_report() == "informe 2026-S2 preparado"
    assert prepare_due_report() == "informe 2026-S2 ya preparado"

    report = db.session.scalars(select(SemesterReport)).one()
    assert report.period == "2026-S2" and report.pdf.startswith(b"%PDF")
    assert load_workbook(BytesIO(report.xlsx))["Indicador 3"] is not None
    notices = db.session.scalars(select(ReportNotice)).all()
    assert [n.user_id for n in notices] == [national.id]


def test_a_national_supervisor_sees_the_notice_until_opening_the_page(client, login, semester):
    person = login("national_supervisor")
    at("2026-07-01T08:00:00-05:00")
    assert prepare_due_report() == "informe 2026-S1 preparado"

    before = client.get("/reportes/alertas").get_data(as_text=True)
    client.get("/reportes/semestral")
    after = client.get("/reportes/alertas").get_data(as_text=True)

    assert 'data-testid="new-reports">1<' in before
    assert 'data-testid="new-reports"' not in after
    kept = client.get("/reportes/semestral/informe.pdf?period=2026-S1&preparado=1")
    assert kept.status_code == 200 and kept.data.startswith(b"%PDF")
    assert db.session.scalar(select(func.count()).select_from(ReportNotice).where(
        ReportNotice.user_id == person.id, ReportNotice.read_at.is_(None))) == 0
