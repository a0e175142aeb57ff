"""Administration pages: users, non-working days that re-date open cases, deadline policies."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash

from service_desk import clock
from service_desk.extensions import db
from service_desk.models import DeadlinePolicy, NonWorkingDay
from tests.web.conftest import sign_in


def test_admin_creates_a_user_who_can_then_sign_in(client, login):
    login("admin")
    response = client.post("/admin/usuarios", data={
        "username": "toau.puno", "full_name": "Nilda Apaza", "role": "agent", "office": "PUN",
        "password": "una-clave-larga"}, follow_redirects=True)
    assert "Usuario toau.puno creado." in response.get_data(as_text=True)
    client.post("/logout")
    assert client.post("/login", data={"username": "toau.puno",
                                       "password": "una-clave-larga"}).status_code == 302


def test_creating_a_user_with_bad_data_explains_and_keeps_the_input(client, login, user):
    user("agent", username="repetido")
    login("admin")
    response = client.post("/admin/usuarios", data={
        "username": "repetido", "full_name": "Ana", "role": "agent", "office": "LIM",
        "password": "corta"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ese usuario ya existe." in body and "al menos 10 caracteres" in body
    assert 'value="Ana"' in body


def test_admin_changes_role_and_office_and_deactivates_a_user(client, login, user):
    person = user("agent", "LIM")
    login("admin")
    client.post(f"/admin/usuarios/{person.id}", data={
        "full_name": "Ana Flores", "role": "supervisor", "office": "CUS"})
    db.session.refresh(person)
    assert (person.role, person.office_code, person.active) == ("supervisor", "CUS", False)
    client.post("/logout")
    assert sign_in(client, person).status_code == 401


def test_admin_cannot_remove_its_own_access(client, login):
    me = login("admin")
    response = client.post(f"/admin/usuarios/{me.id}", data={
        "full_name": "Yo", "role": "agent", "office": "SEDE", "active": "y"})
    assert response.status_code == 422
    assert "No puede quitarse a sí mismo" in response.get_data(as_text=True)


def test_resetting_a_password_also_lifts_a_lock(client, login, user, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    person = user("agent", "LIM")
    person.locked_until = clock.now() + timedelta(minutes=10)
    db.session.commit()
    login("admin")
    response = client.post(f"/admin/usuarios/{person.id}/clave",
                           data={"password": "nueva-clave-segura"}, follow_redirects=True)
    assert f"Contraseña de {person.username} cambiada." in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.locked_until is None
    assert check_password_hash(person.password_hash, "nueva-clave-segura")


def test_a_short_new_password_is_refused_beside_the_field(client, login, user):
    person = user("agent", "LIM")
    login("admin")
    response = client.post(f"/admin/usuarios/{person.id}/clave", data={"password": "corta"})
    assert response.status_code == 422
    assert "al menos 10 caracteres" in response.get_data(as_text=True)


def test_a_regional_non_working_day_re_dates_open_cases_and_says_how_many(client, login, case,
                                                                         frozen):
    frozen("2024-03-04T10:00:00-05:00")
    lima = case(office="LIM", citizen={"document_number": "10000001"})
    case(office="CUS", citizen={"document_number": "10000002"})
    login("admin")
    response = client.post("/admin/dias-no-laborables", data={
        "day": "2024-03-15", "scope": "offices", "offices": ["LIM"],
        "reason": "DS 999-2024-PCM"}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Casos abiertos con plazo recalculado: 1." in body
    assert "viernes 15/03/2024" in body and "DS 999-2024-PCM" in body
    db.session.refresh(lima)
    assert lima.due_on == date(2024, 4, 18)


def test_a_non_working_day_without_decree_is_refused_and_nothing_is_saved(client, login):
    login("admin")
    before = len(db.session.scalars(select(NonWorkingDay)).all())
    response = client.post("/admin/dias-no-laborables", data={
        "day": "2024-03-15", "scope": "national", "reason": ""})
    assert response.status_code == 422
    assert "Indique la norma que lo declara" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(NonWorkingDay)).all()) == before


def test_a_malformed_date_gets_a_spanish_message(client, login):
    login("admin")
    response = client.post("/admin/dias-no-laborables", data={
        "day": "15/03", "scope": "national", "reason": "DS 1"})
    assert response.status_code == 422
    assert "No es una fecha válida." in response.get_data(as_text=True)


def test_changing_a_deadline_re_dates_open_cases_of_that_type(client, login, case, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    pedido = case(type="pedido")
    login("admin")
    response = client.post("/admin/plazos", data={"ticket_type": "pedido", "business_days": "10"},
                           follow_redirects=True)
    assert "Casos abiertos con plazo recalculado: 1." in response.get_data(as_text=True)
    assert db.session.get(DeadlinePolicy, "pedido").business_days == 10
    db.session.refresh(pedido)
    assert pedido.due_on == date(2024, 3, 18)


def test_a_deadline_must_be_a_whole_number_of_business_days(client, login):
    login("admin")
    response = client.post("/admin/plazos", data={"ticket_type": "pedido", "business_days": "diez"})
    assert response.status_code == 422
    assert "Escriba un número entero de días hábiles." in response.get_data(as_text=True)
    assert 'value="diez"' in response.get_data(as_text=True)


def test_users_page_lists_every_user_with_role_and_office(client, login, user):
    user("agent", "CUS", username="toau.cusco")
    login("admin")
    body = client.get("/admin/usuarios").get_data(as_text=True)
    assert "toau.cusco" in body and "TOAU (agente)" in body and "Cusco" in body
