"""Workload per person and office, and the dashboard: read-only figures for supervisors."""

from __future__ import annotations

from datetime import date, timedelta

from flask import render_template, request

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.catalog import CHANNELS, OFFICES, SUBJECTS
from service_desk.domain.workload import AGE_BUCKETS
from service_desk.services import dashboard as dashboard_service
from service_desk.services import workload as workload_service
from service_desk.web.auth.guards import current_actor
from service_desk.web.read_routing import reads_from_replica
from service_desk.web.reports.charts import percent_bars
from service_desk.web.supervisor import bp
from service_desk.web.supervisor.charts import count_bars, stacked_bars

DEFAULT_DAYS = 28
MAX_DAYS = 366


def _office() -> str | None:
    """The office chosen by a national supervisor (others always see their own)."""
    if not access.sees_all_offices(current_actor()):
        return None  # the scoping in the services already limits them to their office
    code = request.args.get("office") or None
    return code if code in OFFICES else None


def _date(name: str, default: date) -> tuple[date, str | None]:
    raw = request.args.get(name, "")
    if not raw:
        return default, None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return default, "Use una fecha válida (aaaa-mm-dd)."
    if not 2000 <= day.year <= 2080:
        return default, "La fecha debe estar entre los años 2000 y 2080."
    return day, None


@bp.get("/carga")
@reads_from_replica
def workload():
    """Carga de trabajo: open, overdue and closed this week per person and office, with times."""
    today = clock.today_in_lima()
    end, end_error = _date("hasta", today)
    start, start_error = _date("desde", end - timedelta(days=DEFAULT_DAYS - 1))
    errors = {k: v for k, v in (("desde", start_error), ("hasta", end_error)) if v}
    if start > end:
        errors["desde"] = "«Desde» debe ser anterior o igual a «Hasta»."
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    if (end - start).days >= MAX_DAYS:
        errors["desde"] = f"El periodo admite como máximo {MAX_DAYS} días."
        start = end - timedelta(days=MAX_DAYS - 1)
    actor = current_actor()
    office = _office()
    table = workload_service.workload(actor, start, end, office)
    return render_template("supervisor/workload.html", table=table, errors=errors, office=office,
                           national=access.sees_all_offices(actor),
                           single=workload_service.single_office(actor, office)), \
        422 if errors else 200


@bp.get("/tablero")
@reads_from_replica
def dashboard():
    """Tablero: weekly attentions per channel, SLA trend, backlog by age, first response, topics."""
    actor = current_actor()
    office = _office()
    figures = dashboard_service.dashboard(actor, office)
    labels = [f"{m:%d/%m}" for m in figures.weeks]
    charts = {
        "attentions": stacked_bars(labels, [
            (CHANNELS.get(c, c), [figures.attentions[m].get(c, 0) for m in figures.weeks])
            for c in figures.channels]),
        "compliance": percent_bars([(label, figures.compliance_percent(m))
                                    for label, m in zip(labels, figures.weeks, strict=True)]),
        "backlog": count_bars([(k.capitalize(), v) for k, v in figures.backlog.items()]),
        "first_response": count_bars([(label, figures.first_response[m])
                                      for label, m in zip(labels, figures.weeks, strict=True)]),
        "topics": count_bars([(SUBJECTS.get(s, s), n) for s, n in figures.topics]),
    }
    return render_template("supervisor/dashboard.html", d=figures, charts=charts, labels=labels,
                           office=office, national=access.sees_all_offices(actor),
                           age_buckets=AGE_BUCKETS)
