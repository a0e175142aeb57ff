"""Bearer-token authentication for every API request."""

from __future__ import annotations

from flask import g, request

from service_desk.domain.access import Actor
from service_desk.services.users import actor_of, user_for_token
from service_desk.web.api import bp
from service_desk.web.errors import error_response


@bp.before_request
def authenticate():
    """Reject requests without a valid token; remember the caller in g.actor."""
    if request.endpoint == "api.openapi":
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
    if user is None:
        return error_response(401, "unauthorized", "Token ausente, vencido o revocado.")
    g.user = user
    g.username = user.username
    g.actor = actor_of(user)
    return None


def current_actor() -> Actor:
    return g.actor
