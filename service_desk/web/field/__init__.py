"""Offline field capture (PWA) for itinerant attention, under /campo."""

from flask import Blueprint

bp = Blueprint("field", __name__, url_prefix="/campo")

from service_desk.web.field import routes  # noqa: E402,F401
