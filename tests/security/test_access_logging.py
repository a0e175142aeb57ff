"""Ley 29733: every page that shows or exports personal data leaves who/what/where in the log."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from service_desk.extensions import db
from service_desk.models import AccessLogEntry
from service_desk.services.access_log import record_access


def last_entry() -> tuple:
    entry = db.session.scalar(select(AccessLogEntry).order_by(AccessLogEntry.id.desc()))
    return (entry.username, entry.role, entry.action, entry.object_type, entry.object_ref,
            entry.address, entry.channel)


def entries() -> int:
    return db.session.scalar(select(func.count(AccessLogEntry.id)))


def test_opening_a_case_page_logs_who_viewed_which_case_from_where(client, login, case):
    ticket = case()
    agent = login("agent", "LIM")
    assert client.get(f"/agente/casos/{ticket.code}").status_code == 200
    assert last_entry() == (agent.username, "agent", "view", "ticket", ticket.code, "127.0.0.1", "web")


def test_a_case_the_user_may_not_see_is_not_logged_as_viewed(client, login, case):
    ticket = case(office="CUS")
    login("agent", "LIM")
    assert client.get(f"/agente/casos/{ticket.code}").status_code == 404
    assert entries() == 0


def test_the_dni_lookup_logs_a_citizen_search_even_when_nobody_is_found(client, login, case):
    case()
    agent = login("agent", "LIM")
    assert client.get("/agente/ciudadano?document_type=DNI&document_number=12345678").json["found"]
    assert last_entry() == (agent.username, "agent", "search", "citizen", "DNI 12345678",
                            "127.0.0.1", "web")
    client.get("/agente/ciudadano?document_type=DNI&document_number=87654321")
    assert last_entry()[2:5] == ("search", "citizen", "DNI 87654321")


def test_integrity_searches_are_logged_without_the_document_or_text_they_name(client, login):
    officer = login("integrity")
    client.get("/agente/ciudadano?document_type=DNI&document_number=44556677")
    assert last_entry()[:5] == (officer.username, "integrity", "search", "citizen", "[reservado]")
    client.get("/agente/bandeja?text=44556677")
    assert last_entry()[:5] == (officer.username, "integrity", "search", "queue", "/agente/bandeja")


def test_a_malformed_document_is_refused_without_a_log_entry(client, login):
    login("agent", "LIM")
    assert client.get("/agente/ciudadano?document_type=DNI&document_number=12").status_code == 400
    assert entries() == 0


@pytest.mark.parametrize("path", ["/agente/bandeja", "/agente/mis-casos"])
def test_agent_queues_naming_citizens_are_logged(client, login, case, path):
    case()
    agent = login("agent", "LIM")
    client.get(path)
    assert last_entry()[:5] == (agent.username, "agent", "view", "queue", path)


def test_searching_a_queue_by_dni_is_logged_as_a_search_with_the_text(client, login, case):
    case()
    login("agent", "LIM")
    body = client.get("/agente/bandeja?text=12345678").get_data(as_text=True)
    assert "Rosa Quispe Mamani" in body
    assert last_entry()[2:5] == ("search", "queue", "/agente/bandeja?text=12345678")


def test_the_supervisor_queue_is_logged(client, login, case):
    case()
    boss = login("supervisor", "LIM")
    assert "Rosa Quispe Mamani" in client.get("/supervision/cola").get_data(as_text=True)
    assert last_entry()[:5] == (boss.username, "supervisor", "view", "queue", "/supervision/cola")


def test_the_indicator_drill_down_is_logged_with_period_office_and_figure(client, login, case,
                                                                          frozen):
    frozen("2024-03-04T10:00:00-05:00")
    case()
    boss = login("supervisor", "LIM")
    client.get("/reportes/indicador-3/casos?period=2024-T1&office=LIM&figure=denominator")
    assert last_entry()[:5] == (boss.username, "supervisor", "view", "report",
                                "indicador-3/casos 2024-T1 LIM denominator")


@pytest.mark.parametrize("path, ref", [
    ("/reportes/indicador-3.xlsx?period=2024-T1", "indicador-3.xlsx 2024-T1 todas"),
    ("/reportes/metas.xlsx?year=2024", "metas.xlsx 2024 todas"),
])
def test_each_excel_export_is_logged_as_an_export(client, login, path, ref):
    boss = login("national_supervisor")
    assert client.get(path).status_code == 200
    assert last_entry()[:5] == (boss.username, "national_supervisor", "export", "report", ref)


def test_listing_tickets_through_the_api_is_logged_with_the_filters(api):
    agent = api("agent", "LIM")
    agent.get("/api/v1/tickets?office=LIM")
    assert last_entry() == (agent.user.username, "agent", "view", "queue", "/api/v1/tickets?office=LIM",
                            "127.0.0.1", "api")


# --- the admin page ---------------------------------------------------------------------

@pytest.fixture
def logged(app, user):
    """Three entries by two users on two days."""
    from datetime import datetime

    from service_desk import clock

    ana, luis = user("agent", "LIM", username="ana"), user("agent", "CUS", username="luis")
    for when, who, action, ref in [("2024-03-01T09:00:00-05:00", ana, "view", "LIM-2024-000001"),
                                   ("2024-03-02T09:00:00-05:00", luis, "search", "DNI 12345678"),
                                   ("2024-03-03T23:30:00-05:00", ana, "export", "=HYPERLINK(1)")]:
        clock.freeze(datetime.fromisoformat(when))
        record_access(who, action, "ticket", ref, "10.0.0.7")
    clock.freeze(None)
    return ana, luis


def test_admin_sees_the_access_log_newest_first(client, login, logged):
    login("admin")
    body = client.get("/admin/registro-de-accesos").get_data(as_text=True)
    assert "3 accesos" in body
    assert body.index("=HYPERLINK(1)") < body.index("DNI 12345678") < body.index("LIM-2024-000001")
    assert "10.0.0.7" in body and "Exportación" in body
    assert 'href="/admin/registro-de-accesos"' in client.get("/admin/usuarios").get_data(as_text=True)


@pytest.mark.parametrize("query, shown, hidden", [
    ("usuario=luis", "DNI 12345678", "LIM-2024-000001"),
    ("objeto=12345678", "DNI 12345678", "LIM-2024-000001"),
    ("objeto=lim-2024", "LIM-2024-000001", "DNI 12345678"),
    ("accion=view", "LIM-2024-000001", "DNI 12345678"),
    # Days are Lima days: 3 Mar 23:30 in Lima is already 4 Mar in UTC.
    ("desde=2024-03-03&hasta=2024-03-03", "=HYPERLINK(1)", "DNI 12345678"),
    ("hasta=2024-03-01", "LIM-2024-000001", "=HYPERLINK(1)"),
])
def test_admin_filters_the_access_log(client, login, logged, query, shown, hidden):
    login("admin")
    body = client.get(f"/admin/registro-de-accesos?{query}").get_data(as_text=True)
    assert f"<td>{shown}</td>" in body and f"<td>{hidden}</td>" not in body


def test_a_malformed_date_filter_is_explained_beside_the_field(client, login, logged):
    login("admin")
    body = client.get("/admin/registro-de-accesos?desde=03-2024&usuario=ana").get_data(as_text=True)
    assert "fecha" in body.lower() and 'value="03-2024"' in body
    assert "<td>LIM-2024-000001</td>" in body
    assert "<td>DNI 12345678</td>" not in body  # the other filters still apply


def test_the_access_log_is_paginated(client, login, user):
    someone = user("agent", "LIM")
    for n in range(55):
        record_access(someone, "view", "ticket", f"LIM-2024-{n:06d}")
    login("admin")
    first = client.get("/admin/registro-de-accesos").get_data(as_text=True)
    assert "LIM-2024-000054" in first and "LIM-2024-000004" not in first and "Página 1 de 2" in first
    second = client.get("/admin/registro-de-accesos?page=2").get_data(as_text=True)
    assert "LIM-2024-000004" in second and "LIM-2024-000054" not in second


def test_the_csv_export_follows_the_filters_defuses_formulas_and_is_itself_logged(client, login,
                                                                                  logged):
    admin = login("admin")
    response = client.get("/admin/registro-de-accesos.csv?usuario=ana")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["fecha_hora_lima", "usuario", "rol"]
    assert [r[5] for r in rows[1:]] == ["'=HYPERLINK(1)", "LIM-2024-000001"]
    assert rows[2][0] == "2024-03-01T09:00:00-05:00"
    assert last_entry()[:5] == (admin.username, "admin", "export", "access_log",
                                "/admin/registro-de-accesos.csv?usuario=ana")


@pytest.mark.parametrize("role", ["agent", "itinerant", "supervisor", "national_supervisor",
                                  "integrity"])
def test_only_admins_open_the_access_log(client, login, role):
    login(role)
    assert client.get("/admin/registro-de-accesos").status_code == 403
    assert client.get("/admin/registro-de-accesos.csv").status_code == 403
    assert "Registro de accesos" not in client.get("/").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_login_from_the_access_log(client):
    for path in ("/admin/registro-de-accesos", "/admin/registro-de-accesos.csv"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
