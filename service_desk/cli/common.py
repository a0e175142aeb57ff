"""Helpers shared by the command groups."""

from __future__ import annotations

import click

from service_desk.domain.errors import DomainError


def fail(error: DomainError) -> None:
    """Turn a domain error into a click error with its field details."""
    details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
    raise click.ClickException(f"{error.message} {details}".strip())
