"""Satisfaction results for supervisors: per office, channel, type or topic, comments, Excel export."""

from __future__ import annotations

from flask import render_template, request, send_file

from service_desk.domain import access
from service_desk.domain.catalog import OFFICES
from service_desk.domain.errors import ValidationError
from service_desk.domain.surveys import SCALE
from service_desk.services.reports import formats
from service_desk.services.reports.satisfaction import GROUPINGS, survey_comments, survey_results
from service_desk.web.audit import log_access
from service_desk.web.auth.guards import current_actor
from service_desk.web.read_routing import reads_from_replica
from service_desk.web.reports import bp
from service_desk.web.reports.routes import _office, _period


def _group_by() -> str:
    value = request.args.get("por") or "office"
    return value if value in GROUPINGS else "office"


@bp.get("/encuestas")
@reads_from_replica
def surveys():
    """Average, % satisfied and response rate per group for a period, and the comments."""
    actor = current_actor()
    period, period_error, raw = _period()
    office, group_by = _office(), _group_by()
    report = survey_results(actor, period, office, group_by)
    comments = survey_comments(actor, period, office, limit=200)
    html = render_template("reports/surveys.html", report=report, comments=comments,
                           period_input=raw, period_error=period_error, office=office,
                           offices=OFFICES, national=access.sees_all_offices(actor),
                           groupings=GROUPINGS, group_by=group_by, scale=SCALE, fmt=formats)
    log_access("view", "report", f"encuestas {period.code} {office or 'todas'}")  # comments
    return html


@bp.get("/encuestas.xlsx")
@reads_from_replica
def surveys_export():
    """The same results and every comment of the period, in Excel."""
    from service_desk.services.reports.satisfaction_export import survey_workbook

    actor = current_actor()
    period, error, _ = _period()
    if error:
        raise ValidationError({"period": error})
    office, group_by = _office(), _group_by()
    report = survey_results(actor, period, office, group_by)
    comments = survey_comments(actor, period, office, limit=100_000)
    scope = OFFICES[office] if office else (OFFICES[actor.office] if not access.sees_all_offices(actor)
                                            else "Todas las oficinas")
    log_access("export", "report", f"encuestas.xlsx {period.code} {office or 'todas'}")
    return send_file(survey_workbook(report, comments, scope), mimetype=formats.XLSX_MIMETYPE,
                     as_attachment=True, download_name=f"encuestas-{period.code}.xlsx")
