"""Workload and dashboard figures checked against a small fixture computed by hand.

Lima office, today Wednesday 20 March 2024 (week from Monday 18 March), default
window of 28 days: 22 February to 20 March. Times are Lima time.

  T1 reclamo presencial pagos       filed Mon 04 Mar 10:00; Ana takes it 14:00 (first response 4 h,
                                    0 días hábiles); Ana closes Tue 19 Mar 09:00 (359 h; días hábiles
                                    5-8, 11-15, 18-19 Mar = 11).
  T2 queja telefónico afiliación    filed Tue 05 Mar 09:00; the supervisor assigns it to Beto Wed 06
                                    (not a response); Beto's note Thu 07 Mar 11:00 (50 h, 2 d.h.);
                                    reassigned to Ana Fri 08 Mar (one reassignment). Open, Ana's.
  T3 consulta whatsapp mi_juntos    filed Mon 11 Mar 10:00, answered and closed at registration
                                    (0 h, 0 d.h.). Nobody assigned.
  T4 reclamo presencial pagos       filed Thu 01 Feb 10:00, due Thu 14 Mar; Beto takes it Mon 18 Mar
                                    09:00 (1,103 h). Open and overdue 4 días hábiles (15, 18, 19, 20).
  T5 reclamo presencial pagos       filed Thu 01 Feb 11:00, due 14 Mar; Ana closes it Wed 13 Mar
                                    10:00 without taking it (983 h), on time. Nobody assigned.
  plus a Cusco reclamo and a denuncia, which a Lima supervisor never counts.

T4 and T5 were received before the window: they count in the snapshot (open,
overdue) but not in the window's medians.
"""

from __future__ import annotations

from datetime import date

import pytest

from service_desk.domain.access import Actor
from service_desk.services import dashboard as dashboard_service
from service_desk.services import ticket_actions
from service_desk.services import workload as workload_service
from service_desk.services.users import actor_of

TODAY = "2024-03-20T10:00:00-05:00"


@pytest.fixture
def fixture(app, case, user, frozen):
    ana, beto = user("agent", "LIM", full_name="Ana Quispe"), user("agent", "LIM", full_name="Beto Rojas")
    sup = user("supervisor", "LIM", full_name="Sara Supervisora")
    a, b, s = actor_of(ana), actor_of(beto), actor_of(sup)

    def at(iso: str) -> None:
        frozen(f"2024-{iso}:00-05:00")

    at("02-01T10:00")
    t4 = case(type="reclamo", citizen={"document_number": "40000004"})
    at("02-01T11:00")
    t5 = case(type="reclamo", citizen={"document_number": "40000005"})
    at("03-04T10:00")
    t1 = case(type="reclamo", citizen={"document_number": "40000001"})
    at("03-04T14:00")
    ticket_actions.take_ticket(a, t1.code)
    at("03-05T09:00")
    t2 = case(type="queja", channel="telefonico", subject="afiliacion",
              citizen={"document_number": "40000002"})
    at("03-06T10:00")
    ticket_actions.assign_ticket(s, t2.code, beto.id)
    at("03-07T11:00")
    ticket_actions.add_note(b, t2.code, "Se pidió el padrón a la UOT.")
    at("03-08T10:00")
    ticket_actions.assign_ticket(s, t2.code, ana.id)
    at("03-11T10:00")
    from tests.factories import ticket_body
    body = ticket_body(type="consulta", channel="whatsapp", subject="mi_juntos",
                       citizen={"document_number": "40000003"})
    ticket_actions.register_attention(a, body, "Se explicó cómo instalar Mi Juntos.")
    at("03-13T10:00")
    ticket_actions.close_ticket(a, t5.code, "Se reprogramó el abono.")
    at("03-18T09:00")
    ticket_actions.take_ticket(b, t4.code)
    at("03-19T09:00")
    ticket_actions.close_ticket(a, t1.code, "Se pagó el abono pendiente.")
    case(office="CUS", citizen={"document_number": "40000009"})
    case(type="denuncia", citizen={"document_number": "40000008"})
    frozen(TODAY)
    return {"ana": ana, "beto": beto, "sup": sup, "t4": t4}


def _row(rows, label_start: str):
    return next(r for r in rows if r.label.startswith(label_start))


