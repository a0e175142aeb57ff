"""Survey results for supervisors: API.md's /api/v1/surveys, the page, its Excel export and scoping."""

from __future__ import annotations

from io import BytesIO

import pytest

from service_desk.domain.access import Actor
from service_desk.services import surveys as survey_service
from service_desk.services import tickets as ticket_service
from tests.factories import ticket_body

NATIONAL = Actor(None, "national_supervisor", "SEDE")


def closed(frozen, when: str, rating: int | None = None, comment: str | None = None, **overrides):
    frozen(when)
    ticket = ticket_service.register_ticket(NATIONAL, ticket_body(**overrides)).ticket
    ticket = ticket_service.close_ticket(NATIONAL, ticket.code, "Atendido.")
    if rating is not None:
        survey_service.answer_survey(ticket.survey.token, str(rating), comment)
    return ticket


@pytest.fixture
def answered(frozen):
    """Lima: 4 surveys closed in 2026-T1 (ratings 5, 4, 2 and one unanswered); Cusco: one rated 3."""
    closed(frozen, "2026-01-05T10:00:00-05:00", 5, "Muy amables.")
    closed(frozen, "2026-02-10T10:00:00-05:00", 4, channel="telefonico")
    closed(frozen, "2026-03-31T23:30:00-05:00", 2, "Demoraron mucho.")  # 1 April in UTC, March in Lima
    closed(frozen, "2026-03-02T10:00:00-05:00")
    closed(frozen, "2026-03-03T10:00:00-05:00", 3, office="CUS")
    closed(frozen, "2026-04-01T10:00:00-05:00", 1, "Otro trimestre.")
    frozen("2026-04-02T10:00:00-05:00")


def test_the_api_gives_sent_answered_average_and_satisfied_per_office(api, answered):
    body = api("national_supervisor").get("/api/v1/surveys?period=2026-T1").json

    rows = {row["office"]: row for row in body["rows"]}
    assert body["period"] == "2026-T1"
    assert rows["LIM"] | {} == {"office": "LIM", "sent": 4, "answered": 3, "average": 3.7,
                                "satisfied": 66.7, "response_rate": 75.0}
    assert (rows["CUS"]["average"], rows["CUS"]["satisfied"]) == (3.0, 0.0)
    assert (rows["PUN"]["sent"], rows["PUN"]["average"], rows["PUN"]["satisfied"]) == (0, None, None)
    assert body["total"] | {} == {"office": None, "sent": 5, "answered": 4, "average": 3.5,
                                  "satisfied": 50.0, "response_rate": 80.0}


def test_one_office_and_other_periods(api, answered):
    client = api("national_supervisor")

    lima = client.get("/api/v1/surveys?period=2026-T1&office=LIM").json
    april = client.get("/api/v1/surveys?period=2026-T2&office=LIM").json

    assert [row["office"] for row in lima["rows"]] == ["LIM"]
    assert april["total"]["answered"] == 1 and april["total"]["average"] == 1.0
    assert client.get("/api/v1/surveys?period=2026").json["total"]["sent"] == 6


def test_an_office_supervisor_sees_only_its_office_and_agents_nothing(api, answered):
    supervisor = api("supervisor", "LIM")

    own = supervisor.get("/api/v1/surveys?period=2026-T1")
    other = supervisor.get("/api/v1/surveys?period=2026-T1&office=CUS")

    assert [row["office"] for row in own.json["rows"]] == ["LIM"]
    assert other.status_code == 403
    assert api("agent", "LIM").get("/api/v1/surveys?period=2026-T1").status_code == 403
    assert api("integrity").get("/api/v1/surveys?period=2026-T1").status_code == 403


def test_a_bad_period_is_a_422_with_the_field(api):
    response = api("national_supervisor").get("/api/v1/surveys?period=2026-T5")

    assert response.status_code == 422
    assert "period" in response.json["error"]["fields"]


def test_the_page_groups_by_channel_and_lists_the_comments(client, login, answered):
    login("national_supervisor")

    html = client.get("/reportes/encuestas?period=2026-T1&por=channel").get_data(as_text=True)

    assert 'data-key="telefonico"' in html and 'data-key="presencial"' in html
    assert "Muy amables." in html and "Demoraron mucho." in html
    assert "Otro trimestre." not in html


def test_the_excel_export_has_the_figures_and_the_comments(client, login, answered):
    from openpyxl import load_workbook

    login("supervisor", "LIM")

    response = client.get("/reportes/encuestas.xlsx?period=2026-T1")

    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.data))
    results = [row for row in workbook["Resultados"].iter_rows(values_only=True) if row[0] == "LIM"]
    assert results == [("LIM", "Lima", 4, 3, 75.0, 3.7, 66.7)]
    comments = [row[-1] for row in workbook["Comentarios"].iter_rows(values_only=True)]
    assert "Demoraron mucho." in comments and "Muy amables." in comments
