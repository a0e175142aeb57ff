"""Reports: SLA alerts, Indicador 3 and channel targets (pages and Excel exports)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from service_desk.web.auth.guards import guard_blueprint

bp = Blueprint("reports", __name__, url_prefix="/reportes")

# Alerts concern everyone who handles tickets; the indicators, supervisors and UCI.
ALERT_ROLES = frozenset({"agent", "itinerant", "supervisor", "national_supervisor", "integrity",
                         "admin"})
bp.before_request(guard_blueprint(ALERT_ROLES))


@bp.app_context_processor
def _navigation():
    """`reports_nav()` for the layout: links and the unread-alerts counter, computed on use."""

    def reports_nav() -> dict | None:
        from service_desk.services.alerts import unread_count
        from service_desk.services.indicators import REPORT_ROLES

        if not current_user.is_authenticated or current_user.role not in ALERT_ROLES:
            return None
        return {"unread": unread_count(current_user.id),
                "indicators": current_user.role in REPORT_ROLES}

    return {"reports_nav": reports_nav}


from service_desk.web.reports import itinerancy, questions, routes, semester, surveys  # noqa: E402,F401
