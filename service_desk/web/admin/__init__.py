"""Administration: users, non-working days, deadline policies and the access log."""

from flask import Blueprint

from service_desk.web.auth.guards import ADMIN_ROLES, guard_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(guard_blueprint(ADMIN_ROLES))

from service_desk.web.admin import access_log, routes, templates  # noqa: E402,F401
