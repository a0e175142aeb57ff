"""The production web tier: gunicorn with deploy/gunicorn.conf.py, two workers, PostgreSQL."""

from __future__ import annotations

import json

import pytest
import requests

from bench.serve import start_gunicorn, stop, worker_pids
from service_desk.extensions import db
from tests.factories import make_user, ticket_body

pytestmark = pytest.mark.postgres


def test_two_gunicorn_workers_answer_the_health_check_and_the_api_and_log_json(app, postgres_url):
    _user, token = make_user("agent", "LIM")
    db.session.commit()
    server = start_gunicorn("wsgi:app", {"DATABASE_URL": postgres_url, "SECRET_KEY": "deploy-test",
                                         "LOG_FORMAT": "json", "GUNICORN_ACCESSLOG": "-"})
    try:
        workers = worker_pids(server.process.pid)
        health = requests.get(server.url + "/healthz", timeout=10)
        headers = {"Authorization": f"Bearer {token}"}
        offices = requests.get(server.url + "/api/v1/offices", headers=headers, timeout=10)
        created = requests.post(server.url + "/api/v1/tickets", headers=headers,
                                json=ticket_body(), timeout=10)
        anonymous = requests.get(server.url + "/api/v1/offices", timeout=10)
    finally:
        stop(server)
    assert len(workers) == 2
    assert health.status_code == 200 and health.json()["database"] == "ok"
    assert offices.status_code == 200 and len(offices.json()) == 22
    assert created.status_code == 201 and created.json()["code"].startswith("LIM-")
    assert anonymous.status_code == 401
    lines = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    assert any(entry.get("logger") == "gunicorn.error" for entry in lines)
    assert any(entry.get("path") == "/healthz" and entry.get("status") == 200 for entry in lines)
    assert not any("jt_" in json.dumps(entry) for entry in lines)  # tokens never reach the logs
