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
from service_desk.services import console_users, users

users_cli = AppGroup("users", help="Usuarios y tokens de la API.")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--office", default=None, help="Código de oficina (SEDE, LIM, CUS, ...).")
@click.option("--password", default=None, help="Si se omite, se solicita.")
@click.option("--name", "full_name", default="")
def create_user(username, role, office, password, full_name):
    """Create a user (any role, integrity included); audited."""
    if password is None:
        password = click.prompt("Contraseña", hide_input=True, confirmation_prompt=True)
    try:
        user = console_users.create_user(username, role, office, password, full_name)
    except DomainError as error:
        fail(error)
    click.echo(f"Usuario {user.username} creado ({role}, {user.office_code}).")


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(list(ROLES)))
@click.option("--office", default=None, help="Código de oficina; si se omite, la actual.")
def set_role(username, role, office):
    """Change a user's role (the only way for integrity accounts); audited."""
    try:
        user = console_users.set_role(username, role, office)
    except DomainError as error:
        fail(error)
    click.echo(f"Usuario {user.username}: rol {user.role}, oficina {user.office_code}.")


@users_cli.command("set-password")
@click.argument("username")
@click.option("--password", default=None, help="Si se omite, se solicita.")
def set_password(username, password):
    """Set a user's password (the only way for integrity accounts); audited."""
    if password is None:
        password = click.prompt("Contraseña", hide_input=True, confirmation_prompt=True)
    try:
        user = console_users.set_password(username, password)
    except DomainError as error:
        fail(error)
    click.echo(f"Contraseña de {user.username} cambiada; sus sesiones abiertas se cerraron.")


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
