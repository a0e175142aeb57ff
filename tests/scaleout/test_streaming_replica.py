"""Read routing against a real hot-standby replica (cluster 15/replica, .ci/replica-up)."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, select, text, update
from sqlalchemy.exc import DBAPIError

from service_desk import clock
from service_desk.domain.indicators import quarter_of
from service_desk.extensions import db
from service_desk.models import Office
from service_desk.replica import replica_reads
from tests.factories import PASSWORD, ApiClient, make_user, ticket_body
from tests.scaleout.conftest import wait_for_replay

pytestmark = pytest.mark.postgres


@pytest.fixture
def desk(app, routed_app, primary_url, replica_url):
    """A supervisor's API client and browser on an app whose reads go to the replica."""
    user, token = make_user("national_supervisor", "SEDE")
    username = user.username
    db.session.commit()
    routed = routed_app(primary_url, replica_url)
    wait_for_replay(primary_url, replica_url)
    client = routed.test_client()
    return routed, ApiClient(client, token, user), client, username


@contextmanager
def served_by_replica(routed):
    """Statements run by the app's replica engine, each with what its own session says:
    (statement, pg_is_in_recovery(), inet_server_port())."""
    seen: list[tuple[str, bool, int]] = []

    def _record(_conn, cursor, statement, *_):
        server = cursor.connection.execute("SELECT pg_is_in_recovery(), inet_server_port()").fetchone()
        seen.append((statement, *server))

    engine = routed.extensions["replica"].engine
    event.listen(engine, "after_cursor_execute", _record)
    try:
        yield seen
    finally:
        event.remove(engine, "after_cursor_execute", _record)


def _period() -> str:
    return quarter_of(clock.today_in_lima()).code


def _denominator(api) -> int:
    response = api.get(f"/api/v1/indicators/3?period={_period()}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["total"]["denominator"]


def test_a_case_registered_on_the_primary_reaches_the_indicator_served_by_the_replica(
        desk, primary_url, replica_url):
    routed, api, _client, _ = desk
    created = api.post("/api/v1/tickets", json=ticket_body())
    assert created.status_code == 201
    code = created.get_json()["code"]
    wait_for_replay(primary_url, replica_url)
    with served_by_replica(routed) as seen:
        assert _denominator(api) == 1
        listed = api.get("/api/v1/tickets").get_json()
    assert [item["code"] for item in listed["items"]] == [code]
    replica_port = int(replica_url.rsplit(":", 1)[1].split("/")[0])
    assert any("count(tickets.id)" in sql for sql, _, _ in seen)  # the indicator's aggregation
    assert any("FROM tickets" in sql for sql, _, _ in seen)       # the list
    assert {(standby, port) for _, standby, port in seen} == {(True, replica_port)}


def test_report_pages_are_served_by_the_standby_and_the_case_page_by_the_primary(desk):
    routed, api, client, username = desk
    code = api.post("/api/v1/tickets", json=ticket_body()).get_json()["code"]
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    with served_by_replica(routed) as report_reads:
        assert client.get(f"/reportes/indicador-3?period={_period()}").status_code == 200
    with served_by_replica(routed) as case_reads:
        case = client.get(f"/agente/casos/{code}")  # right after registering: the primary
    assert any("indicator_snapshots" in sql for sql, _, _ in report_reads)
    assert all(standby for _, standby, _ in report_reads)
    assert case.status_code == 200 and code in case.get_data(as_text=True)
    assert case_reads == []


def test_a_write_through_the_replica_path_fails_loudly(desk, routed_app, primary_url):
    routed = desk[0]
    with routed.app_context():
        with replica_reads() as used, pytest.raises(DBAPIError, match="read-only transaction"):
            assert used
            db.session.execute(update(Office).values(name="Cambiada"))
        db.session.rollback()
        assert "Cambiada" not in db.session.scalars(select(Office.name)).all()
    # Even a replica setting that names the primary itself cannot write: the connections
    # are opened with default_transaction_read_only.
    misnamed = routed_app(primary_url, primary_url)
    with misnamed.app_context():
        with replica_reads(), pytest.raises(DBAPIError, match="read-only transaction"):
            db.session.execute(update(Office).values(name="Cambiada"))
        db.session.rollback()


def test_a_replica_lagging_behind_sends_reads_to_the_primary(app, routed_app, primary_url, replica_url):
    user, token = make_user("national_supervisor", "SEDE")
    db.session.commit()
    routed = routed_app(primary_url, replica_url, REPLICA_MAX_LAG_SECONDS=0.5)
    api = ApiClient(routed.test_client(), token, user)
    wait_for_replay(primary_url, replica_url)
    control = create_engine(replica_url, isolation_level="AUTOCOMMIT")
    try:
        with control.connect() as replica:
            replica.execute(text("SELECT pg_wal_replay_pause()"))
            try:
                assert api.post("/api/v1/tickets", json=ticket_body()).status_code == 201
                time.sleep(1.2)  # older than REPLICA_MAX_LAG_SECONDS, and the WAL is pending
                assert _denominator(api) == 1  # from the primary: the replica has not replayed it
                health = api.client.get("/healthz").get_json()["replica"]
            finally:
                replica.execute(text("SELECT pg_wal_replay_resume()"))
    finally:
        control.dispose()
    assert health["status"] == "lagging"
