"""GET /api/v1/indicators/3: Indicador 3 computed live by the database."""

from __future__ import annotations

from flask import jsonify, request

from service_desk.domain.catalog import OFFICES
from service_desk.domain.indicators import parse_period
from service_desk.services.indicators import indicator_3
from service_desk.web.api import bp
from service_desk.web.api.auth import current_actor
from service_desk.web.api.parsing import query_choice
from service_desk.web.read_routing import reads_from_replica


@bp.get("/indicators/3")
@reads_from_replica
def indicator_three():
    """% of reclamos and quejas handled within the deadline, per office, for a period."""
    period = parse_period(request.args.get("period"))
    office = query_choice("office", OFFICES, "La oficina")
    report = indicator_3(current_actor(), period, office)
    return jsonify({
        "period": period.code, "from": period.start.isoformat(), "to": period.end.isoformat(),
        "as_of": report.as_of.isoformat(), "target": 100.0,
        "rows": [row.as_dict() for row in report.rows], "total": report.total.as_dict(),
    })
