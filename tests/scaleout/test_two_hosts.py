"""Two web hosts (gunicorn) and two schedulers on one primary, through PgBouncer.

Each "host" is what the systemd units start on a server: `gunicorn wsgi:app` and
`flask --app wsgi scheduler`. Both register and close cases at the same time.
"""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from bench.serve import ROOT, child_env, start_gunicorn, stop
from service_desk.extensions import db
from service_desk.jobs import job_list
from service_desk.models import JobLease, Ticket
from tests.factories import make_user, ticket_body

pytestmark = pytest.mark.postgres

PER_HOST = 12


def _start_scheduler(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"], cwd=ROOT,
                            env=child_env(**env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _every_job_ran(timeout: float) -> list[JobLease]:
    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()
        leases = db.session.scalars(select(JobLease)).all()
        if len(leases) == len(job_list()) and all(lease.runs >= 1 for lease in leases):
            return leases
        if time.monotonic() > deadline:
            return leases
        time.sleep(0.5)


def test_two_hosts_through_pgbouncer_keep_codes_unique_and_the_scheduler_single(app, pgbouncer_url):
    _user, token = make_user("agent", "LIM")
    db.session.commit()
    env = {"DATABASE_URL": pgbouncer_url, "DATABASE_POOLER": "pgbouncer", "SECRET_KEY": "two-hosts",
           "SCHEDULER_TICK_SECONDS": "1"}
    hosts, schedulers = [], []
    try:
        hosts = [start_gunicorn("wsgi:app", env) for _ in range(2)]
        schedulers = [_start_scheduler(env) for _ in range(2)]
        headers = {"Authorization": f"Bearer {token}"}

        def register(n: int) -> requests.Response:
            return requests.post(hosts[n % 2].url + "/api/v1/tickets", headers=headers, timeout=30,
                                 json=ticket_body(citizen={"document_number": f"{71000000 + n}"}))

        def close(pair: tuple[int, str]) -> requests.Response:
            n, code = pair  # closed through the other host than the one that registered it
            return requests.post(hosts[(n + 1) % 2].url + f"/api/v1/tickets/{code}/close",
                                 headers=headers, json={"response": "Atendido conforme."}, timeout=30)

        with ThreadPoolExecutor(max_workers=8) as pool:
            created = list(pool.map(register, range(2 * PER_HOST)))
            codes = [r.json().get("code") for r in created]
            closed = list(pool.map(close, enumerate(codes)))
        leases = _every_job_ran(timeout=30)
        time.sleep(3)  # three more ticks of both schedulers: a second run would show now
        db.session.expire_all()
        leases = db.session.scalars(select(JobLease)).all()
    finally:
        for process in schedulers:
            stop(process)
        for host in hosts:
            stop(host)
    assert [r.status_code for r in created] == [201] * 2 * PER_HOST, [r.text for r in created][:3]
    assert len(set(codes)) == 2 * PER_HOST
    assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, 2 * PER_HOST + 1))
    assert [r.status_code for r in closed] == [200] * 2 * PER_HOST, [r.text for r in closed][:3]
    assert all(r.json()["status"] == "cerrado" for r in closed)
    assert db.session.scalar(select(func.count(Ticket.id))) == 2 * PER_HOST
    # Every job ran exactly once across both schedulers, each run finished well.
    assert {lease.name: lease.runs for lease in leases} == {job.id: 1 for job in job_list()}
    assert {lease.last_status for lease in leases} == {"ok"}
