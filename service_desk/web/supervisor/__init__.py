"""Supervision: per-office overview, SLA queues and reassignment."""

from flask import Blueprint

from service_desk.web.auth.guards import SUPERVISOR_ROLES, guard_blueprint

bp = Blueprint("supervisor", __name__, url_prefix="/supervision")
bp.before_request(guard_blueprint(SUPERVISOR_ROLES))

from service_desk.web.supervisor import insight, routes  # noqa: E402,F401
