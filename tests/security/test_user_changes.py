"""Role, office and access changes are audited; nobody outside integrity reads a denuncia."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import UserChange
from tests.factories import make_user, ticket_body


def changes_of(person) -> list[tuple]:
    return [(c.field, c.old_value, c.new_value, c.changed_by.username if c.changed_by else "consola")
            for c in db.session.scalars(
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
    edit(client, person, role="national_supervisor", office="SEDE")
    page = client.get(f"/admin/usuarios/{person.id}").get_data(as_text=True)
    history = page[page.index('id="historial-usuario"'):]
    assert admin.username in history
    assert "<td>TOAU (agente)</td>" in history and "<td>Supervisor nacional</td>" in history
    assert "<td>Lima</td>" in history and "<td>Sede Central</td>" in history


def test_creating_a_user_records_its_first_role_and_office(client, login):
    admin = login("admin")
    client.post("/admin/usuarios", data={"username": "supervisora.nacional", "full_name": "Ana",
                                         "role": "national_supervisor", "office": "SEDE",
                                         "password": "una-clave-larga"})
    person = db.session.scalar(select(UserChange.user_id))
    assert [(c.field, c.old_value, c.new_value) for c in db.session.scalars(
        select(UserChange).where(UserChange.user_id == person))] == [
        ("role", None, "national_supervisor"), ("office", None, "SEDE")]
    assert db.session.scalar(select(UserChange.changed_by_id)) == admin.id


def test_granting_and_revoking_integrity_at_the_command_line_opens_and_closes_denuncias(
        client, runner, api):
    denuncia = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body(type="denuncia")).json["code"]
    officer, token = make_user("agent", "SEDE", username="futuro.oficial")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/tickets/{denuncia}", headers=headers).status_code == 404
    assert runner.invoke(args=["users", "set-role", "futuro.oficial", "integrity"]).exit_code == 0
    assert client.get(f"/api/v1/tickets/{denuncia}", headers=headers).status_code == 200
    assert runner.invoke(args=["users", "set-role", "futuro.oficial", "agent"]).exit_code == 0
    assert client.get(f"/api/v1/tickets/{denuncia}", headers=headers).status_code == 404
    assert changes_of(officer) == [("role", "agent", "integrity", "consola"),
                                   ("role", "integrity", "agent", "consola")]


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


# Issue 12, finding 1: an administrator could take over an integrity account.

def test_an_admin_cannot_reset_the_password_of_an_integrity_account(client, login, user):
    officer = user("integrity", "SEDE")
    old_hash = officer.password_hash
    login("admin")
    page = client.get(f"/admin/usuarios/{officer.id}").get_data(as_text=True)
    assert "solo desde la línea de comandos" in page
    response = client.post(f"/admin/usuarios/{officer.id}/clave",
                           data={"password": "clave-del-administrador"})
    assert response.status_code == 422
    db.session.refresh(officer)
    assert officer.password_hash == old_hash
    client.post("/logout")
    signed = client.post("/login", data={"username": officer.username,
                                         "password": "clave-del-administrador"})
    assert signed.status_code == 401


def test_an_admin_can_neither_create_an_integrity_account_nor_grant_or_remove_the_role(
        client, login, user):
    login("admin")
    created = client.post("/admin/usuarios", data={"username": "infiltrado", "role": "integrity",
                                                   "office": "SEDE", "password": "una-clave-larga"})
    assert created.status_code == 422
    assert "línea de comandos" in created.get_data(as_text=True)
    agent, officer = user("agent", "SEDE"), user("integrity", "SEDE")
    assert edit(client, agent, role="integrity").status_code == 422
    assert edit(client, officer, role="agent").status_code == 422
    db.session.refresh(agent)
    db.session.refresh(officer)
    assert (agent.role, officer.role) == ("agent", "integrity")
    assert db.session.scalar(select(UserChange.id)) is None


def test_every_password_reset_is_recorded_in_the_user_history(client, login, user, runner):
    agent, officer = user("agent", "LIM"), user("integrity", "SEDE")
    admin = login("admin")
    assert client.post(f"/admin/usuarios/{agent.id}/clave",
                       data={"password": "otra-clave-larga"}).status_code == 302
    assert changes_of(agent) == [("password", None, "restablecida", admin.username)]
    result = runner.invoke(args=["users", "set-password", officer.username, "--password",
                                 "clave-de-la-consola"])
    assert result.exit_code == 0, result.output
    assert changes_of(officer) == [("password", None, "restablecida", "consola")]
    page = client.get(f"/admin/usuarios/{officer.id}").get_data(as_text=True)
    assert "Línea de comandos del servidor" in page and "<td>Contraseña</td>" in page


def test_a_password_reset_ends_the_sessions_of_that_user(app, client, login, user):
    from flask import g

    from tests.web.conftest import sign_in

    agent = user("agent", "LIM")
    other = app.test_client()
    assert sign_in(other, agent).status_code == 302
    assert other.get("/agente/mis-casos").status_code == 200
    g.pop("_login_user", None)  # both clients share the test's app context (and its `g`)
    login("admin")
    reset = client.post(f"/admin/usuarios/{agent.id}/clave", data={"password": "otra-clave-larga"})
    assert reset.status_code == 302, reset.get_data(as_text=True)
    db.session.refresh(agent)
    assert agent.session_epoch == 1
    g.pop("_login_user", None)
    assert other.get("/agente/mis-casos").status_code == 302
