"""HTTP layer: parse, authorise, call a service, render or return JSON."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    """Every blueprint of the app, in registration order."""
    from service_desk.web import session  # noqa: F401  (registers the user loader)
    from service_desk.web.admin import bp as admin_bp
    from service_desk.web.agent import bp as agent_bp
    from service_desk.web.api import bp as api_bp
    from service_desk.web.auth import bp as auth_bp
    from service_desk.web.field import bp as field_bp
    from service_desk.web.main import bp as main_bp
    from service_desk.web.public import bp as public_bp
    from service_desk.web.reports import bp as reports_bp
    from service_desk.web.supervisor import bp as supervisor_bp
    from service_desk.web.trips import bp as trips_bp
    from service_desk.web.webhooks import bp as webhooks_bp

    return [main_bp, api_bp, auth_bp, agent_bp, supervisor_bp, admin_bp, public_bp, webhooks_bp, reports_bp,
            field_bp, trips_bp]
