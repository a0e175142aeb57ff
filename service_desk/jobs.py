"""The scheduler: one declared job list with stable ids, and a single-runner lease.

Every process may start a scheduler (the `scheduler` command, `quickstart`,
or each gunicorn worker with SCHEDULER_ENABLED): each one ticks every job
every SCHEDULER_TICK_SECONDS, and a row per job in `job_leases` decides, with
one conditional UPDATE, which single runner runs it when it is due. A job
that fails is logged and becomes due again at the next tick; each job commits
its own results once, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import or_, update

from service_desk import clock
from service_desk.extensions import db
from service_desk.models import JobLease

log = logging.getLogger(__name__)

DEFAULT_TICK_SECONDS = 60
# A runner that dies mid-run keeps the job for at most this long (or its interval, if longer).
LEASE_MINUTES = 30


@dataclass(frozen=True)
class Job:
    id: str
    func: Callable[[], object]
    minutes: int
    description: str


def _sla_scan() -> object:
    from service_desk.services.alerts import scan_sla

    return scan_sla()


def _indicator_snapshot() -> object:
    from service_desk.services.indicators import take_snapshots

    return f"instantáneas={take_snapshots()}"


def _outbox_send() -> object:
    from service_desk.services.delivery import run_outbox_job

    return run_outbox_job()


def _mail_fetch() -> object:
    from service_desk.services.conversations import fetch_service_mailbox

    return fetch_service_mailbox()


def _retention_anonymise() -> object:
    from service_desk.services.personal_data import anonymise_expired_citizens

    return f"ciudadanos anonimizados={anonymise_expired_citizens()}"


def _semester_report() -> object:
    from service_desk.services.reports.prepared import prepare_due_report

    return prepare_due_report()


def _sync_recovery() -> object:
    from service_desk.services.sync import recover_stale_batches

    return f"lotes interrumpidos={recover_stale_batches()}"


def job_list() -> list[Job]:
    """Every periodic job of the desk. Ids are stable (leases and the CLI use them): add, never rename."""
    return [
        Job("sla-scan", _sla_scan, 15, "Alertas de plazo: por vencer y vencido"),
        Job("indicator-snapshot", _indicator_snapshot, 60,
            "Instantánea del Indicador 3 por oficina y periodo"),
        Job("outbox-send", _outbox_send, 1, "Envío de correos y WhatsApp pendientes, con reintentos"),
        Job("mail-fetch", _mail_fetch, 2, "Lectura del buzón de atención al usuario (IMAP)"),
        Job("retention-anonymise", _retention_anonymise, 1440,
            "Anonimización de ciudadanos con casos cerrados hace más de RETENTION_YEARS años"),
        Job("semester-report", _semester_report, 60,
            "Informe semestral del semestre cerrado, el primer día hábil del siguiente"),
        Job("sync-recovery", _sync_recovery, 15,
            "Lotes de campo cortados a medias: se marcan interrumpidos para reenviarlos"),
    ]


def find_job(name: str) -> Job | None:
    return next((job for job in job_list() if job.id == name), None)


class JobBusy(Exception):
    """Another runner holds the job's lease right now."""


def run_job(app: Flask, name: str, holder: str | None = None):
    """Run one job now, outside the schedule but under its lease; returns what the job returns.

    `flask jobs run` started four times at once runs the job once: the others raise JobBusy
    (they used to run it side by side and crash on the unique alerts).
    """
    job = find_job(name)
    if job is None:
        raise KeyError(name)
    holder = holder or runner_id()
    with app.app_context():
        if not claim(job, holder, due_only=False):
            raise JobBusy(name)
        try:
            result = job.func()
        except Exception as error:
            db.session.rollback()
            _release(job, holder, f"{type(error).__name__}: {error}"[:2000])
            raise
        _release(job, holder, None)
        return result


# --- single-runner lease ---------------------------------------------------------------

