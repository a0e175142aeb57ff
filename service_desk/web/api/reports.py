"""GET /api/v1/reports/semester: the semester report to the Dirección Ejecutiva (national supervisors)."""

from __future__ import annotations

from flask import jsonify, request

from service_desk.domain.semester import parse_semester
from service_desk.services.reports.semester import semester_report
from service_desk.web.api import bp
from service_desk.web.api.auth import current_actor
from service_desk.web.read_routing import reads_from_replica


@bp.get("/reports/semester")
@reads_from_replica
def semester():
    """Indicador 3, volumes against targets, types, languages, surveys... of one semester."""
    actor = current_actor()
    period = parse_semester(request.args.get("period"))
    return jsonify(semester_report(actor, period))
