"""Flask commands, one module per command group; each module lists its COMMANDS."""

from __future__ import annotations

from flask import Flask

from service_desk.cli import calendar, citizen, denuncias, imports, jobs, report, setup, users

MODULES = (setup, users, calendar, jobs, imports, citizen, denuncias, report)


def register(app: Flask) -> None:
    """Add every command group to the app's `flask` command."""
    for module in MODULES:
        for command in module.COMMANDS:
            app.cli.add_command(command)
