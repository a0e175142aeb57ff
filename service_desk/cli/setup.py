"""`flask seed` and `flask quickstart`: reference data, demo data, serving."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from service_desk.services import demo
from service_desk.services.reference import seed_reference_data


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
    from flask_migrate import upgrade  # with Alembic, only when something migrates

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


COMMANDS = [seed, quickstart]
