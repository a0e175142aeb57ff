"""Report pages of the itinerant work: lenguas originarias per UT, itinerant progress per UT."""

from __future__ import annotations

from flask import render_template, request, send_file

from service_desk.domain import access
from service_desk.domain.catalog import LANGUAGES, OFFICES
from service_desk.domain.errors import ValidationError
from service_desk.services import itinerancy
from service_desk.web.audit import log_access
from service_desk.web.auth.guards import current_actor
from service_desk.web.read_routing import reads_from_replica
from service_desk.web.reports import bp
from service_desk.web.reports.exports import XLSX_MIMETYPE, languages_workbook
from service_desk.web.reports.routes import _office, _period, _year

MONTHS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Set", "Oct", "Nov", "Dic"]
LANGUAGE_LABELS = {**LANGUAGES, "otro": "Otras lenguas"}


@bp.get("/lenguas")
@reads_from_replica
def languages():
    """Attentions held in lenguas originarias per UT and period."""
    actor = current_actor()
    period, period_error, raw = _period()
    office = _office()
    report = itinerancy.native_language_report(actor, period, office)
    return render_template("reports/languages.html", report=report, period_input=raw,
                           period_error=period_error, office=office, offices=OFFICES,
                           national=access.sees_all_offices(actor), labels=LANGUAGE_LABELS)


@bp.get("/lenguas.xlsx")
@reads_from_replica
def languages_export():
    """The lenguas originarias report in Excel."""
    period, error, _ = _period()
    if error:
        raise ValidationError({"period": error})
    office = _office()
    report = itinerancy.native_language_report(current_actor(), period, office)
    log_access("export", "report", f"lenguas.xlsx {period.code} {office or 'todas'}")
    return send_file(languages_workbook(report, LANGUAGE_LABELS), mimetype=XLSX_MIMETYPE,
                     as_attachment=True, download_name=f"lenguas-originarias-{period.code}.xlsx")


@bp.get("/itinerante")
@reads_from_replica
def itinerant():
    """Itinerant attentions per UT and month against the annual annex 8.1 target."""
    actor = current_actor()
    report = itinerancy.itinerant_progress(actor, _year(), _office())
    return render_template("reports/itinerant.html", report=report, offices=OFFICES,
                           months=MONTHS, national=access.sees_all_offices(actor),
                           office=request.args.get("office") or None)
