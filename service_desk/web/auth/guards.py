"""Page access helpers: who is acting, role checks, and each role's home page."""

from __future__ import annotations

from flask import abort, url_for
from flask_login import current_user

from service_desk.domain.access import Actor
from service_desk.extensions import login_manager
from service_desk.services.users import actor_of

WORKSPACE_ROLES = frozenset({"agent", "itinerant", "supervisor", "national_supervisor", "integrity"})
SUPERVISOR_ROLES = frozenset({"supervisor", "national_supervisor"})
ADMIN_ROLES = frozenset({"admin"})

HOME_ENDPOINTS = {
    "agent": "agent.inbox",
    "itinerant": "agent.inbox",
    "integrity": "agent.inbox",
    "supervisor": "supervisor.overview",
    "national_supervisor": "supervisor.overview",
    "admin": "admin.users",
}


def current_actor() -> Actor:
    return actor_of(current_user)


def home_url(role: str) -> str:
    return url_for(HOME_ENDPOINTS.get(role, "main.index"))


def guard_blueprint(roles: frozenset[str]):
    """A before_request hook: anonymous users go to /login, other roles get 403.

    Installed on whole blueprints so that no page can forget its check.
    """

    def _check():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return _check
