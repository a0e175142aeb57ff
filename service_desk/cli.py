"""Flask commands: quickstart, seed, users, calendar, jobs."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import run_simple

from service_desk.domain.catalog import ROLES
from service_desk.domain.errors import DomainError
from service_desk.extensions import db
from service_desk.models import User
from service_desk.services import calendar as calendar_service
from service_desk.services import demo, users
from service_desk.services.reference import seed_reference_data

users_cli = AppGroup("users", help="Usuarios y tokens de la API.")
calendar_cli = AppGroup("calendar", help="Calendario de días hábiles.")
jobs_cli = AppGroup("jobs", help="Tareas programadas.")


def register(app: Flask) -> None:
    from service_desk.cli_import import import_cli
    from service_desk.cli_scheduler import scheduler_command
    from service_desk.cli_security import COMMANDS as security_commands

    for command in (quickstart, seed, users_cli, calendar_cli, jobs_cli, scheduler_command, import_cli,
                    *security_commands):
        app.cli.add_command(command)


def _fail(error: DomainError) -> None:
    details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
    raise click.ClickException(f"{error.message} {details}".strip())


@click.command("seed")
@with_appcontext
def seed():
    """Load reference data (offices, deadline policies, calendar); idempotent."""
    added = seed_reference_data()
    click.echo("Datos de referencia: " + ", ".join(f"{k}={v}" for k, v in added.items()))


@click.command("quickstart")
@with_appcontext
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@click.option("--tickets", default=300, type=int, help="Casos de demostración a crear.")
@click.option("--no-serve", is_flag=True, help="Preparar la base de datos sin servir.")
def quickstart(host: str, port: int, tickets: int, no_serve: bool):
    """Migrate, seed, create demo users and tickets, and serve with the scheduler."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    seed_reference_data()
    created = demo.create_demo_users()
    if created:
        click.echo("Usuarios de demostración (las contraseñas se muestran solo esta vez):")
        for username, role, office, password in created:
            click.echo(f"  {username:<18} {role:<20} {office:<5} {password}")
    count = demo.create_demo_tickets(tickets)
    click.echo(f"Casos de demostración creados: {count}")
    if count:
        from service_desk.jobs import run_job

        # Raise the demo's alerts now rather than at the scheduler's first tick.
        click.echo(f"Alertas de plazo: {run_job(current_app._get_current_object(), 'sla-scan')}")
    if no_serve:
        return
    from service_desk.jobs import start_scheduler

    app = current_app._get_current_object()
    if "scheduler" not in app.extensions:
        start_scheduler(app)
    click.echo(f"Sirviendo en http://{host}:{port}  (Ctrl+C para detener)")
    # app.run() is a no-op inside the flask command, so serve with werkzeug directly.
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--office", default=None, help="Código de oficina (SEDE, LIM, CUS, ...).")
@click.option("--password", default=None, help="Si se omite, se solicita.")
@click.option("--name", "full_name", default="")
def create_user(username, role, office, password, full_name):
    """Create a user."""
    if password is None:
        password = click.prompt("Contraseña", hide_input=True, confirmation_prompt=True)
    try:
        user = users.create_user(username, role, office, password, full_name)
    except DomainError as error:
        _fail(error)
    click.echo(f"Usuario {user.username} creado ({role}, {user.office_code}).")


@users_cli.command("token")
@click.argument("username")
@click.option("--days", default=None, type=int, help="Vigencia en días.")
def create_token(username, days):
    """Create an API token; it is printed once, as the last line."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"No existe el usuario {username}.")
    token = users.create_token(user, days or current_app.config["API_TOKEN_DAYS"])
    click.echo("Token creado; guárdelo ahora, no se vuelve a mostrar:")
    click.echo(token)


@users_cli.command("revoke-token")
@click.argument("username")
@click.option("--prefix", default=None, help="Primeros 10 caracteres del token a revocar.")
def revoke_token(username, prefix):
    """Revoke a user's API tokens (all, or the one with --prefix)."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"No existe el usuario {username}.")
    click.echo(f"Tokens revocados: {users.revoke_tokens(user, prefix)}")


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
        _fail(error)
    click.echo(f"Recepción: {received.isoformat()}  Plazo: {days} días hábiles")
    click.echo(due.isoformat())


@jobs_cli.command("run")
@click.argument("name")
def run(name):
    """Run one scheduler job once, now."""
    from service_desk.jobs import find_job, run_job

    if find_job(name) is None:
        raise click.ClickException(f"Tarea desconocida: {name}")
    result = run_job(current_app._get_current_object(), name)
    click.echo(f"{name}: {result}")


@jobs_cli.command("list")
def list_jobs():
    """List the scheduler's jobs."""
    from service_desk.jobs import job_list

    for job in job_list():
        click.echo(f"{job.id:<22} cada {job.minutes} min  {job.description}")
