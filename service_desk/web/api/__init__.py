"""HTTP API v1 (see shared API.md): bearer tokens, JSON in and out."""

from __future__ import annotations

from flask import Blueprint

from service_desk.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from service_desk.web.api import (  # noqa: E402,F401
    alerts,
    auth,
    calendar,
    indicators,
    offices,
    openapi,
    reports,
    surveys,
    sync,
    tickets,
    trips,
)
