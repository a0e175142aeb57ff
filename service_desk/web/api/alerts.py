"""GET /api/v1/alerts: SLA alerts raised by the scheduler, scoped like the tickets."""

from __future__ import annotations

from flask import jsonify

from service_desk.domain.catalog import OFFICES
from service_desk.services import alerts as alert_service
from service_desk.web.api import bp
from service_desk.web.api.auth import current_actor
from service_desk.web.api.parsing import query_choice, query_int
from service_desk.web.read_routing import reads_from_replica


@bp.get("/alerts")
@reads_from_replica
def list_alerts():
    """Alerts of the tickets the caller may see, newest first (paginated)."""
    office = query_choice("office", OFFICES, "La oficina")
    level = query_choice("level", alert_service.LEVELS, "El nivel")
    page = query_int("page", 1, 1, 100_000)
    per_page = query_int("per_page", 100, 1, 1000)
    rows, total = alert_service.list_alerts(current_actor(), office, level, page=page,
                                            per_page=per_page)
    items = [{"ticket": ticket.code, "level": alert.level, "office": ticket.office.code,
              "due_on": alert.due_on.isoformat(), "raised_at": alert.raised_at.isoformat()}
             for ticket, alert in rows]
    return jsonify({"items": items, "page": page, "per_page": per_page, "total": total})
