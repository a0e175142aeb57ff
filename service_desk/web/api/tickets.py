"""Ticket endpoints: create, get, list, close, annul, reclassify."""

from __future__ import annotations

from flask import g, jsonify, request

from service_desk.domain import access
from service_desk.domain.catalog import CHANNELS, OFFICES, TICKET_TYPES
from service_desk.domain.sla import SlaState
from service_desk.domain.workflow import Status
from service_desk.services import tickets as ticket_service
from service_desk.services import triage
from service_desk.services.access_log import record_access
from service_desk.web.api import bp
from service_desk.web.api.auth import current_actor
from service_desk.web.api.parsing import json_body, query_choice, query_int, query_language, query_text
from service_desk.web.api.serializers import receipt_json, ticket_json
from service_desk.web.read_routing import reads_from_replica


@bp.post("/tickets")
def create_ticket():
    """Register a ticket; a repeated client_uuid answers 200 with the first one."""
    actor = current_actor()
    result = ticket_service.register_ticket(actor, json_body())
    ticket = result.ticket
    visible = access.can_see(actor, ticket.office.code, ticket.type)
    body = ticket_json(ticket, actor) if visible else receipt_json(ticket)
    return jsonify(body), 201 if result.created else 200


@bp.get("/tickets/<code>")
def get_ticket(code: str):
    """One ticket with its audit trail."""
    actor = current_actor()
    ticket = ticket_service.get_ticket(actor, code)
    body = jsonify(ticket_json(ticket, actor))
    record_access(g.user, "view", "ticket", code, request.remote_addr, channel="api")
    return body


@bp.get("/tickets")
@reads_from_replica
def list_tickets():
    """Visible tickets, filtered and paginated, ordered by due date."""
    actor = current_actor()
    filters = ticket_service.TicketFilters(
        office=query_choice("office", OFFICES, "La oficina"),
        status=query_choice("status", [s.value for s in Status], "El estado"),
        type=query_choice("type", TICKET_TYPES, "El tipo"),
        channel=query_choice("channel", CHANNELS, "El canal"),
        sla=query_choice("sla", [s.value for s in SlaState], "El estado de plazo"),
        text=query_text("text", "La búsqueda", 100),
        language=query_language(),
        trip_id=query_int("trip", 0, 1, 2**31 - 1) or None,
    )
    page = query_int("page", 1, 1, 100_000)
    per_page = query_int("per_page", 50, 1, 200)
    found = ticket_service.list_tickets(actor, filters, page, per_page)
    body = jsonify({"items": [ticket_json(t, actor, with_events=False) for t in found.items],
                    "page": page, "per_page": per_page, "total": found.total,
                    "total_capped": found.capped})
    # Logged after serialising: the log's commit would expire the loaded tickets.
    record_access(g.user, "view", "queue", request.full_path.rstrip("?"), request.remote_addr,
                  channel="api")  # the items carry citizens' names and documents
    return body


@bp.post("/tickets/<code>/close")
def close_ticket(code: str):
    """Close with the response sent to the citizen; reclamos and quejas need their motive."""
    actor = current_actor()
    body = json_body()
    ticket = ticket_service.close_ticket(actor, code, body.get("response"), body.get("motive"))
    return jsonify(ticket_json(ticket, actor))


@bp.post("/tickets/<code>/annul")
def annul_ticket(code: str):
    """Annul with a reason (supervisors)."""
    actor = current_actor()
    ticket = ticket_service.annul_ticket(actor, code, json_body().get("reason"))
    return jsonify(ticket_json(ticket, actor))


@bp.post("/tickets/<code>/reclassify")
def reclassify_ticket(code: str):
    """Triage: change type, subject or office of an open case; a new denuncia answers sealed."""
    actor = current_actor()
    ticket = triage.reclassify_ticket(actor, code, json_body())
    # A case moved to another office is answered in full (the caller read it a moment ago);
    # one that became a denuncia only with the sealed receipt, outside integrity.
    sealed = ticket.type == access.SEALED_TYPE and actor.role != "integrity"
    return jsonify(receipt_json(ticket) if sealed else ticket_json(ticket, actor))
