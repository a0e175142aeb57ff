"""HTTP layer: parse, authorise, call a service, render or return JSON."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    """Every blueprint of the app, in registration order."""
    from service_desk.web import session  # noqa: F401  (registers the user loader)
    from service_desk.web.api import bp as api_bp
    from service_desk.web.main import bp as main_bp

    return [main_bp, api_bp]
