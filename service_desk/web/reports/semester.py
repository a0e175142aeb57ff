"""/reportes/semestral: the semester report for national supervisors, live or as prepared."""

from __future__ import annotations

from flask import abort, render_template, request, send_file
from flask_login import current_user

from service_desk import clock
from service_desk.domain.catalog import CHANNELS, OFFICES
from service_desk.domain.errors import Forbidden, ValidationError
from service_desk.domain.semester import BACKLOG_AGES, parse_semester, previous_semester
from service_desk.services.reports import formats
from service_desk.services.reports import prepared as prepared_service
from service_desk.services.reports.semester import REPORT_ROLES, semester_report
from service_desk.services.reports.semester_text import METHODOLOGY, label
from service_desk.web.audit import log_access
from service_desk.web.auth.guards import current_actor
from service_desk.web.read_routing import reads_from_replica
from service_desk.web.reports import bp

PDF = "application/pdf"


def _require_national() -> None:
    if current_actor().role not in REPORT_ROLES:
        raise Forbidden("Solo la supervisión nacional (UCI) puede ver el informe semestral.")


def _semester():
    """(period, error, raw) from ?period=, defaulting to the last closed semester."""
    default = previous_semester(clock.today_in_lima())
    raw = request.args.get("period") or default.code
    try:
        return parse_semester(raw), None, raw
    except ValidationError as error:
        return default, error.fields["period"], raw


@bp.get("/semestral")
@reads_from_replica
def semester():
    """The report's figures on screen, downloads (PDF, Excel) and the prepared reports."""
    _require_national()
    period, error, raw = _semester()
    report = semester_report(current_actor(), period)
    prepared_service.mark_notices_read(current_user.id)
    return render_template("reports/semester.html", report=report, period=period, period_input=raw,
                           period_error=error, prepared=prepared_service.prepared_reports(),
                           offices=OFFICES, channels=CHANNELS, ages=BACKLOG_AGES, label=label,
                           methodology=METHODOLOGY, fmt=formats)


@bp.get("/semestral/informe.<kind>")
@reads_from_replica
def semester_download(kind: str):
    """The report as PDF or workbook: computed now, or as prepared (?preparado=1)."""
    _require_national()
    if kind not in ("pdf", "xlsx"):
        abort(404)
    period, error, _ = _semester()
    if error:
        raise ValidationError({"period": error})
    if request.args.get("preparado") == "1":
        kept = prepared_service.prepared_report(period.code)
        if kept is None:
            abort(404)
        data = kept.pdf if kind == "pdf" else kept.xlsx
    else:
        data = _render(kind, semester_report(current_actor(), period))
    log_access("export", "report", f"informe-semestral.{kind} {period.code}")
    from io import BytesIO

    return send_file(BytesIO(data), mimetype=PDF if kind == "pdf" else formats.XLSX_MIMETYPE,
                     as_attachment=True, download_name=f"informe-semestral-{period.code}.{kind}")


def _render(kind: str, body: dict) -> bytes:
    if kind == "pdf":
        from service_desk.services.reports.semester_pdf import report_pdf

        return report_pdf(body)
    from service_desk.services.reports.semester_xlsx import report_workbook

    return report_workbook(body).getvalue()


@bp.app_context_processor
def _semester_nav():
    """`semester_notices()` for the navigation: prepared reports a national supervisor has not opened."""

    def semester_notices() -> int | None:
        if not current_user.is_authenticated or current_user.role not in REPORT_ROLES:
            return None
        return prepared_service.unread_notices(current_user.id)

    return {"semester_notices": semester_notices}
