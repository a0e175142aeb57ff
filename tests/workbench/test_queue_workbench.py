"""The supervisor's workbench on the queues: sorting, saved filters, bulk take/assign, export rows."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from service_desk.extensions import db
from service_desk.models import AccessLogEntry, Ticket, TicketEvent
from tests.factories import PASSWORD


def _codes(body: str) -> list[str]:
    return re.findall(r'<a href="/agente/casos/([A-Z]+-\d{4}-\d+)">', body)


def _three_cases(case, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    a = case(type="pedido", channel="telefonico", citizen={"document_number": "10000001",
                                                           "last_name": "Zapata"})
    b = case(type="reclamo", channel="presencial", citizen={"document_number": "10000002",
                                                            "last_name": "Alvarez"})
    c = case(type="consulta", channel="whatsapp", citizen={"document_number": "10000003",
                                                           "last_name": "Mendoza"})
    return a, b, c


def test_queue_sorts_by_the_column_chosen_and_says_so_to_screen_readers(client, login, case, frozen):
    a, b, c = _three_cases(case, frozen)
    login("supervisor", "LIM")
    by_citizen = client.get("/supervision/cola?sort=ciudadano").get_data(as_text=True)
    assert _codes(by_citizen) == [b.code, c.code, a.code]  # Alvarez, Mendoza, Zapata
    assert re.search(r'<th scope="col" aria-sort="ascending">\s*<a[^>]*>Ciudadano', by_citizen)
    backwards = client.get("/supervision/cola?sort=ciudadano&dir=desc").get_data(as_text=True)
    assert _codes(backwards) == [a.code, c.code, b.code]
    assert 'aria-sort="descending"' in backwards
    by_type = client.get("/supervision/cola?sort=tipo").get_data(as_text=True)
    assert _codes(by_type) == [c.code, a.code, b.code]  # consulta, pedido, reclamo


def test_default_order_is_by_due_date_with_no_deadline_last_and_unknown_sort_keys_ignored(
        client, login, case, frozen):
    a, b, c = _three_cases(case, frozen)  # pedido due 25 Mar, reclamo 17 Apr, consulta none
    login("supervisor", "LIM")
    assert _codes(client.get("/supervision/cola").get_data(as_text=True)) == [a.code, b.code, c.code]
    hostile = client.get("/supervision/cola?sort=password_hash;drop&dir=sideways")
    assert hostile.status_code == 200
    assert _codes(hostile.get_data(as_text=True)) == [a.code, b.code, c.code]


def test_equal_values_keep_a_stable_order_by_registration(client, login, case, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    codes = [case(type="reclamo", citizen={"document_number": f"2000000{i}"}).code for i in range(4)]
    login("agent", "LIM")
    assert _codes(client.get("/agente/bandeja?sort=tipo").get_data(as_text=True)) == codes
    assert _codes(client.get("/agente/bandeja?sort=tipo&dir=desc").get_data(as_text=True)) == codes[::-1]


def test_saved_filter_is_applied_again_and_belongs_only_to_who_saved_it(client, login, case, frozen):
    a, b, c = _three_cases(case, frozen)
    login("supervisor", "LIM", username="sup.lima")
    answer = client.post("/agente/filtros", data={
        "name": "Reclamos por ciudadano", "view": "supervisor.queue",
        "query": "type=reclamo&sort=ciudadano&page=7&evil=1"})
    assert answer.status_code == 302
    queue = client.get("/supervision/cola").get_data(as_text=True)
    link = re.search(r'<a href="(/agente/filtros/(\d+))">Reclamos por ciudadano</a>', queue)
    assert link, "the saved filter is listed on the queue it was saved for"
    applied = client.get(link.group(1))
    assert applied.headers["Location"] == "/supervision/cola?type=reclamo&sort=ciudadano"
    assert _codes(client.get(applied.headers["Location"]).get_data(as_text=True)) == [b.code]
    client.post("/logout")
    login("supervisor", "LIM", username="otra.sup")
    assert "Reclamos por ciudadano" not in client.get("/supervision/cola").get_data(as_text=True)
    assert client.get(link.group(1)).status_code == 404
    assert client.post(f"{link.group(1)}/eliminar").status_code == 404
    client.post("/logout")
    login_again = client.post("/login", data={"username": "sup.lima", "password": PASSWORD})
    assert login_again.status_code == 302
    assert client.post(f"{link.group(1)}/eliminar").status_code == 302
    assert "Reclamos por ciudadano" not in client.get("/supervision/cola").get_data(as_text=True)


def test_a_filter_without_a_name_is_refused_with_a_message(client, login):
    login("agent", "LIM")
    answer = client.post("/agente/filtros", data={"name": "  ", "view": "agent.inbox"},
                         follow_redirects=True)
    assert "Escriba un nombre para el filtro." in answer.get_data(as_text=True)


def test_bulk_take_takes_every_marked_case_in_one_go_with_audit_events(client, login, case, frozen):
    a, b, c = _three_cases(case, frozen)
    agent = login("agent", "LIM")
    answer = client.post("/agente/lote", data={"action": "take", "ids": [a.id, b.id],
                                               "view": "agent.inbox", "query": "sort=tipo"})
    assert answer.headers["Location"] == "/agente/bandeja?sort=tipo"
    db.session.expire_all()
    assert [db.session.get(Ticket, t.id).assignee_id for t in (a, b, c)] == [agent.id, agent.id, None]
    events = db.session.query(TicketEvent).filter_by(kind="taken").all()
    assert sorted(e.ticket_id for e in events) == [a.id, b.id]
    assert all(e.changes.get("bulk") is True and e.actor_id == agent.id for e in events)


def test_bulk_assign_never_touches_another_offices_case_nor_a_denuncia(client, login, case, frozen, user):
    a, b, c = _three_cases(case, frozen)
    cusco = case(office="CUS", citizen={"document_number": "30000001"})
    denuncia = case(type="denuncia", citizen={"document_number": "30000002"})
    toau = user("agent", "LIM", username="toau.asignada")
    login("supervisor", "LIM")
    for intruder in (cusco, denuncia):
        answer = client.post("/agente/lote", data={
            "action": "assign", "assignee": toau.id, "ids": [a.id, intruder.id],
            "view": "supervisor.queue"}, follow_redirects=True)
        assert "1 de los casos marcados no existen o no están a su alcance" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert all(db.session.get(Ticket, t.id).assignee_id is None for t in (a, cusco, denuncia))
    assert db.session.query(TicketEvent).filter_by(kind="assigned").count() == 0
    ok = client.post("/agente/lote", data={"action": "assign", "assignee": toau.id,
                                           "ids": [a.id, b.id], "view": "supervisor.queue"},
                     follow_redirects=True)
    assert "2 casos asignados." in ok.get_data(as_text=True)
    db.session.expire_all()
    assert [db.session.get(Ticket, t.id).assignee_id for t in (a, b, c)] == [toau.id, toau.id, None]


def test_national_supervisor_cannot_assign_a_lima_case_to_a_cusco_agent(client, login, case, frozen, user):
    a, b, c = _three_cases(case, frozen)
    cusco_agent = user("agent", "CUS", username="toau.cusco")
    login("national_supervisor")
    answer = client.post("/agente/lote", data={"action": "assign", "assignee": cusco_agent.id,
                                               "ids": [a.id], "view": "supervisor.queue"},
                         follow_redirects=True)
    assert f"no trabaja en la oficina de: {a.code}" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Ticket, a.id).assignee_id is None


def test_bulk_take_is_all_or_nothing_when_one_case_cannot_be_taken(client, login, case, frozen, user):
    a, b, c = _three_cases(case, frozen)
    from service_desk.services.ticket_actions import close_ticket
    from service_desk.services.users import actor_of
    closer = user("agent", "LIM", username="cerradora")
    close_ticket(actor_of(closer), b.code, "Atendido.")
    login("agent", "LIM")
    answer = client.post("/agente/lote", data={"action": "take", "ids": [a.id, b.id],
                                               "view": "agent.inbox"}, follow_redirects=True)
    assert f"No se puede realizar la acción en: {b.code}" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Ticket, a.id).assignee_id is None


def test_queue_offers_checkboxes_and_bulk_actions_by_role(client, login, case, frozen):
    _three_cases(case, frozen)
    login("agent", "LIM")
    inbox = client.get("/agente/bandeja").get_data(as_text=True)
    assert 'name="ids"' in inbox and 'value="take"' in inbox and 'value="assign"' not in inbox
    client.post("/logout")
    login("supervisor", "LIM")
    queue = client.get("/supervision/cola").get_data(as_text=True)
    assert 'value="take"' in queue and 'value="assign"' in queue


def test_csv_export_has_the_filtered_rows_in_order_and_is_logged(client, login, case, frozen):
    a, b, c = _three_cases(case, frozen)
    case(office="CUS", citizen={"document_number": "30000001"})
    case(type="denuncia", citizen={"document_number": "30000002"})
    login("supervisor", "LIM")
    response = client.get("/supervision/cola/exportar?formato=csv&sort=ciudadano&status=")
    assert response.status_code == 200
    assert response.is_streamed and "Content-Length" not in response.headers
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Código", "Oficina", "Tipo"]
    assert [r[0] for r in rows[1:]] == [b.code, c.code, a.code]  # LIM only, no denuncia
    assert rows[1][1:7] == ["LIM", "Reclamo", "Presencial", "Pagos / abonos", "Registrado", "En plazo"]
    assert rows[1][7:10] == ["04/03/2024", "17/04/2024", ""]
    assert rows[1][10:12] == ["DNI 10000002", "Rosa Alvarez"]
    log = db.session.query(AccessLogEntry).filter_by(action="export", object_type="queue").one()
    assert log.object_ref.startswith("/supervision/cola/exportar?")


def test_excel_export_holds_the_same_rows(client, login, case, frozen):
    a, b, c = _three_cases(case, frozen)
    login("supervisor", "LIM")
    response = client.get("/supervision/cola/exportar?formato=xlsx&type=pedido&aviso=abc123")
    assert response.status_code == 200
    assert "descarga=abc123" in response.headers["Set-Cookie"]
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    response.close()  # closes the temporary file, as the server does after the last byte
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Código" and len(values) == 2
    assert values[1][0] == a.code and values[1][2] == "Pedido"
    assert client.get("/supervision/cola/exportar?formato=pdf").status_code == 404


def test_csv_export_neutralises_spreadsheet_formulas(client, login, case, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    case(citizen={"document_number": "10000009", "first_name": "=HYPERLINK(1)", "last_name": "X"})
    login("supervisor", "LIM")
    body = client.get("/supervision/cola/exportar?formato=csv").get_data(as_text=True)
    assert "'=HYPERLINK(1) X" in body


def test_absurd_ids_get_a_message_or_a_404_never_a_server_error(client, login, case, frozen):
    a, b, c = _three_cases(case, frozen)
    login("supervisor", "LIM")
    huge = "9" * 20
    answer = client.post("/agente/lote", data={"action": "take", "ids": [a.id, huge],
                                               "view": "supervisor.queue"}, follow_redirects=True)
    assert answer.status_code == 200
    assert "No se cambió ningún caso." in answer.get_data(as_text=True)
    assigned = client.post("/agente/lote", data={"action": "assign", "assignee": huge, "ids": [a.id],
                                                 "view": "supervisor.queue"}, follow_redirects=True)
    assert "Elija a quién asignar los casos." in assigned.get_data(as_text=True)
    assert client.get(f"/agente/filtros/{huge}").status_code == 404
    assert client.post(f"/agente/filtros/{huge}/eliminar").status_code == 404
    db.session.expire_all()
    assert db.session.get(Ticket, a.id).assignee_id is None
