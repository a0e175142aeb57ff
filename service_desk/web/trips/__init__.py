"""Itinerant trips: register, list and one trip's attentions, under /viajes."""

from flask import Blueprint

from service_desk.domain.access import TRIP_ROLES
from service_desk.web.auth.guards import guard_blueprint

bp = Blueprint("trips", __name__, url_prefix="/viajes")
bp.before_request(guard_blueprint(TRIP_ROLES))

from service_desk.web.trips import routes  # noqa: E402,F401
