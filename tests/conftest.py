"""Fixture chain app -> client -> runner, a clean database per test, and login helpers.

The database is SQLite in a temporary file unless TEST_DATABASE_URL names another
(CI runs the suite a second time with PostgreSQL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text

from service_desk import clock, create_app
from service_desk.extensions import db
from service_desk.services.reference import seed_reference_data
from tests.factories import ApiClient, make_user

# Property tests judge behaviour, not speed: on a loaded 2-core machine example generation and
# single examples can be slow, which is no defect of the desk (speed lives in bench/).
settings.register_profile("desk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("desk")

for _name in ("TWILIO_REGION", "TWILIO_EDGE"):  # they rewrite Twilio hostnames
    os.environ.pop(_name, None)


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "SCHEDULER_ENABLED": False,
        "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(_app) -> Iterator:
    """The app with an empty database holding only reference data, inside an app context."""
    with _app.app_context():
        _empty_all_tables()
        seed_reference_data()
        yield _app
        db.session.rollback()
        db.session.remove()
    clock.freeze(None)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def api(client):
    """Make an API client acting as a new user: api("agent", "LIM")."""

    def _make(role: str, office: str | None = None, username: str | None = None) -> ApiClient:
        user, token = make_user(role, office, username)
        return ApiClient(client, token, user)

    return _make


@pytest.fixture
def frozen():
    """Freeze the app clock: frozen("2024-03-04T10:00:00-05:00")."""
    from datetime import datetime

    def _freeze(iso: str) -> None:
        clock.freeze(datetime.fromisoformat(iso))

    yield _freeze
    clock.freeze(None)


@pytest.fixture
def live_server(app):
    """The app served on 127.0.0.1 (same database as the test); yields its base URL."""
    from tests.browser import LiveServer

    server = LiveServer(app).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def _browser():
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, chromium_missing_reason

    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(_browser):
    context = _browser.new_context(viewport={"width": 1366, "height": 768}, locale="es-PE")
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A fresh Playwright page in a 1366×768 Chromium window."""
    return browser_context.new_page()
