"""Scheduled jobs: one declared list with stable ids, so scheduling twice is harmless."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    id: str
    func: Callable[[], object]
    minutes: int
    description: str


def job_list() -> list[Job]:
    """Every periodic job of the desk."""
    return []


def find_job(name: str) -> Job | None:
    return next((job for job in job_list() if job.id == name), None)


def run_job(app: Flask, name: str):
    """Run one job now inside an app context; returns what the job returns."""
    job = find_job(name)
    if job is None:
        raise KeyError(name)
    with app.app_context():
        return job.func()


def start_scheduler(app: Flask):
    """Start APScheduler in this process with every job of job_list()."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="America/Lima")
    for job in job_list():
        scheduler.add_job(run_job, "interval", minutes=job.minutes, id=job.id,
                          args=[app, job.id], replace_existing=True, coalesce=True,
                          max_instances=1)
    scheduler.start()
    app.extensions["scheduler"] = scheduler
    log.info("scheduler started with %d jobs", len(job_list()))
    return scheduler
