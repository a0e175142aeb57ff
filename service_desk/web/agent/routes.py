"""Agent pages: register an attention, citizen lookup, queues, the case page and its actions."""

from __future__ import annotations

import re
import uuid
from datetime import date

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from service_desk.domain import access
from service_desk.domain.catalog import OFFICES, TICKET_TYPES
from service_desk.domain.errors import DomainError
from service_desk.extensions import db
from service_desk.services import attachments, case_conversation, queues, ticket_actions, triage
from service_desk.services import tickets as ticket_service
from service_desk.services.sealing import open_denuncia
from service_desk.web.agent import bp
from service_desk.web.agent.formkit import apply_errors, option_values, options
from service_desk.web.agent.forms import (
    DESK_CHANNELS,
    AnnulForm,
    AssignForm,
    CloseForm,
    DeriveForm,
    FilterForm,
    NoteForm,
    ReclassifyForm,
    RegisterForm,
    TakeForm,
)
from service_desk.web.agent.presenters import timeline
from service_desk.web.agent.workbench import workbench_context
from service_desk.web.audit import log_access, page_ref
from service_desk.web.auth.guards import current_actor
from service_desk.web.read_routing import reads_from_replica

PER_PAGE = 25
RECEIPT_KEY = "last_registration"


def _register_form() -> RegisterForm:
    actor = current_actor()
    form = RegisterForm()
    types = ["denuncia"] if actor.role == "integrity" else list(TICKET_TYPES)
    offices = list(OFFICES) if access.sees_all_offices(actor) else [actor.office]
    channels = [*DESK_CHANNELS, "itinerante"] if actor.role == "itinerant" else list(DESK_CHANNELS)
    form.limit_to(types, offices, channels)
    if not form.is_submitted():
        form.office.data = actor.office
        form.client_uuid.data = str(uuid.uuid4())
        if len(types) == 1:
            form.type.data = types[0]
    return form


@bp.route("/registrar", methods=["GET", "POST"])
def register():
    """Registrar atención; after saving, the same page shows the code and the legal dates."""
    form = _register_form()
    general: list[str] = []
    if form.validate_on_submit():
        answer = form.answer.data if form.answered_now.data else None
        try:
            ticket = ticket_actions.register_attention(current_actor(), form.as_ticket_body(), answer)
        except DomainError as error:
            db.session.rollback()
            general = apply_errors(form, error)
        else:
            session[RECEIPT_KEY] = _receipt(ticket)
            return redirect(url_for("agent.register"))
    status = 422 if form.is_submitted() else 200
    receipt = session.pop(RECEIPT_KEY, None) if not form.is_submitted() else None
    return render_template("agent/register.html", form=form, general=general,
                           receipt=_receipt_dates(receipt)), status


def _receipt(ticket) -> dict:
    return {"code": ticket.code, "type": ticket.type, "status": ticket.status,
            "received_on": ticket.received_on.isoformat(),
            "due_on": ticket.due_on.isoformat() if ticket.due_on else None,
            "visible": access.can_see(current_actor(), ticket.office.code, ticket.type)}


def _receipt_dates(receipt: dict | None) -> dict | None:
    if receipt:
        for key in ("received_on", "due_on"):
            receipt[key] = date.fromisoformat(receipt[key]) if receipt[key] else None
    return receipt


def queue_filters(form: FilterForm, **fixed) -> queues.QueueFilters:
    """Filters from the GET form; unknown values are ignored rather than failing the page."""
    def pick(field) -> str | None:
        return field.data if field.data and field.data in option_values(field) else None

    values = {"text": (form.text.data or "").strip()[:100] or None, "type": pick(form.type),
              "channel": pick(form.channel), "sla": pick(form.sla), "office": pick(form.office),
              "language": pick(form.language), "motive": pick(form.motive)}
    status = form.status.data if form.status.data in option_values(form.status) else queues.OPEN
    sort = request.args.get("sort", "")
    default = queues.RELEVANCE if values["text"] else queues.DEFAULT_SORT  # a search ranks
    return queues.QueueFilters(status=status or None, **{**values, **fixed},
                               sort=sort if sort in queues.SORT_COLUMNS else default,
                               descending=request.args.get("dir") == "desc")


def page_number() -> int:
    return max(1, min(request.args.get("page", 1, type=int) or 1, 100_000))


def _queue_page(title: str, endpoint: str, **fixed):
    form = FilterForm(request.args)
    filters = queue_filters(form, **fixed)
    page = queues.queue_page(current_actor(), filters, page_number(), PER_PAGE)
    html = render_template("agent/queue.html", title=title, endpoint=endpoint, form=form,
                           page=page, show_office=access.sees_all_offices(current_actor()),
                           sort=filters, workbench=workbench_context(endpoint))
    log_access("search" if filters.text else "view", "queue", page_ref())
    return html


@bp.get("/mis-casos")
@reads_from_replica
def mine():
    """Mis casos: the cases assigned to me, by due date."""
    return _queue_page("Mis casos", "agent.mine", assignee_id=current_actor().id)


@bp.get("/bandeja")
@reads_from_replica
def inbox():
    """Bandeja de la oficina: every visible case of my office, by due date."""
    actor = current_actor()
    office = None if access.sees_all_offices(actor) else actor.office
    title = "Bandeja de la oficina" if office else "Bandeja de todas las oficinas"
    if actor.role == "integrity":
        title = "Bandeja de denuncias"
    return _queue_page(title, "agent.inbox")


