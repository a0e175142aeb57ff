"""The closing receipt: the response, and the satisfaction survey's link and QR code to print or read out."""

from __future__ import annotations

from flask import abort, render_template
from markupsafe import Markup

from service_desk.services import surveys as survey_service
from service_desk.services import tickets as ticket_service
from service_desk.web.agent import bp
from service_desk.web.audit import log_access
from service_desk.web.auth.guards import current_actor


def spoken(token: str) -> str:
    """The token in groups of four, easier to dictate over the phone (1880)."""
    return " ".join(token[i:i + 4] for i in range(0, len(token), 4))


@bp.get("/casos/<code>/constancia-de-cierre")
def closing_receipt(code: str):
    """Printable receipt of a closed case with the survey link and its QR code."""
    ticket = ticket_service.get_ticket(current_actor(), code)  # 404 when not visible
    survey = ticket.survey if ticket.status == "cerrado" else None
    if survey is None:
        abort(404)
    url = survey_service.survey_url(survey)
    html = render_template("agent/closing_receipt.html", ticket=ticket, survey=survey, url=url,
                           spoken=spoken(survey.token), qr=Markup(survey_service.qr_svg(url)))
    log_access("view", "ticket", code)
    return html
