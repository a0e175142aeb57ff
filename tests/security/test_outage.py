"""A database outage answers 503 with Retry-After on pages and the API, never a 500.

The app is pointed at a database nobody serves (a closed port on 127.0.0.1, or a SQLite
file in a folder that does not exist): the shared PostgreSQL is never stopped.
"""

from __future__ import annotations

import pytest

from service_desk import create_app

DEAD_DATABASES = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/nadie?connect_timeout=2",
    "sqlite": "sqlite:////nonexistent-folder-of-the-outage-test/desk.sqlite3",
}


@pytest.fixture(params=sorted(DEAD_DATABASES))
def dead_app(request, tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": DEAD_DATABASES[request.param],
                      "SECRET_KEY": "outage-test", "WTF_CSRF_ENABLED": False,
                      "SCHEDULER_ENABLED": False})
    yield app
    with app.app_context():
        from service_desk.extensions import db

        db.engine.dispose()


def test_the_api_answers_503_with_retry_after_when_the_database_is_unreachable(dead_app):
    response = dead_app.test_client().get("/api/v1/offices",
                                          headers={"Authorization": "Bearer jt_cualquiera"})
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert response.get_json()["error"]["code"] == "service_unavailable"


def test_a_page_answers_503_in_spanish_when_the_database_is_unreachable(dead_app):
    client = dead_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1.0"  # a signed-in user: loading them needs the database
    response = client.get("/agente/mis-casos")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "no está disponible" in response.get_data(as_text=True)


def test_sign_in_answers_503_when_the_database_is_unreachable(dead_app):
    response = dead_app.test_client().post("/login", data={"username": "ana", "password": "x" * 12})
    assert response.status_code == 503
    assert "Retry-After" in response.headers
