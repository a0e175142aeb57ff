"""The "Por clasificar" page: one agent triages a morning's WhatsApp and e-mail messages."""

from __future__ import annotations

from flask import abort, render_template

from service_desk.services import untriaged as untriaged_service
from service_desk.web.agent import bp
from service_desk.web.agent.forms import ReclassifyForm
from service_desk.web.audit import log_access, page_ref
from service_desk.web.auth.guards import current_actor


@bp.get("/por-clasificar")
def untriaged():
    """Untriaged message cases, oldest first, each with its thread and a triage form."""
    actor = current_actor()
    if actor.role not in untriaged_service.TRIAGE_ROLES:
        abort(403)
    waiting, total = untriaged_service.untriaged(actor)
    forms = {}
    for item in waiting:
        form = ReclassifyForm(formdata=None, prefix=f"t{item.ticket.id}")
        form.fill_from(item.ticket)
        forms[item.ticket.id] = form
    html = render_template("agent/untriaged.html", waiting=waiting, total=total, forms=forms)
    log_access("view", "queue", page_ref())  # the threads carry citizens' names and numbers
    return html
