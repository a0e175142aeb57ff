"""Sign-in: each role lands on its page; wrong passwords and lock-out are explained."""

from __future__ import annotations

import pytest

from service_desk.extensions import db
from tests.factories import PASSWORD
from tests.web.conftest import sign_in

HOMES = {
    "agent": "/agente/bandeja", "itinerant": "/agente/bandeja", "integrity": "/agente/bandeja",
    "supervisor": "/supervision/", "national_supervisor": "/supervision/", "admin": "/admin/usuarios",
}


@pytest.mark.parametrize("role", HOMES)
def test_each_role_lands_on_its_own_page_after_signing_in(client, user, role):
    response = sign_in(client, user(role))
    assert response.status_code == 302
    assert response.headers["Location"] == HOMES[role]
    assert client.get("/").headers["Location"] == HOMES[role]


def test_login_page_has_labelled_fields(client):
    body = client.get("/login").get_data(as_text=True)
    assert '<label for="username">Usuario</label>' in body
    assert '<label for="password">Contraseña</label>' in body


def test_wrong_password_says_so_in_spanish_and_keeps_the_username(client, user):
    person = user("agent")
    response = sign_in(client, person, "equivocada")
    body = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Usuario o contraseña incorrectos." in body
    assert f'value="{person.username}"' in body


def test_unknown_user_gets_the_same_message_as_a_wrong_password(client):
    response = client.post("/login", data={"username": "nadie", "password": "x"})
    assert "Usuario o contraseña incorrectos." in response.get_data(as_text=True)


def test_five_failures_lock_the_user_even_with_the_right_password(client, user, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    person = user("agent")
    for _ in range(4):
        assert sign_in(client, person, "equivocada").status_code == 401
    fifth = sign_in(client, person, "equivocada")
    assert fifth.status_code == 429
    assert "bloqueado" in fifth.get_data(as_text=True)
    refused = sign_in(client, person)
    assert refused.status_code == 429
    assert "vuelva a intentar en 15 minutos" in refused.get_data(as_text=True)


def test_a_lock_ends_after_fifteen_minutes(client, user, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    person = user("agent")
    for _ in range(5):
        sign_in(client, person, "equivocada")
    frozen("2024-03-04T10:16:00-05:00")
    assert sign_in(client, person).status_code == 302


def test_five_failures_from_one_address_lock_it_for_every_username(client, user, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    for n in range(5):
        client.post("/login", data={"username": f"intruso{n}", "password": "x"})
    response = sign_in(client, user("agent"))
    assert response.status_code == 429
    assert "bloqueado" in response.get_data(as_text=True)
    other_address = client.post("/login", environ_base={"REMOTE_ADDR": "10.0.0.9"},
                                data={"username": user("agent").username, "password": PASSWORD})
    assert other_address.status_code == 302


def test_a_deactivated_user_cannot_sign_in(client, user):
    person = user("agent", active=False)
    assert sign_in(client, person).status_code == 401


def test_signing_in_follows_a_local_next_page_only(client, user):
    person = user("agent")
    local = client.post("/login?next=/agente/mis-casos",
                        data={"username": person.username, "password": PASSWORD})
    assert local.headers["Location"] == "/agente/mis-casos"
    client.post("/logout")
    foreign = client.post("/login?next=https://evil.example/",
                          data={"username": person.username, "password": PASSWORD})
    assert foreign.headers["Location"] == "/agente/bandeja"


def test_signing_out_is_a_post_and_ends_the_session(client, login):
    login("agent")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/agente/bandeja").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client, user):
    response = sign_in(client, user("agent"))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_password_is_stored_hashed(user):
    person = user("agent")
    db.session.refresh(person)
    assert PASSWORD not in person.password_hash


def test_a_session_cookie_saved_before_signing_out_no_longer_works_after(client, login):
    from flask import g

    login("agent")
    saved = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    g.pop("_login_user", None)  # the test's app context outlives each request
    client.set_cookie("session", saved)
    response = client.get("/agente/bandeja")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_parallel_wrong_passwords_get_exactly_five_tries_and_never_a_500(app, user):
    """Issue 12, finding 6: parallel failures got about fifteen tries, some ended in a 500."""
    import threading

    from service_desk.services import auth as auth_service

    person = user("agent")
    checked, statuses = [], []
    real_check = auth_service.check_password_hash

    def counting_check(hashed, password):
        checked.append(password)
        return real_check(hashed, password)

    username = person.username

    def attempt(n: int) -> None:
        client = app.test_client()
        with app.app_context():
            response = client.post("/login", environ_base={"REMOTE_ADDR": f"10.1.0.{n}"},
                                   data={"username": username, "password": "equivocada"})
            statuses.append(response.status_code)

    auth_service.check_password_hash = counting_check
    try:
        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        auth_service.check_password_hash = real_check
    assert sorted(set(statuses)) == [401, 429], (statuses, checked)
    assert statuses.count(401) == 4
    assert len(checked) == 5


def test_first_attempts_from_a_new_address_at_the_same_moment_never_crash(app, user):
    import threading

    username = user("agent").username
    statuses = []
    barrier = threading.Barrier(6)

    def attempt() -> None:
        client = app.test_client()
        with app.app_context():
            barrier.wait()
            response = client.post("/login", environ_base={"REMOTE_ADDR": "10.2.0.1"},
                                   data={"username": username, "password": "equivocada"})
            statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(statuses) == 6 and set(statuses) <= {401, 429}


def test_a_locked_sign_in_says_when_to_retry(client, user, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    person = user("agent")
    for _ in range(5):
        response = sign_in(client, person, "equivocada")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) == 15 * 60