ACTION_FORMS = {"note": NoteForm, "derive": DeriveForm, "close": CloseForm, "annul": AnnulForm,
                "take": TakeForm}


def render_ticket(code: str, forms: dict | None = None, general: list[str] | None = None,
                  status: int = 200):
    """The case page; `forms` carries a submitted form back with its errors and input."""
    actor = current_actor()
    ticket = ticket_service.get_ticket(actor, code)
    actions = ticket_actions.allowed_actions(actor, ticket)
    # Forms not submitted get no form data, so one action's input never fills another's.
    # Each form has its own prefix so field ids stay unique on the page.
    forms = {name: cls(formdata=None, prefix=name)
             for name, cls in ACTION_FORMS.items()} | (forms or {})
    if "assign" in actions and "assign" not in forms:
        forms["assign"] = AssignForm(formdata=None, prefix="assign")
    if "reclassify" in actions and "reclassify" not in forms:
        forms["reclassify"] = ReclassifyForm(formdata=None, prefix="reclassify")
        forms["reclassify"].fill_from(ticket)
    if "assign" in forms:
        forms["assign"].assignee.choices = options([("", "Elija a la persona")] + [
            (str(u.id), f"{u.full_name} ({u.username})")
            for u in ticket_actions.assignable_users(ticket.office.code)])
    # get_ticket lets only the integrity role reach a denuncia; open its seal for it.
    sealed = open_denuncia(ticket) if ticket.type == access.SEALED_TYPE else None
    return render_template("agent/ticket.html", ticket=ticket, badge=queues.badge(ticket),
                           files=attachments.list_files(actor, ticket),
                           conversation=case_conversation.conversation(ticket),
                           may_attach=actor.role in attachments.UPLOAD_ROLES,
                           sealed=sealed,
                           actions=actions, forms=forms, general=general or [],
                           timeline=timeline(ticket, sealed.get("events") if sealed else None)), status


@bp.get("/casos/<code>")
def ticket(code: str):
    """The case: citizen, description, deadline, timeline and the actions allowed now."""
    page = render_ticket(code)  # raises 404 first when the case is not visible: nothing to log
    log_access("view", "ticket", code)
    return page


ACTIONS = {
    "tomar": ("take", lambda a, c, f: ticket_actions.take_ticket(a, c), _l("Caso tomado.")),
    "nota": ("note", lambda a, c, f: ticket_actions.add_note(a, c, f.note.data), _l("Nota agregada.")),
    "derivar": ("derive", lambda a, c, f: ticket_actions.derive_ticket(a, c, f.unit.data, f.note.data),
                _l("Caso derivado.")),
    "cerrar": ("close", lambda a, c, f: ticket_actions.close_ticket(a, c, f.response.data,
                                                                         f.motive.data or None),
               _l("Respuesta registrada y caso cerrado.")),
    "anular": ("annul", lambda a, c, f: ticket_actions.annul_ticket(a, c, f.reason.data),
               _l("Caso anulado.")),
}


@bp.post("/casos/<code>/<action>")
def act(code: str, action: str):
    """Run one action on the case; on bad input show the page again with the message."""
    if action not in ACTIONS:
        abort(404)
    name, run, done = ACTIONS[action]
    form = ACTION_FORMS[name](prefix=name)
    if not form.validate_on_submit():
        return render_ticket(code, {name: form}, [gettext("El formulario caducó; inténtelo de nuevo.")], 400)
    try:
        run(current_actor(), code, form)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        db.session.rollback()
        return render_ticket(code, {name: form}, apply_errors(form, error), error.status)
    flash(str(done), "success")
    return redirect(url_for("agent.ticket", code=code))


@bp.post("/casos/<code>/reclasificar")
def reclassify(code: str):
    """Triage from the case page; a case that became a denuncia leaves the agent's view."""
    # The "por clasificar" page holds one form per case, each with its own field prefix.
    prefix = request.form.get("form_prefix", "")
    prefix = prefix if re.fullmatch(r"t\d{1,12}", prefix) else "reclassify"
    back_to_queue = request.form.get("next") == "por-clasificar"
    form = ReclassifyForm(prefix=prefix)
    if not form.validate_on_submit():
        return render_ticket(code, {"reclassify": form},
                             [gettext("El formulario caducó; inténtelo de nuevo.")], 400)
    actor = current_actor()
    try:
        ticket = triage.reclassify_ticket(actor, code, form.as_body())
    except DomainError as error:
        if error.status in (403, 404):
            raise
        db.session.rollback()
        if back_to_queue:
            flash(f"Caso {code}: " + " ".join(dict.fromkeys(error.fields.values()) or [error.message]),
                  "error")
            return redirect(url_for("agent.untriaged")), 303
        return render_ticket(code, {"reclassify": form}, apply_errors(form, error), error.status)
    if back_to_queue:
        flash(f"Caso {code} clasificado.", "success")
        return redirect(url_for("agent.untriaged"))
    if not access.can_see(actor, ticket.office.code, ticket.type):
        flash(gettext("Caso %(code)s reclasificado: ya no es visible para usted "
                      "(denuncia reservada a Integridad o caso de otra oficina).", code=code),
              "success")
        return redirect(url_for("agent.inbox"))
    flash(gettext("Caso reclasificado; el plazo se recalculó desde la fecha de recepción."),
          "success")
    return redirect(url_for("agent.ticket", code=code))
