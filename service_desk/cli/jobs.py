"""`flask jobs ...` and `flask scheduler`: the scheduled jobs."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Tareas programadas.")


@jobs_cli.command("run")
@click.argument("name")
def run(name):
    """Run one scheduler job once, now (under its lease: never twice at the same time)."""
    from service_desk.jobs import JobBusy, find_job, run_job

    if find_job(name) is None:
        raise click.ClickException(f"Tarea desconocida: {name}")
    try:
        result = run_job(current_app._get_current_object(), name)
    except JobBusy:
        click.echo(f"{name}: en curso en otro proceso; no se ejecutó otra vez.")
        return
    click.echo(f"{name}: {result}")


@jobs_cli.command("list")
def list_jobs():
    """List the scheduler's jobs."""
    from service_desk.jobs import job_list

    for job in job_list():
        click.echo(f"{job.id:<22} cada {job.minutes} min  {job.description}")


@click.command("scheduler")
def scheduler_command():
    """Run the scheduler's jobs in this process until interrupted (Ctrl+C)."""
    from service_desk.jobs import job_list, run_scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    tick = app.config.get("SCHEDULER_TICK_SECONDS", 60)
    click.echo(f"Planificador en marcha: {', '.join(j.id for j in job_list())} (cada {tick} s)")
    run_scheduler(app)


COMMANDS = [jobs_cli, scheduler_command]
