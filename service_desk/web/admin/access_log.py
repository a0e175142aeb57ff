"""Registro de accesos: who viewed or exported personal data (Ley 29733), with filters and CSV."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template, request

from service_desk import clock
from service_desk.domain.calendar import LIMA
from service_desk.services.access_log import AccessFilters, export_access_log, search_access_log
from service_desk.web.admin import bp
from service_desk.web.admin.forms import ACCESS_ACTIONS, ACCESS_OBJECTS, AccessLogFilterForm
from service_desk.web.agent.routes import page_number
from service_desk.web.audit import log_access, page_ref

PER_PAGE = 50
CSV_COLUMNS = ["fecha_hora_lima", "usuario", "rol", "accion", "tipo", "objeto", "direccion", "canal"]
# A cell starting with one of these is a formula for Excel/LibreOffice: neutralise it.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _filters() -> tuple[AccessLogFilterForm, AccessFilters]:
    """The GET filters; a malformed date gets its message beside the field and is ignored."""
    form = AccessLogFilterForm(request.args)
    form.validate()
    if form.desde.data and form.hasta.data and form.hasta.data < form.desde.data:
        form.hasta.errors = [*form.hasta.errors, "«Hasta» no puede ser anterior a «Desde»."]
    ok = not form.errors
    return form, AccessFilters(
        username=(form.usuario.data or "").strip() or None,
        object_ref=(form.objeto.data or "").strip() or None,
        action=form.accion.data if form.accion.data in ACCESS_ACTIONS else None,
        since=form.desde.data if ok else None, until=form.hasta.data if ok else None)


@bp.get("/registro-de-accesos")
def access_log():
    """Registro de accesos: newest first, filtered by user, object, action and dates."""
    form, filters = _filters()
    page = page_number()
    items, total = search_access_log(filters, page, PER_PAGE)
    pager = {"page": page, "pages": max(1, -(-total // PER_PAGE))}
    return render_template("admin/access_log.html", form=form, items=items, total=total,
                           pager=pager, actions=ACCESS_ACTIONS, objects=ACCESS_OBJECTS)


@bp.get("/registro-de-accesos.csv")
def access_log_csv():
    """The filtered access log as CSV (the download is itself logged)."""
    _form, filters = _filters()
    entries = export_access_log(filters)
    log_access("export", "access_log", page_ref())
    name = f"registro-de-accesos-{clock.today_in_lima():%Y%m%d}.csv"
    return Response(_csv(entries), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


def _csv(entries) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([_cell(v) for v in (_lima(e.at), e.username, e.role, e.action,
                                             e.object_type, e.object_ref, e.address or "", e.channel)])
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read the accents as UTF-8


def _lima(instant) -> str:
    return instant.astimezone(LIMA).isoformat(timespec="seconds")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value
