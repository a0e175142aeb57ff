"""`flask --app wsgi scheduler`: run the periodic jobs in their own process (production)."""

from __future__ import annotations

import logging

import click
from flask import current_app


@click.command("scheduler")
def scheduler_command():
    """Run the scheduler's jobs in this process until interrupted (Ctrl+C)."""
    from service_desk.jobs import job_list, run_scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    tick = app.config.get("SCHEDULER_TICK_SECONDS", 60)
    click.echo(f"Planificador en marcha: {', '.join(j.id for j in job_list())} (cada {tick} s)")
    run_scheduler(app)
