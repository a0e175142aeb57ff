"""Landing page and health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from service_desk import clock
from service_desk.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Landing page: what this desk is and where to go."""
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    """Liveness plus a database round trip, for load balancers and monitors."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure makes the instance unhealthy
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok", time=clock.now().isoformat())
