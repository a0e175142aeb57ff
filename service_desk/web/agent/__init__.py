"""The TOAU workspace: register attentions, queues, the case page and its actions."""

from flask import Blueprint

from service_desk.web.auth.guards import WORKSPACE_ROLES, guard_blueprint

bp = Blueprint("agent", __name__, url_prefix="/agente")
bp.before_request(guard_blueprint(WORKSPACE_ROLES))

from service_desk.web.agent import answers, closing, files, lookup, routes, untriaged  # noqa: E402,F401
