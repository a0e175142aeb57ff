"""GET /api/v1/surveys: satisfaction results per office for a period."""

from __future__ import annotations

from flask import jsonify, request

from service_desk.domain.catalog import OFFICES
from service_desk.domain.indicators import parse_period
from service_desk.services.reports.satisfaction import survey_results, surveys_json
from service_desk.web.api import bp
from service_desk.web.api.auth import current_actor
from service_desk.web.api.parsing import query_choice
from service_desk.web.read_routing import reads_from_replica


@bp.get("/surveys")
@reads_from_replica
def list_surveys():
    """Surveys sent and answered, average rating and % satisfied, per office, by closing day."""
    period = parse_period(request.args.get("period"))
    office = query_choice("office", OFFICES, "La oficina")
    return jsonify(surveys_json(survey_results(current_actor(), period, office)))
