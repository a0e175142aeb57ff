"""Role, office and access changes are audited; nobody outside integrity reads a denuncia."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import UserChange
from tests.factories import make_user, ticket_body


def changes_of(person) -> list[tuple]:
    return [(c.field, c.old_value, c.new_value, c.changed_by.username) for c in db.session.scalars(
        select(UserChange).where(UserChange.user_id == person.id).order_by(UserChange.id))]


def edit(client, person, **data):
    form = {"full_name": person.full_name, "role": person.role, "office": person.office_code,
            "active": "y"} | data
    return client.post(f"/admin/usuarios/{person.id}", data={k: v for k, v in form.items() if v})


def test_changing_role_office_and_access_keeps_who_when_old_and_new(client, login, user):
    person = user("agent", "LIM")
    admin = login("admin")
    assert edit(client, person, role="supervisor", office="CUS", active=None).status_code == 302
    assert changes_of(person) == [("role", "agent", "supervisor", admin.username),
                                  ("office", "LIM", "CUS", admin.username),
                                  ("active", "sí", "no", admin.username)]


def test_saving_without_changes_records_nothing(client, login, user):
    person = user("agent", "LIM")
    login("admin")
    edit(client, person, full_name="Otro Nombre")
    assert changes_of(person) == []


def test_the_user_page_shows_its_change_history(client, login, user):
    person = user("agent", "LIM")
    admin = login("admin")
    edit(client, person, role="integrity", office="SEDE")
    page = client.get(f"/admin/usuarios/{person.id}").get_data(as_text=True)
    history = page[page.index('id="historial-usuario"'):]
    assert admin.username in history
    assert "<td>TOAU (agente)</td>" in history and "<td>Integridad (denuncias)</td>" in history
    assert "<td>Lima</td>" in history and "<td>Sede Central</td>" in history


def test_creating_a_user_records_its_first_role_and_office(client, login):
    admin = login("admin")
    client.post("/admin/usuarios", data={"username": "oficial.integridad", "full_name": "Oficial",
                                         "role": "integrity", "office": "SEDE",
                                         "password": "una-clave-larga"})
    person = db.session.scalar(select(UserChange.user_id))
    assert [(c.field, c.old_value, c.new_value) for c in db.session.scalars(
        select(UserChange).where(UserChange.user_id == person))] == [
        ("role", None, "integrity"), ("office", None, "SEDE")]
    assert db.session.scalar(select(UserChange.changed_by_id)) == admin.id


def test_granting_and_revoking_integrity_opens_and_closes_denuncias_and_is_audited(client, login,
                                                                                  user, api):
    denuncia = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body(type="denuncia")).json["code"]
    officer, token = make_user("agent", "SEDE", username="futuro.oficial")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/tickets/{denuncia}", headers=headers).status_code == 404
    admin = login("admin")
    edit(client, officer, role="integrity")
    assert client.get(f"/api/v1/tickets/{denuncia}", headers=headers).status_code == 200
    edit(client, officer, role="agent")
    assert client.get(f"/api/v1/tickets/{denuncia}", headers=headers).status_code == 404
    assert changes_of(officer) == [("role", "agent", "integrity", admin.username),
                                   ("role", "integrity", "agent", admin.username)]


def test_an_admin_cannot_grant_itself_integrity_nor_any_other_role(client, login):
    me = login("admin")
    for role in ("integrity", "national_supervisor", "agent"):
        response = edit(client, me, role=role)
        assert response.status_code == 422
        assert "No puede quitarse a sí mismo" in response.get_data(as_text=True)
    db.session.refresh(me)
    assert me.role == "admin" and changes_of(me) == []


def test_the_change_log_refuses_edits_and_deletions(client, login, user):
    person = user("agent", "LIM")
    login("admin")
    edit(client, person, role="supervisor")
    change = db.session.scalar(select(UserChange))
    change.new_value = "admin"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(PermissionError):
        db.session.delete(db.session.scalar(select(UserChange)))
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("role", ["admin", "national_supervisor"])
def test_neither_an_admin_nor_the_national_supervisor_reads_a_denuncia(client, login, api, role):
    facts = "El gestor cobra por inscribir hogares."
    code = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body(
        type="denuncia", description=facts, citizen={"document_number": "44556677"})).json["code"]
    login(role)
    page = client.get(f"/agente/casos/{code}")
    # The case page: the admin is kept out of the whole workspace, the supervisor finds nothing.
    assert page.status_code == (403 if role == "admin" else 404)
    assert facts not in page.get_data(as_text=True)
    response = api(role).get(f"/api/v1/tickets/{code}")
    assert response.status_code == 404 and "44556677" not in response.get_data(as_text=True)
