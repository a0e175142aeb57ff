"""Every page for every role: allowed, forbidden, or invisible (404) — and denuncias stay sealed."""

from __future__ import annotations

import pytest

from service_desk.extensions import db

WORKSPACE = ("agent", "itinerant", "supervisor", "national_supervisor", "integrity")
SUPERVISORS = ("supervisor", "national_supervisor")
ROLES = (*WORKSPACE, "admin")

PAGES = {
    "/agente/registrar": WORKSPACE,
    "/agente/mis-casos": WORKSPACE,
    "/agente/bandeja": WORKSPACE,
    "/agente/ciudadano?document_type=DNI&document_number=12345678": WORKSPACE,
    "/supervision/": SUPERVISORS,
    "/supervision/cola": SUPERVISORS,
    "/admin/usuarios": ("admin",),
    "/admin/usuarios/{user_id}": ("admin",),
    "/admin/dias-no-laborables": ("admin",),
    "/admin/plazos": ("admin",),
}
CASE_POSTS = ("tomar", "nota", "derivar", "cerrar", "anular")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PAGES)
def test_each_page_opens_for_its_roles_and_is_forbidden_to_the_others(client, login, path, role):
    me = login(role)
    response = client.get(path.format(user_id=me.id))
    assert response.status_code == (200 if role in PAGES[path] else 403)


@pytest.mark.parametrize("path", [*PAGES, "/agente/casos/LIM-2024-000001"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, path):
    response = client.get(path.format(user_id=1))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("action", CASE_POSTS)
def test_anonymous_visitors_cannot_act_on_a_case(client, case, action):
    ticket = case()
    response = client.post(f"/agente/casos/{ticket.code}/{action}")
    assert response.status_code == 302
    db.session.refresh(ticket)
    assert ticket.status == "registrado"


@pytest.mark.parametrize("role", ("agent", "itinerant", "supervisor"))
def test_a_case_of_another_office_does_not_exist_for_office_roles(client, login, case, role):
    ticket = case(office="CUS")
    login(role, "LIM")
    assert client.get(f"/agente/casos/{ticket.code}").status_code == 404
    for action in CASE_POSTS:
        assert client.post(f"/agente/casos/{ticket.code}/{action}").status_code == 404
    assert client.post(f"/supervision/casos/{ticket.code}/asignar").status_code in (403, 404)


def test_national_supervisor_opens_cases_of_every_office(client, login, case):
    ticket = case(office="CUS")
    login("national_supervisor")
    assert client.get(f"/agente/casos/{ticket.code}").status_code == 200


@pytest.mark.parametrize("role", ("agent", "supervisor", "national_supervisor", "itinerant"))
def test_denuncias_appear_in_no_page_list_count_or_search_outside_integrity(client, login, case, role):
    denuncia = case(type="denuncia", description="Cobro indebido por un gestor local",
                    citizen={"document_number": "44556677"})
    login(role, "LIM")
    assert client.get(f"/agente/casos/{denuncia.code}").status_code == 404
    pages = ["/agente/bandeja?status=", "/agente/bandeja?text=gestor", "/agente/mis-casos?status="]
    if role in SUPERVISORS:
        pages += ["/supervision/", "/supervision/cola?status="]
    for page in pages:
        body = client.get(page).get_data(as_text=True)
        assert denuncia.code not in body and "gestor local" not in body
        assert "Denuncia</td>" not in body
    found = client.get("/agente/ciudadano?document_type=DNI&document_number=44556677").json
    assert found == {"found": False}


def test_supervisor_counts_leave_denuncias_out(client, login, case):
    case(type="denuncia")
    case(type="reclamo", citizen={"document_number": "11112222"})
    login("supervisor", "LIM")
    body = client.get("/supervision/cola").get_data(as_text=True)
    assert "En plazo: <strong>1</strong>" in body


def test_integrity_sees_denuncias_and_nothing_else(client, login, case):
    denuncia = case(type="denuncia")
    reclamo = case(type="reclamo", citizen={"document_number": "11112222"})
    login("integrity")
    inbox = client.get("/agente/bandeja").get_data(as_text=True)
    assert denuncia.code in inbox and reclamo.code not in inbox
    assert client.get(f"/agente/casos/{denuncia.code}").status_code == 200
    assert client.get(f"/agente/casos/{reclamo.code}").status_code == 404


def test_agent_cannot_annul_nor_reassign(client, login, case, user):
    ticket = case()
    colleague = user("agent", "LIM")
    login("agent", "LIM")
    page = client.get(f"/agente/casos/{ticket.code}").get_data(as_text=True)
    assert "Anular" not in page and "Reasignar" not in page
    assert client.post(f"/agente/casos/{ticket.code}/anular",
                       data={"annul-reason": "duplicado"}).status_code == 403
    assert client.post(f"/supervision/casos/{ticket.code}/asignar",
                       data={"assign-assignee": str(colleague.id)}).status_code == 403
    db.session.refresh(ticket)
    assert ticket.status == "registrado" and ticket.assignee_id is None
