"""Supervisor pages: office overview with SLA counts, the office queue, reassignment."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.errors import DomainError
from service_desk.extensions import db
from service_desk.services import queue_export, queues, ticket_actions
from service_desk.web.agent.formkit import apply_errors
from service_desk.web.agent.routes import PER_PAGE, page_number, queue_filters, render_ticket
from service_desk.web.agent.workbench import workbench_context
from service_desk.web.audit import log_access, page_ref
from service_desk.web.auth.guards import current_actor
from service_desk.web.read_routing import reads_from_replica, stream_from_replica
from service_desk.web.supervisor import bp
from service_desk.web.supervisor.forms import AssignForm, FilterForm


@bp.get("/")
@reads_from_replica
def overview():
    """Open cases per office and SLA state (one office for a UT supervisor, all for UCI)."""
    actor = current_actor()
    rows = queues.office_overview(actor)
    totals = {key: sum(r[key] for r in rows)
              for key in ("en_plazo", "por_vencer", "vencido", "sin_plazo", "total")}
    return render_template("supervisor/overview.html", rows=rows, totals=totals,
                           national=access.sees_all_offices(actor))


@bp.get("/cola")
@reads_from_replica
def queue():
    """The queue with counts per SLA state and every filter (office for national supervisors)."""
    actor = current_actor()
    form = FilterForm(request.args)
    fixed = {} if access.sees_all_offices(actor) else {"office": actor.office}
    filters = queue_filters(form, **fixed)
    page = queues.queue_page(actor, filters, page_number(), PER_PAGE)
    counts = queues.sla_counts(actor, filters)
    html = render_template("supervisor/queue.html", form=form, page=page, counts=counts,
                           endpoint="supervisor.queue", sort=filters,
                           national=access.sees_all_offices(actor), show_office=True,
                           workbench=workbench_context("supervisor.queue", filters.office))
    log_access("search" if filters.text else "view", "queue", page_ref())  # it names citizens
    return html


@bp.post("/casos/<code>/asignar")
def assign(code: str):
    """Reassign the case to another agent of its office."""
    form = AssignForm(prefix="assign")
    chosen = form.assignee.data or ""
    if not form.validate_on_submit():
        return render_ticket(code, {"assign": form}, ["El formulario caducó; inténtelo de nuevo."],
                             400)
    try:
        user_id = int(chosen) if chosen.isdigit() else None
        ticket = ticket_actions.assign_ticket(current_actor(), code, user_id)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        db.session.rollback()
        return render_ticket(code, {"assign": form}, apply_errors(form, error), error.status)
    flash(f"Caso asignado a {ticket.assignee.full_name}.", "success")
    return redirect(url_for("agent.ticket", code=code))


def _queue_filters():
    actor = current_actor()
    fixed = {} if access.sees_all_offices(actor) else {"office": actor.office}
    return actor, queue_filters(FilterForm(request.args), **fixed)


@bp.get("/cola/exportar")
@reads_from_replica
def export_queue():
    """The filtered queue as CSV (streamed) or Excel; every row the filters select, in their order."""
    actor, filters = _queue_filters()
    kind = request.args.get("formato", "csv")
    if kind not in ("csv", "xlsx"):
        abort(404)
    log_access("export", "queue", page_ref())  # names citizens: written before the first byte
    rows = queue_export.export_rows(actor, filters)
    name = f"cola-{filters.office or 'todas'}-{clock.today_in_lima():%Y%m%d}.{kind}"
    if kind == "xlsx":
        response = send_file(queue_export.xlsx_file(rows), mimetype=queue_export.XLSX_MIMETYPE,
                             as_attachment=True, download_name=name)
    else:
        # No Content-Length: the first rows leave while the rest are still being read.
        response = Response(stream_with_context(stream_from_replica(queue_export.csv_chunks(rows))),
                            mimetype=queue_export.CSV_MIMETYPE,
                            headers={"Content-Disposition": f"attachment; filename={name}"})
    return _mark_download(response)


def _mark_download(response):
    """A cookie the queue page watches to tell the person waiting that the download started."""
    token = request.args.get("aviso", "")
    if token.isalnum() and len(token) <= 32:
        response.set_cookie("descarga", token, max_age=120, samesite="Strict",
                            secure=request.is_secure)
    return response