def runner_id() -> str:
    """A name for this runner, unique across hosts and processes."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _ensure_lease(name: str, now: datetime) -> None:
    from service_desk.services.locks import insert_ignoring_duplicates

    # Runners racing to create the row: one inserts it, the others insert nothing.
    db.session.execute(insert_ignoring_duplicates(JobLease, name=name, next_run_at=now, runs=0))
    db.session.commit()


def claim(job: Job, holder: str, due_only: bool = True) -> bool:
    """Take the job if it is due (or at once, `due_only=False`) and nobody holds it; True for
    exactly one concurrent runner."""
    now = clock.now()
    _ensure_lease(job.id, now)
    interval = timedelta(minutes=job.minutes)
    # A little slack so a runner ticking at the same rhythm does not skip a whole interval.
    slack = min(timedelta(seconds=30), interval / 10)
    statement = (
        update(JobLease)
        .where(JobLease.name == job.id,
               JobLease.next_run_at <= now if due_only else JobLease.name.is_not(None),
               or_(JobLease.leased_until.is_(None), JobLease.leased_until <= now))
        .values(holder=holder, last_started_at=now, next_run_at=now + interval - slack,
                leased_until=now + max(interval, timedelta(minutes=LEASE_MINUTES)))
    )
    won = db.session.execute(statement).rowcount == 1
    db.session.commit()
    return won


def _release(job: Job, holder: str, error: str | None) -> None:
    now = clock.now()
    values = {"leased_until": None, "last_finished_at": now, "runs": JobLease.runs + 1,
              "last_status": "error" if error else "ok", "last_error": error}
    if error:
        values["next_run_at"] = now  # due again at the next tick
    db.session.execute(update(JobLease).where(JobLease.name == job.id, JobLease.holder == holder)
                       .values(**values))
    db.session.commit()


def run_leased(app: Flask, name: str, holder: str) -> bool:
    """One tick of one job: run it if this runner wins the lease. True when it ran."""
    with app.app_context():
        job = find_job(name)
        if job is None:
            log.warning("job %s is no longer declared", name)
            return False
        try:
            if not claim(job, holder):
                return False
        except Exception:
            db.session.rollback()
            log.exception("job %s: could not claim the lease", name)
            return False
        try:
            result = job.func()
        except Exception as error:
            db.session.rollback()
            log.exception("job %s failed; it will be retried at the next tick", name)
            _release(job, holder, f"{type(error).__name__}: {error}"[:2000])
            return True
        _release(job, holder, None)
        log.info("job %s: %s", name, result)
        return True


def tick(app: Flask, holder: str) -> list[str]:
    """Offer every job to this runner once; returns the ids it ran."""
    return [job.id for job in job_list() if run_leased(app, job.id, holder)]


# --- APScheduler wiring ---------------------------------------------------------------

def _add_jobs(scheduler, app: Flask, holder: str) -> None:
    seconds = int(app.config.get("SCHEDULER_TICK_SECONDS", DEFAULT_TICK_SECONDS))
    for job in job_list():
        # Stable ids + replace_existing: scheduling twice is harmless.
        scheduler.add_job(run_leased, "interval", seconds=seconds, id=job.id, name=job.description,
                          args=[app, job.id, holder], replace_existing=True, coalesce=True,
                          max_instances=1)


def start_scheduler(app: Flask):
    """Start a background scheduler in this process (once per app) with every job of job_list()."""
    from apscheduler.schedulers.background import BackgroundScheduler

    if "scheduler" in app.extensions:
        return app.extensions["scheduler"]
    scheduler = BackgroundScheduler(timezone="America/Lima")
    _add_jobs(scheduler, app, runner_id())
    scheduler.start()
    app.extensions["scheduler"] = scheduler
    log.info("scheduler started with %d jobs", len(job_list()))
    return scheduler


def _exit_cleanly(_signum, _frame) -> None:
    raise SystemExit(0)


def run_scheduler(app: Flask) -> None:
    """Run the jobs in this process until interrupted (the `scheduler` command)."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    background = app.extensions.pop("scheduler", None)
    if background is not None:  # SCHEDULER_ENABLED also started one: keep a single scheduler
        background.shutdown(wait=False)
    scheduler = BlockingScheduler(timezone="America/Lima")
    holder = runner_id()
    _add_jobs(scheduler, app, holder)
    log.info("scheduler %s running %d jobs", holder, len(job_list()))
    signal.signal(signal.SIGTERM, _exit_cleanly)  # systemd and docker stop with SIGTERM
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown(wait=True)