def test_workload_per_agent_matches_the_hand_computed_figures(fixture):
    table = workload_service.workload(actor_of(fixture["sup"]), date(2024, 2, 22), date(2024, 3, 20))
    ana = _row(table.by_agent, "Ana Quispe")
    assert (ana.open, ana.overdue, ana.closed_this_week) == (1, 0, 1)
    assert (ana.first_response_hours, ana.first_response_days) == (27.0, 1.0)  # median of 4, 50 / 0, 2
    assert (ana.closing_hours, ana.closing_days) == (359.0, 11.0)
    assert (ana.reassigned, ana.reopened) == (1, 0)
    beto = _row(table.by_agent, "Beto Rojas")
    assert (beto.open, beto.overdue, beto.closed_this_week) == (1, 1, 0)
    assert beto.first_response_hours is None  # T4 was received before the window
    assert beto.reassigned == 0  # his take of an unassigned case is no reassignment
    nobody = _row(table.by_agent, "Sin asignar")
    assert (nobody.open, nobody.first_response_hours, nobody.closing_days) == (0, 0.0, 0.0)
    assert _row(table.by_agent, "Sara Supervisora").open == 0  # listed even without cases
    assert table.week_start == date(2024, 3, 18)


def test_workload_per_office_matches_and_never_counts_other_offices_nor_denuncias(fixture):
    table = workload_service.workload(actor_of(fixture["sup"]), date(2024, 2, 22), date(2024, 3, 20))
    assert [r.key for r in table.by_office] == ["LIM"]
    lima = table.by_office[0]
    assert (lima.open, lima.overdue, lima.closed_this_week) == (2, 1, 1)
    assert (lima.first_response_hours, lima.first_response_days) == (4.0, 0.0)  # of 4, 50, 0 / 0, 2, 0
    assert (lima.closing_hours, lima.closing_days) == (179.5, 5.5)  # of 359, 0 / 11, 0
    assert (lima.reassigned, lima.reopened) == (1, 0)


def test_a_wider_window_brings_the_february_cases_into_the_medians(fixture):
    table = workload_service.workload(actor_of(fixture["sup"]), date(2024, 2, 1), date(2024, 3, 20))
    assert _row(table.by_agent, "Beto Rojas").first_response_hours == 1103.0
    assert _row(table.by_agent, "Sin asignar").closing_hours == 491.5  # of 0 (T3) and 983 (T5)


def test_dashboard_matches_the_hand_computed_figures(fixture):
    d = dashboard_service.dashboard(actor_of(fixture["sup"]))
    assert d.weeks[0] == date(2024, 1, 29) and d.weeks[-1] == date(2024, 3, 18)
    assert d.attentions[date(2024, 1, 29)] == {"presencial": 2}
    assert d.attentions[date(2024, 3, 4)] == {"presencial": 1, "telefonico": 1}
    assert d.attentions[date(2024, 3, 11)] == {"whatsapp": 1}
    assert sum(sum(w.values()) for w in d.attentions.values()) == 5  # no Cusco, no denuncia
    # T4 and T5 fell due on Thu 14 Mar: one closed on time, one still open.
    assert d.compliance[date(2024, 3, 11)] == (1, 2)
    assert d.compliance_percent(date(2024, 3, 11)) == 50.0
    assert d.compliance_percent(date(2024, 3, 4)) is None  # nothing fell due that week
    assert d.backlog == {"en plazo": 1, "1 a 5": 1, "6 a 10": 0, "11 a 20": 0, "más de 20": 0}
    assert d.first_response[date(2024, 3, 4)] == 27.0
    assert d.first_response[date(2024, 3, 11)] == 0.0
    assert d.first_response[date(2024, 1, 29)] == 1043.0  # of 1,103 and 983
    assert d.first_response_days[date(2024, 3, 4)] == 1.0
    assert d.topics == [("pagos", 3), ("afiliacion", 1), ("mi_juntos", 1)]


def test_national_view_covers_every_office_and_one_office_on_request(fixture):
    national = Actor(None, "national_supervisor", "SEDE")
    d = dashboard_service.dashboard(national)
    assert sum(sum(w.values()) for w in d.attentions.values()) == 6  # Lima's five and Cusco's one
    table = workload_service.workload(national, date(2024, 2, 22), date(2024, 3, 20))
    assert table.by_agent == [] and len(table.by_office) == 22
    assert workload_service.workload(national, date(2024, 2, 22), date(2024, 3, 20), "LIM") \
        .by_office[0].open == 2


def test_workload_and_dashboard_pages_show_the_figures_and_tables(client, login, fixture):
    login("supervisor", "LIM")
    page = client.get("/supervision/carga?desde=2024-02-22&hasta=2024-03-20").get_data(as_text=True)
    assert "Ana Quispe" in page and "27.0 h" in page and "359.0 h" in page
    assert client.get("/supervision/carga?desde=2024-03-21&hasta=2024-03-20").status_code == 422
    assert client.get("/supervision/carga?desde=ayer").status_code == 422
    board = client.get("/supervision/tablero").get_data(as_text=True)
    assert board.count("<svg") == 5 and board.count('<table class="data"') == 5
    assert "50.0 %" in board and "Aún en plazo" in board
    client.post("/logout")
    login("agent", "LIM")
    assert client.get("/supervision/tablero").status_code == 403
