"""Report pages: parse the query, call a service, render HTML or an Excel file."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.catalog import CHANNELS, OFFICES, TICKET_TYPES
from service_desk.domain.errors import Forbidden, ValidationError
from service_desk.domain.indicators import FIGURE_LABELS, INDICATOR_TARGET, Period, parse_period, quarter_of
from service_desk.services import alerts as alert_service
from service_desk.services import indicators as indicator_service
from service_desk.services import targets as target_service
from service_desk.web.audit import log_access
from service_desk.web.auth.guards import current_actor
from service_desk.web.read_routing import reads_from_replica
from service_desk.web.reports import bp
from service_desk.web.reports.charts import percent_bars
from service_desk.web.reports.exports import XLSX_MIMETYPE, indicator_workbook, targets_workbook

PER_PAGE = 50


def _page() -> int:
    raw = request.args.get("page", "1")
    return max(1, min(int(raw), 100_000)) if raw.isdigit() else 1


def _office() -> str | None:
    office = request.args.get("office") or None
    if office is not None and office not in OFFICES:
        raise ValidationError({"office": "Oficina desconocida."})
    return office


def _period() -> tuple[Period, str | None, str]:
    """(period, error beside the field, raw input kept in the field)."""
    default = quarter_of(clock.today_in_lima())
    raw = request.args.get("period") or default.code
    try:
        return parse_period(raw), None, raw
    except ValidationError as error:
        return default, error.fields["period"], raw


def _year() -> int:
    raw = request.args.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else clock.today_in_lima().year


def _ticket_url(code: str) -> str | None:
    """Link to the case page for those who may open it; the admin reads reports, not cases."""
    if current_user.role == "admin" or "agent.ticket" not in current_app.view_functions:
        return None
    return url_for("agent.ticket", code=code)


@bp.get("/alertas")
def alerts():
    """SLA alerts of the tickets the user may see; unread ones of the user highlighted."""
    actor = current_actor()
    level = request.args.get("level") if request.args.get("level") in alert_service.LEVELS else None
    show_all = request.args.get("todas") == "1"
    page = _page()
    rows, total = alert_service.list_alerts(actor, None, level, open_only=not show_all,
                                            page=page, per_page=PER_PAGE)
    return render_template(
        "reports/alerts.html", rows=rows, total=total, page=page, per_page=PER_PAGE, level=level,
        show_all=show_all, unread=alert_service.unread_alert_ids(current_user.id),
        notices=alert_service.unread_notices(actor, current_user.id),
        labels=alert_service.LEVEL_LABELS, ticket_url=_ticket_url, types=TICKET_TYPES)


@bp.post("/alertas/leidas")
def mark_alerts_read():
    """Mark every alert of the user as read (clears the counter in the navigation)."""
    count = alert_service.mark_all_read(current_user.id)
    flash(f"{count} alerta(s) marcadas como leídas.", "success")
    return redirect(url_for("reports.alerts"))


@bp.get("/indicador-3")
@reads_from_replica
def indicator():
    """Indicador 3 per office with the 100 % target, quarterly trend and stored snapshots."""
    actor = current_actor()
    period, period_error, raw = _period()
    office = _office()
    report = indicator_service.indicator_3(actor, period, office)
    trend = indicator_service.trend(actor, period, office)
    chart = percent_bars([(q.code.replace("-", " "), row.value) for q, row in trend])
    return render_template(
        "reports/indicator3.html", report=report, period_input=raw, period_error=period_error,
        office=office, offices=OFFICES, national=access.sees_all_offices(actor), chart=chart,
        history=indicator_service.snapshot_history(actor, period, office),
        labels=FIGURE_LABELS, target=INDICATOR_TARGET)


@bp.get("/indicador-3/casos")
@reads_from_replica
def indicator_tickets():
    """The tickets behind one figure of Indicador 3 (drill-down)."""
    actor = current_actor()
    period, _, _ = _period()
    office, figure = _office(), request.args.get("figure", "denominator")
    tickets, total = indicator_service.figure_tickets(actor, period, office, figure)
    html = render_template("reports/indicator3_tickets.html", tickets=tickets, total=total,
                           period=period, office=office, figure=figure, labels=FIGURE_LABELS,
                           offices=OFFICES, ticket_url=_ticket_url, types=TICKET_TYPES)
    log_access("view", "report", f"indicador-3/casos {period.code} {office or 'todas'} {figure}")
    return html


@bp.get("/indicador-3.xlsx")
@reads_from_replica
def indicator_export():
    """Indicador 3 as the plantilla in Excel."""
    period, error, _ = _period()
    if error:
        raise ValidationError({"period": error})
    office = _office()
    report = indicator_service.indicator_3(current_actor(), period, office)
    log_access("export", "report", f"indicador-3.xlsx {period.code} {office or 'todas'}")
    return send_file(indicator_workbook(report), mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=f"indicador-3-{period.code}.xlsx")


@bp.get("/metas")
@reads_from_replica
def targets():
    """Targets and logro % per office and channel for the year so far."""
    actor = current_actor()
    report = target_service.achievement(actor, _year(), _office())
    return render_template("reports/targets.html", report=report, offices=OFFICES,
                           channels=CHANNELS, national=access.sees_all_offices(actor),
                           can_edit=actor.role in target_service.EDITING_ROLES,
                           office=request.args.get("office") or None)


@bp.get("/metas.xlsx")
@reads_from_replica
def targets_export():
    """Targets and logro % in Excel."""
    office = _office()
    report = target_service.achievement(current_actor(), _year(), office)
    log_access("export", "report", f"metas.xlsx {report.year} {office or 'todas'}")
    return send_file(targets_workbook(report), mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=f"metas-{report.year}.xlsx")


@bp.route("/metas/editar", methods=["GET", "POST"])
def edit_targets():
    """Edit a year's targets (national supervision and administrators)."""
    actor = current_actor()
    if actor.role not in target_service.EDITING_ROLES:
        raise Forbidden("Solo la supervisión nacional o un administrador puede editar las metas.")
    year = _year()
    values = target_service.targets_of(year, list(OFFICES))
    errors: dict[str, str] = {}
    if request.method == "POST":
        submitted = {(o, c): request.form.get(f"t-{o}-{c}", "") for o in OFFICES for c in CHANNELS}
        try:
            changed = target_service.save_targets(actor, year, submitted)
        except ValidationError as error:
            errors, values = error.fields, submitted
        else:
            flash(f"Metas de {year} guardadas ({changed} cambio(s)).", "success")
            return redirect(url_for("reports.targets", year=year))
    return render_template("reports/targets_edit.html", year=year, values=values, errors=errors,
                           offices=OFFICES, channels=CHANNELS), 422 if errors else 200


@bp.post("/metas/copiar")
def copy_targets():
    """Start a year's targets from another year's."""
    year, source = _year(), request.form.get("source_year", "")
    try:
        added = target_service.copy_targets(current_actor(), int(source) if source.isdigit() else 0,
                                            year)
    except ValidationError as error:
        flash(next(iter(error.fields.values())), "error")
    else:
        flash(f"{added} meta(s) copiadas de {source} a {year}.", "success")
    return redirect(url_for("reports.edit_targets", year=year))
