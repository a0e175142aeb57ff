"""Office list."""

from __future__ import annotations

from flask import jsonify
from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import Office
from service_desk.web.api import bp
from service_desk.web.read_routing import reads_from_replica


@bp.get("/offices")
@reads_from_replica
def list_offices():
    """Every office with its stable code."""
    offices = db.session.scalars(select(Office).order_by(Office.id))
    return jsonify([{"code": o.code, "name": o.name} for o in offices])
