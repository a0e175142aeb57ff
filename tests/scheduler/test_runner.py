"""The scheduler: declared jobs, one runner at a time, retries after failures, CLI commands."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from service_desk import clock, jobs
from service_desk.extensions import db
from service_desk.models import Alert, JobLease


def test_the_job_list_declares_the_scheduler_jobs_with_unique_stable_ids():
    ids = [job.id for job in jobs.job_list()]
    assert {"sla-scan", "indicator-snapshot"} <= set(ids)
    assert len(ids) == len(set(ids))
    assert jobs.find_job("sla-scan").minutes > 0


@pytest.fixture
def counting_jobs(monkeypatch):
    """Replace the job list with two slow jobs that count their runs."""
    runs = {"alpha": 0, "beta": 0}
    lock = threading.Lock()

    def make(name):
        def _run():
            with lock:
                runs[name] += 1
            time.sleep(0.2)  # long enough for the other runner to try meanwhile
            return name
        return jobs.Job(name, _run, 15, name)

    declared = [make("alpha"), make("beta")]
    monkeypatch.setattr(jobs, "job_list", lambda: declared)
    return runs


def test_two_runners_ticking_at_the_same_time_run_each_job_once(app, frozen, counting_jobs):
    frozen("2024-04-10T08:00:00-05:00")
    barrier = threading.Barrier(2)
    ran: dict[str, list[str]] = {}

    def runner(name):
        barrier.wait()
        ran[name] = jobs.tick(app, name)

    threads = [threading.Thread(target=runner, args=(n,)) for n in ("runner-a", "runner-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert counting_jobs == {"alpha": 1, "beta": 1}
    assert sorted(ran["runner-a"] + ran["runner-b"]) == ["alpha", "beta"]
    leases = {lease.name: lease for lease in db.session.scalars(select(JobLease))}
    assert {n: (lease.runs, lease.last_status) for n, lease in leases.items()} == {
        "alpha": (1, "ok"), "beta": (1, "ok")}


def test_two_background_schedulers_run_the_real_jobs_once(app, frozen, file_case):
    file_case("2024-03-04 10:00")
    frozen("2024-04-18T09:00:00-05:00")
    app.config["SCHEDULER_TICK_SECONDS"] = 1
    schedulers = []
    try:
        for _ in range(2):
            app.extensions.pop("scheduler", None)
            schedulers.append(jobs.start_scheduler(app))
        time.sleep(3.5)  # each scheduler ticks three times
    finally:
        for scheduler in schedulers:
            scheduler.shutdown(wait=True)
        app.extensions.pop("scheduler", None)
        app.config.pop("SCHEDULER_TICK_SECONDS")
    db.session.expire_all()
    runs = dict(db.session.execute(select(JobLease.name, JobLease.runs)).all())
    assert runs["sla-scan"] == 1 and runs["indicator-snapshot"] == 1
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1


def test_starting_the_scheduler_twice_in_one_app_keeps_one(app):
    app.config["SCHEDULER_TICK_SECONDS"] = 3600
    try:
        first = jobs.start_scheduler(app)
        assert jobs.start_scheduler(app) is first
        assert {j.id for j in first.get_jobs()} == {j.id for j in jobs.job_list()}
    finally:
        app.extensions.pop("scheduler").shutdown(wait=False)
        app.config.pop("SCHEDULER_TICK_SECONDS")


def test_a_job_is_due_again_only_after_its_interval(app, frozen, counting_jobs):
    frozen("2024-04-10T08:00:00-05:00")
    assert jobs.tick(app, "solo") == ["alpha", "beta"]
    frozen("2024-04-10T08:10:00-05:00")
    assert jobs.tick(app, "solo") == []
    frozen("2024-04-10T08:15:00-05:00")
    assert jobs.tick(app, "solo") == ["alpha", "beta"]
    assert counting_jobs == {"alpha": 2, "beta": 2}


def test_a_failed_job_is_logged_and_retried_at_the_next_tick(app, frozen, monkeypatch, caplog):
    attempts = []

    def flaky():
        attempts.append(clock.now())
        if len(attempts) == 1:
            raise RuntimeError("base de datos no disponible")
        return "ok"

    monkeypatch.setattr(jobs, "job_list", lambda: [jobs.Job("flaky", flaky, 60, "prueba")])
    frozen("2024-04-10T08:00:00-05:00")
    with caplog.at_level(logging.ERROR, logger="service_desk.jobs"):
        assert jobs.run_leased(app, "flaky", "runner-a")
    assert "flaky failed" in caplog.text
    lease = db.session.get(JobLease, "flaky")
    assert (lease.last_status, lease.leased_until) == ("error", None)
    assert "base de datos no disponible" in lease.last_error
    frozen("2024-04-10T08:01:00-05:00")  # the next tick, long before the hourly interval
    assert jobs.run_leased(app, "flaky", "runner-b")
    db.session.expire_all()
    assert db.session.get(JobLease, "flaky").last_status == "ok"
    assert len(attempts) == 2


def test_a_runner_that_died_mid_run_frees_the_job_when_its_lease_expires(app, frozen, counting_jobs):
    frozen("2024-04-10T08:00:00-05:00")
    alpha = jobs.find_job("alpha")
    assert jobs.claim(alpha, "crashed-runner")  # claimed, never released
    frozen("2024-04-10T08:20:00-05:00")
    assert not jobs.run_leased(app, "alpha", "other")  # due, but still leased
    frozen("2024-04-10T08:31:00-05:00")
    assert jobs.run_leased(app, "alpha", "other")


def test_a_failing_scan_leaves_no_half_written_alerts(app, frozen, file_case, monkeypatch):
    from service_desk.services import alerts

    file_case("2024-03-04 10:00")
    frozen("2024-04-18T09:00:00-05:00")

    def broken(_batch):
        raise RuntimeError("SMTP caído")

    monkeypatch.setattr(alerts, "_email_digests", broken)
    assert jobs.run_leased(app, "sla-scan", "runner-a")
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 0
    monkeypatch.undo()
    frozen("2024-04-18T09:01:00-05:00")
    assert jobs.run_leased(app, "sla-scan", "runner-a")
    assert db.session.scalar(select(func.count()).select_from(Alert)) == 1


def test_jobs_run_runs_the_sla_scan_once_now(runner, file_case, frozen):
    file_case("2024-03-04 10:00")
    frozen("2024-04-18T09:00:00-05:00")
    result = runner.invoke(args=["jobs", "run", "sla-scan"])
    assert result.exit_code == 0, result.output
    assert "vencido=1" in result.output
    assert runner.invoke(args=["jobs", "run", "no-existe"]).exit_code != 0


def test_the_scheduler_command_runs_the_jobs_in_its_own_process(runner, monkeypatch):
    started = []
    monkeypatch.setattr(jobs, "run_scheduler", lambda app: started.append(app))
    result = runner.invoke(args=["scheduler"])
    assert result.exit_code == 0, result.output
    assert "sla-scan" in result.output and "indicator-snapshot" in result.output
    assert len(started) == 1


def test_claiming_never_uses_the_database_clock(app, frozen, counting_jobs):
    frozen("2030-01-01T00:00:00-05:00")  # far from the real time: only clock.now() decides
    assert jobs.tick(app, "solo") == ["alpha", "beta"]
    lease = db.session.get(JobLease, "alpha")
    assert lease.next_run_at > clock.now() + timedelta(minutes=14)


def test_four_jobs_run_commands_at_once_run_the_job_once_and_none_crashes(app, counting_jobs):
    """Issue 12, finding 9: `flask jobs run sla-scan` bypassed the lease (IntegrityError)."""
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def command() -> None:  # what `flask jobs run alpha` does (CliRunner is not thread-safe)
        barrier.wait()
        try:
            outcomes.append(jobs.run_job(app, "alpha"))
        except jobs.JobBusy:
            outcomes.append("busy")

    threads = [threading.Thread(target=command) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["alpha", "busy", "busy", "busy"]
    assert counting_jobs["alpha"] == 1
    lease = db.session.get(JobLease, "alpha")
    db.session.refresh(lease)
    assert (lease.runs, lease.last_status, lease.leased_until) == (1, "ok", None)


def test_jobs_run_while_another_runner_holds_the_lease_says_so_and_exits_cleanly(
        app, runner, counting_jobs):
    assert jobs.claim(jobs.find_job("alpha"), "another-host", due_only=False)
    result = runner.invoke(args=["jobs", "run", "alpha"])
    assert result.exit_code == 0
    assert "en curso en otro proceso" in result.output
    assert counting_jobs["alpha"] == 0


def test_a_manual_run_waits_for_nothing_but_a_running_lease(app, frozen, counting_jobs):
    frozen("2024-04-10T08:00:00-05:00")
    assert jobs.run_leased(app, "alpha", "runner-a")  # ran on schedule: not due for 15 minutes
    assert jobs.run_job(app, "alpha") == "alpha"     # a person asking now still runs it
    assert counting_jobs["alpha"] == 2
