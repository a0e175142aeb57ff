"""`flask denuncias rotate-keys`: sealed denuncias (D. Leg. 1327)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from service_desk.services.sealing import rotate_keys

denuncias_cli = AppGroup("denuncias", help="Denuncias selladas (D. Leg. 1327).")


@denuncias_cli.command("rotate-keys")
def rotate():
    """Re-encrypt sealed denuncias with the first key of SEALING_KEYS."""
    click.echo(f"Denuncias re-selladas: {rotate_keys()}")


COMMANDS = [denuncias_cli]
