"""Read routing on SQLite: the "replica" is a copy of the primary's file taken at a moment,
so a read served by it visibly misses what the primary wrote afterwards.

These run in every pass (their databases are their own SQLite files); the same rules
against a real streaming replica are in test_streaming_replica.py.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from service_desk import clock
from service_desk.domain.indicators import quarter_of
from service_desk.extensions import db
from service_desk.models import Office
from service_desk.replica import replica_reads
from service_desk.services.reference import seed_reference_data
from tests.factories import PASSWORD, ApiClient, make_user, ticket_body
from tests.scaleout.conftest import scaleout_app


class Desk:
    """A primary SQLite file, a replica file copied from it on demand, and the app over both."""

    def __init__(self, tmp_path, replica_url: str | None = "copy", **config):
        self.primary = tmp_path / "primary.sqlite3"
        self.replica = tmp_path / "replica.sqlite3"
        self.app = scaleout_app(f"sqlite:///{self.primary}",
                                f"sqlite:///{self.replica}" if replica_url == "copy" else replica_url,
                                **config)
        with self.app.app_context():
            db.create_all()
            seed_reference_data()
            self.user, token = make_user("national_supervisor", "SEDE")
            self.username = self.user.username
            db.session.commit()
        self.client = self.app.test_client()
        self.api = ApiClient(self.client, token, self.user)

    def sign_in(self) -> None:
        response = self.client.post("/login", data={"username": self.username, "password": PASSWORD})
        assert response.status_code == 302

    def replicate(self) -> None:
        """What streaming replication does, at once: the replica becomes the primary's copy."""
        with sqlite3.connect(self.primary) as source, sqlite3.connect(self.replica) as target:
            source.backup(target)

    def register(self) -> str:
        response = self.api.post("/api/v1/tickets", json=ticket_body())
        assert response.status_code == 201, response.get_json()
        return response.get_json()["code"]

    def listed(self) -> int:
        response = self.api.get("/api/v1/tickets")
        assert response.status_code == 200, response.get_json()
        return response.get_json()["total"]

    def indicator_denominator(self) -> int:
        period = quarter_of(clock.today_in_lima()).code
        response = self.api.get(f"/api/v1/indicators/3?period={period}")
        assert response.status_code == 200, response.get_json()
        return response.get_json()["total"]["denominator"]


@pytest.fixture
def desk(tmp_path):
    made = Desk(tmp_path)
    made.replicate()
    return made


def test_without_a_replica_setting_everything_reads_the_one_database(tmp_path):
    single = Desk(tmp_path, replica_url=None)
    code = single.register()
    assert single.listed() == 1 and single.indicator_denominator() == 1
    assert single.api.get(f"/api/v1/tickets/{code}").status_code == 200
    assert single.client.get("/healthz").get_json()["replica"]["status"] == "off"


def test_lists_and_indicator_read_the_replica_and_the_case_page_reads_the_primary(desk):
    code = desk.register()  # written on the primary after the last copy
    assert desk.listed() == 0 and desk.indicator_denominator() == 0  # replica: not there yet
    case = desk.api.get(f"/api/v1/tickets/{code}")
    assert case.status_code == 200 and case.get_json()["code"] == code  # the caller's own write
    desk.replicate()
    assert desk.listed() == 1 and desk.indicator_denominator() == 1
    assert desk.client.get("/healthz").get_json()["replica"]["status"] == "ok"


def test_a_write_through_the_replica_path_fails_loudly_and_changes_nothing(desk):
    with desk.app.app_context():
        with replica_reads() as used, pytest.raises(DBAPIError, match="readonly"):
            assert used
            db.session.execute(update(Office).values(name="Cambiada"))
        db.session.rollback()
        assert "Cambiada" not in db.session.scalars(select(Office.name)).all()


def test_with_the_replica_unreachable_pages_read_the_primary_and_healthz_says_down(tmp_path):
    down = Desk(tmp_path, replica_url=f"sqlite:///{tmp_path}/no-such-dir/replica.sqlite3")
    code = down.register()
    assert down.listed() == 1 and down.indicator_denominator() == 1
    health = down.client.get("/healthz")
    assert health.status_code == 200  # the host still serves: the primary answers
    assert health.get_json()["database"] == "ok" and health.get_json()["replica"]["status"] == "down"
    down.sign_in()
    for page in ("/supervision/", "/supervision/cola", "/reportes/indicador-3", "/reportes/metas",
                 "/reportes/indicador-3.xlsx", "/agente/bandeja", "/reportes/encuestas",
                 "/supervision/carga", "/supervision/tablero", "/supervision/cola/exportar",
                 "/reportes/semestral", "/reportes/preguntas", "/reportes/lenguas",
                 "/reportes/itinerante"):
        response = down.client.get(page)
        assert response.status_code == 200, page
    assert code in down.client.get("/supervision/cola").get_data(as_text=True)


def test_a_replica_failing_under_a_request_is_marked_down_and_the_view_reads_the_primary(tmp_path):
    broken = Desk(tmp_path, REPLICA_HEALTH_CACHE_SECONDS=60)
    broken.replica.write_bytes(b"")  # answers SELECT 1, but has no tables: every read fails
    broken.register()
    assert broken.listed() == 1
    replica = broken.client.get("/healthz").get_json()["replica"]
    assert replica["status"] == "down" and "no such table" in replica["detail"]


def test_after_a_page_form_writes_that_browser_reads_the_primary_for_a_while(desk):
    code = desk.register()
    desk.sign_in()
    assert code not in desk.client.get("/supervision/cola").get_data(as_text=True)  # replica
    assert desk.client.post("/reportes/alertas/leidas").status_code == 302  # a form that writes
    assert code in desk.client.get("/supervision/cola").get_data(as_text=True)  # primary


def test_the_streamed_queue_export_is_read_from_the_replica(desk):
    code = desk.register()
    desk.sign_in()
    stale = desk.client.get("/supervision/cola/exportar?formato=csv&status=")
    assert stale.status_code == 200 and code not in stale.get_data(as_text=True)
    desk.replicate()
    fresh = desk.client.get("/supervision/cola/exportar?formato=csv&status=")
    assert fresh.status_code == 200 and code in fresh.get_data(as_text=True)
