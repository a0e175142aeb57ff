"""`flask calendar ...`: the business-day calendar."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from service_desk.cli.common import fail
from service_desk.domain.errors import DomainError
from service_desk.services import calendar as calendar_service

calendar_cli = AppGroup("calendar", help="Calendario de días hábiles.")


@calendar_cli.command("due-date")
@click.argument("start")
@click.option("--days", default=30, type=int)
@click.option("--office", default=None)
def due_date(start, days, office):
    """Print the due date of a filing on START (YYYY-MM-DD) as the last line."""
    try:
        received, due = calendar_service.due_date(date.fromisoformat(start), days, office)
    except ValueError:
        raise click.BadParameter("use AAAA-MM-DD", param_hint="START") from None
    except DomainError as error:
        fail(error)
    click.echo(f"Recepción: {received.isoformat()}  Plazo: {days} días hábiles")
    click.echo(due.isoformat())


COMMANDS = [calendar_cli]
