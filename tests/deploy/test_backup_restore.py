"""deploy/backup.sh and deploy/restore.sh: a nightly dump can be restored into a scratch database."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.serve import ROOT
from service_desk.extensions import db
from tests.factories import make_user, ticket_body

pytestmark = pytest.mark.postgres
DEPLOY = ROOT / "deploy"


def _run(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def scratch_url(postgres_url, pg_tools):
    """An empty database beside the test one, dropped afterwards."""
    name = f"restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _codes(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT code FROM tickets ORDER BY code")).scalars())
    finally:
        engine.dispose()


def test_a_backup_restores_into_a_scratch_database_with_every_ticket(api, postgres_url, scratch_url,
                                                                     tmp_path):
    agent = api("agent", "LIM")
    codes = sorted(agent.post("/api/v1/tickets", json=ticket_body()).get_json()["code"]
                   for _ in range(3))
    db.session.commit()
    backup = _run(DEPLOY / "backup.sh", DATABASE_URL=postgres_url, BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.exists() and dump.suffix == ".dump"
    assert not list(tmp_path.glob("*.partial"))

    restored = _run(DEPLOY / "restore.sh", dump, scratch_url)
    assert restored.returncode == 0, restored.stderr
    assert _codes(scratch_url) == codes


def test_restore_refuses_to_overwrite_a_database_unless_asked_to_replace_it(
        app, postgres_url, scratch_url, tmp_path):
    make_user("agent", "LIM")
    db.session.commit()
    dump = Path(_run(DEPLOY / "backup.sh", DATABASE_URL=postgres_url,
                     BACKUP_DIR=str(tmp_path)).stdout.strip().splitlines()[-1])
    assert _run(DEPLOY / "restore.sh", dump, scratch_url).returncode == 0

    refused = _run(DEPLOY / "restore.sh", dump, scratch_url)
    assert refused.returncode == 3
    assert "--replace" in refused.stderr
    replaced = _run(DEPLOY / "restore.sh", dump, scratch_url, "--replace")
    assert replaced.returncode == 0, replaced.stderr


def test_a_failed_backup_leaves_no_partial_file_and_fails_loudly(pg_tools, tmp_path):
    failed = _run(DEPLOY / "backup.sh", DATABASE_URL="postgresql://postgres@127.0.0.1:1/none",
                  BACKUP_DIR=str(tmp_path))
    assert failed.returncode != 0
    assert list(tmp_path.iterdir()) == []
