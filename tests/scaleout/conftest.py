"""Scale-out tests: a real streaming replica, PgBouncer, two web hosts.

.ci/replica-up starts the services and exports TEST_REPLICA_URL, TEST_PGBOUNCER_URL and
TEST_REPLICA_CLUSTER. Outside CI the PostgreSQL tests skip with the reason when a service
is missing; with CI=true a missing service is a failure, never a skip.
"""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from service_desk import create_app

IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")


def service_missing(reason: str) -> None:
    """Skip outside CI; in CI the scale-out services must be there, so fail."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason} (.ci/replica-up starts it)")
    pytest.skip(f"{reason}: run .ci/replica-up DATABASE and source its env file")


def scaleout_app(primary_url: str, replica_url: str | None, **extra) -> Flask:
    """An app like the suite's, plus a replica; health probed on every use unless told."""
    return create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": primary_url, "DATABASE_REPLICA_URL": replica_url,
        "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False, "SCHEDULER_ENABLED": False,
        "PUBLIC_BASE_URL": "http://127.0.0.1:5000", "REPLICA_HEALTH_CACHE_SECONDS": 0, **extra})


def dispose(app: Flask) -> None:
    """Close the pooled connections of an app made by scaleout_app (primary and replica)."""
    with app.app_context():
        from service_desk.extensions import db

        db.session.remove()
        db.engine.dispose()
    if "replica" in app.extensions:
        app.extensions["replica"].engine.dispose()


@pytest.fixture
def routed_app(app):
    """Make apps with scaleout_app(...); they are disposed after the test."""
    made: list[Flask] = []

    def _make(primary: str, replica: str | None, **extra) -> Flask:
        made.append(scaleout_app(primary, replica, **extra))
        return made[-1]

    yield _make
    for each in made:
        dispose(each)


@pytest.fixture
def primary_url(app) -> str:
    """TEST_DATABASE_URL when the suite runs on PostgreSQL (the replica copies that cluster)."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("runs in the PostgreSQL pass: TEST_DATABASE_URL=postgresql+psycopg://...")
    return url


def _answers(url: str, sql: str) -> object:
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    except Exception:  # unreachable: the caller says which service is missing
        return None
    finally:
        engine.dispose()


STREAMING = ("SELECT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver "
             "WHERE status = 'streaming')")


@pytest.fixture
def replica_url(primary_url) -> str:
    url = os.environ.get("TEST_REPLICA_URL", "")
    if not url:
        service_missing("TEST_REPLICA_URL is not set")
    if _answers(url, STREAMING) is not True:
        service_missing(f"no streaming replica answers at {url}")
    return url


@pytest.fixture
def pgbouncer_url(primary_url) -> str:
    url = os.environ.get("TEST_PGBOUNCER_URL", "")
    if not url:
        service_missing("TEST_PGBOUNCER_URL is not set")
    if _answers(url, "SELECT 1") != 1:
        service_missing(f"no PgBouncer answers at {url}")
    return url


def wait_for_replay(primary_url: str, replica_url: str, timeout: float = 20) -> None:
    """Block until the replica has replayed everything the primary wrote so far."""
    lsn = _answers(primary_url, "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _answers(replica_url, f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn") is True:
            return
        time.sleep(0.1)
    raise AssertionError(f"the replica did not replay {lsn} in {timeout} s")


def replica_cluster(action: str) -> None:
    """pg_ctlcluster VERSION NAME start|stop for the replica (as root, like .ci/run)."""
    version, name = os.environ.get("TEST_REPLICA_CLUSTER", "15 replica").split()
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action]
    if action == "stop":
        command += ["-m", "fast"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)}: {result.stdout}{result.stderr}")


@pytest.fixture
def replica_control(replica_url):
    """Stop/start the replica cluster; always leaves it streaming again."""
    if os.geteuid() != 0:
        service_missing("stopping the replica needs root (pg_ctlcluster)")
    yield replica_cluster
    if _answers(replica_url, "SELECT 1") != 1:
        replica_cluster("start")
    deadline = time.monotonic() + 30
    while _answers(replica_url, STREAMING) is not True and time.monotonic() < deadline:
        time.sleep(0.5)
