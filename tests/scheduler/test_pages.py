"""Report pages per role: alerts with the unread counter, Indicador 3 with drill-down and trend."""

from __future__ import annotations

import re

import pytest

from service_desk.services.alerts import scan_sla
from tests.factories import PASSWORD


@pytest.fixture
def alerted(file_case, now_lima):
    """Overdue reclamos in Lima and Cusco and an overdue denuncia, scanned on 18 Apr 2024."""
    cases = {"LIM": file_case("2024-03-04 10:00", office="LIM"),
             "CUS": file_case("2024-03-04 10:00", office="CUS"),
             "DEN": file_case("2024-03-04 10:00", type="denuncia")}
    now_lima("2024-04-18 09:00")
    return cases


def nav_counter(page: str) -> int:
    return int(re.search(r'data-testid="unread-alerts">(\d+)<', page).group(1))


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for path in ("/reportes/alertas", "/reportes/indicador-3", "/reportes/metas",
                 "/reportes/indicador-3.xlsx"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_an_agent_sees_office_alerts_and_the_counter_but_no_indicators(signed_in, alerted):
    client, agent = signed_in("agent", "LIM")
    alerted["LIM"].assignee_id = agent.id
    scan_sla()
    page = client.get("/reportes/alertas").get_data(as_text=True)
    assert alerted["LIM"].code in page
    assert alerted["CUS"].code not in page and alerted["DEN"].code not in page
    assert nav_counter(page) == 1 and "(nueva)" in page
    assert "Indicador 3" not in page and ">Metas<" not in page
    assert client.get("/reportes/indicador-3").status_code == 403
    assert client.get("/reportes/metas").status_code == 403


def test_marking_alerts_read_clears_the_counter(signed_in, alerted):
    client, _ = signed_in("supervisor", "LIM")
    scan_sla()
    assert nav_counter(client.get("/reportes/alertas").get_data(as_text=True)) == 1
    response = client.post("/reportes/alertas/leidas", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert nav_counter(page) == 0 and "1 alerta(s) marcadas como leídas." in page
    assert alerted["LIM"].code in page  # still listed, no longer new
    assert "(nueva)" not in page


def test_integrity_sees_only_denuncia_alerts_and_no_indicators(signed_in, alerted):
    client, _ = signed_in("integrity")
    scan_sla()
    page = client.get("/reportes/alertas").get_data(as_text=True)
    assert alerted["DEN"].code in page and nav_counter(page) == 1
    assert alerted["LIM"].code not in page and alerted["CUS"].code not in page
    assert client.get("/reportes/indicador-3").status_code == 403


def test_a_supervisor_sees_the_indicator_of_the_own_office_with_trend_and_drill_down(
        signed_in, alerted):
    client, _ = signed_in("supervisor", "LIM")
    page = client.get("/reportes/indicador-3?period=2024-T1").get_data(as_text=True)
    assert 'data-office="LIM"' in page and 'data-office="CUS"' not in page
    assert '<select id="office"' not in page
    assert "<svg" in page and "2024 T1" in page and "<script" not in page
    assert "100 %" in page
    link = re.search(r'href="([^"]*figure=open_overdue[^"]*)"', page).group(1).replace("&amp;", "&")
    drill = client.get(link).get_data(as_text=True)
    assert alerted["LIM"].code in drill and alerted["CUS"].code not in drill
    assert client.get("/reportes/indicador-3?period=2024-T1&office=CUS").status_code == 403


def test_national_supervision_sees_every_office_and_exports(signed_in, alerted):
    client, _ = signed_in("national_supervisor")
    page = client.get("/reportes/indicador-3?period=2024-T1").get_data(as_text=True)
    assert page.count("data-office=") == 23  # 22 offices and the total
    assert "Indicador 3" in page and ">Metas<" in page
    assert "/reportes/indicador-3.xlsx?period=2024-T1" in page


def test_a_bad_period_is_shown_beside_the_field_and_kept(signed_in):
    client, _ = signed_in("admin")
    response = client.get("/reportes/indicador-3?period=2024-T9")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="2024-T9"' in page and 'id="period-error"' in page
    assert client.get("/reportes/indicador-3.xlsx?period=2024-T9").status_code == 422


@pytest.mark.browser
def test_a_supervisor_follows_the_nav_to_the_overdue_cases_in_a_browser(
        app, alerted, person, live_server, page, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # as in production
    supervisor = person("supervisor", "LIM", username="coord.lima")
    scan_sla()
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", supervisor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("text=Alertas (1)")
    assert alerted["LIM"].code in page.inner_text("#alertas")
    page.click("text=Marcar todas como leídas")  # a real form post with its CSRF token
    assert page.inner_text("[data-testid=unread-alerts]") == "0"
    page.click("nav >> text=Indicador 3")
    page.fill("#period", "2024-T1")
    page.click("text=Ver")
    page.click("#indicador-3 tr[data-office=LIM] td:nth-child(7) a")
    assert alerted["LIM"].code in page.inner_text("#casos")


def test_statuses_are_shown_in_spanish_in_alerts_and_the_drill_down(signed_in, alerted):
    """Issue 12, finding 10: raw status values (`registrado`) were shown to users."""
    client, agent = signed_in("national_supervisor")
    scan_sla()
    alerts = client.get("/reportes/alertas").get_data(as_text=True)
    drill = client.get("/reportes/indicador-3/casos?period=2024-T1&figure=open_overdue")
    for page in (alerts, drill.get_data(as_text=True)):
        assert "<td>Registrado</td>" in page and "<td>registrado</td>" not in page
