"""`flask users ...`: users and API tokens."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from service_desk.cli.common import fail
from service_desk.domain.catalog import ROLES
from service_desk.domain.errors import DomainError
from service_desk.extensions import db
from service_desk.models import User
from service_desk.services import users

users_cli = AppGroup("users", help="Usuarios y tokens de la API.")


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
        fail(error)
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


COMMANDS = [users_cli]
