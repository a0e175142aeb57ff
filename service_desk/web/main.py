"""Landing page, health check, and the template helpers every page uses."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, current_app, jsonify, redirect, render_template
from flask_login import current_user
from sqlalchemy import text

from service_desk import clock
from service_desk.domain import catalog
from service_desk.domain.calendar import LIMA
from service_desk.domain.sla import SLA_LABELS
from service_desk.domain.workflow import STATUS_LABELS
from service_desk.extensions import db
from service_desk.replica import replica_state
from service_desk.services.queues import SORT_COLUMNS
from service_desk.web.auth.guards import home_url

bp = Blueprint("main", __name__)

WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


@bp.get("/")
def index():
    """Signed-in staff go to their role's page; visitors see what the desk is."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user.role))
    return render_template("main/index.html")


@bp.get("/favicon.ico")
def favicon():
    """The desk's icon where browsers look for it (an SVG: every supported browser reads it)."""
    return current_app.send_static_file("favicon.svg")


@bp.get("/healthz")
def healthz():
    """Liveness plus a database round trip, for load balancers and monitors.

    The replica's state is reported (ok, lagging, disconnected, down, off) but never makes
    the host unhealthy: without it, reads fall back to the primary.
    """
    replica = replica_state().as_dict()
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure makes the instance unhealthy
        db.session.rollback()
        return jsonify(status="error", database="unreachable", replica=replica), 503
    return jsonify(status="ok", database="ok", replica=replica, time=clock.now().isoformat())


@bp.app_template_filter("fecha")
def fecha(value: date | datetime | None, weekday: bool = False) -> str:
    """A date as dd/mm/aaaa (optionally with the Spanish weekday); instants in Lima time."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(LIMA).date()
    shown = value.strftime("%d/%m/%Y")
    return f"{WEEKDAYS[value.weekday()]} {shown}" if weekday else shown


@bp.app_template_filter("fecha_hora")
def fecha_hora(value: datetime | None) -> str:
    """An instant as dd/mm/aaaa hh:mm in Lima time."""
    return value.astimezone(LIMA).strftime("%d/%m/%Y %H:%M") if value else "—"


@bp.app_template_filter("language_label")
def language_label(code: str | None) -> str:
    """The Spanish name of a language code (the code itself when the catalogue lacks it)."""
    code = code or "es"
    return catalog.LANGUAGES.get(code, code)


@bp.app_template_global()
def query_args(*dropped: str) -> dict[str, str]:
    """The request's query parameters to rebuild a link with url_for(**...): without `dropped`
    names and without url_for's own keywords (`_scheme`, `_external`...), which a visitor could
    otherwise send to break the page (issue 12's hostile-input suite found `?formato=`)."""
    from flask import request

    return {key: value for key, value in request.args.items()
            if key not in dropped and not key.startswith("_")}


@bp.app_context_processor
def labels() -> dict:
    """Spanish labels of the vocabularies, for every template."""
    return {
        "TYPE_LABELS": catalog.TICKET_TYPES, "CHANNEL_LABELS": catalog.CHANNELS,
        "SUBJECT_LABELS": catalog.SUBJECTS, "OFFICE_LABELS": catalog.OFFICES,
        "ROLE_LABELS": catalog.ROLES, "LANGUAGE_LABELS": catalog.LANGUAGES, "MOTIVE_LABELS": catalog.MOTIVES,
        "STATUS_LABELS": {s.value: label for s, label in STATUS_LABELS.items()},
        "SLA_LABELS": {s.value: label for s, label in SLA_LABELS.items()},
        "SORT_LABELS": SORT_COLUMNS,
    }
