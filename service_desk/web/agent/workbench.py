"""The queues' workbench: bulk take/assign, saved filters, and what the queue templates need."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user

from service_desk.domain import access
from service_desk.domain.errors import DomainError
from service_desk.extensions import db
from service_desk.services import bulk_actions, saved_filters, ticket_actions
from service_desk.web.agent import bp
from service_desk.web.auth.guards import current_actor


def workbench_context(endpoint: str, office: str | None = None) -> dict:
    """Saved filters of this queue, the bulk actions the role may use, and who can be assigned."""
    actor = current_actor()
    actions = []
    if actor.role in ticket_actions.CASE_WORKER_ROLES and actor.role != "integrity":
        actions.append(("take", "Tomar los casos marcados"))
    assign_office = office if access.sees_all_offices(actor) else actor.office
    assignees = []
    if actor.role in ticket_actions.ASSIGNING_ROLES and assign_office:
        assignees = ticket_actions.assignable_users(assign_office)
        actions.append(("assign", "Asignar los casos marcados a"))
    return {"saved": saved_filters.list_filters(actor.id, endpoint), "actions": actions,
            "assignees": assignees, "endpoint": endpoint,
            "query": saved_filters.clean_query(request.query_string.decode("utf-8", "replace"))}


def _back() -> str:
    """The queue the form came from, with its filters (only a known queue: no open redirect)."""
    view = request.form.get("view", "")
    if view not in saved_filters.VIEWS:
        view = "agent.inbox"
    query = saved_filters.clean_query(request.form.get("query", ""))
    return url_for(view) + (f"?{query}" if query else "")


@bp.post("/lote")
def bulk():
    """Take or assign every case marked in a queue: all of them or none."""
    action = request.form.get("action")
    ids = request.form.getlist("ids")
    try:
        if action == "take":
            done = bulk_actions.bulk_take(current_actor(), ids)
            flash(ngettext("%(num)d caso tomado.", "%(num)d casos tomados.", len(done)), "success")
        elif action == "assign":
            done = bulk_actions.bulk_assign(current_actor(), ids, request.form.get("assignee"))
            flash(ngettext("%(num)d caso asignado.", "%(num)d casos asignados.", len(done)),
                  "success")
        else:
            flash(gettext("Elija una acción para los casos marcados."), "error")
    except DomainError as error:
        db.session.rollback()
        flash(" ".join([error.message, *error.fields.values()])
              if error.message == "Hay datos inválidos." else error.message, "error")
    return redirect(_back())


@bp.post("/filtros")
def save_filter():
    """Save the queue's current filters under a name, for this user only."""
    try:
        saved = saved_filters.save_filter(current_user.id, request.form.get("name"),
                                          request.form.get("view", ""), request.form.get("query", ""))
    except DomainError as error:
        db.session.rollback()
        flash(" ".join(error.fields.values()) or error.message, "error")
        return redirect(_back())
    flash(gettext("Filtro «%(name)s» guardado.", name=saved.name), "success")
    return redirect(_back())


@bp.get("/filtros/<int:filter_id>")
def apply_filter(filter_id: int):
    """Open the queue with one of my saved filters."""
    saved = saved_filters.own_filter(current_user.id, filter_id)
    return redirect(url_for(saved.view) + (f"?{saved.query}" if saved.query else ""))


@bp.post("/filtros/<int:filter_id>/eliminar")
def delete_filter(filter_id: int):
    """Delete one of my saved filters."""
    saved = saved_filters.own_filter(current_user.id, filter_id)
    view = saved.view
    saved_filters.delete_filter(current_user.id, filter_id)
    flash(gettext("Filtro eliminado."), "success")
    return redirect(url_for(view))
