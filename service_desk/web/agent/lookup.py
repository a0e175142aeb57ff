"""The citizen lookup behind the registration form (DNI → name, contact, earlier cases).

It hands out personal data, so (issue 12) it is scoped like the queues (a citizen known
only to other offices is "not found" for office-scoped roles; integrity, whose cases are
denuncias, never gets identity data here), limited per user so the DNI space cannot be
walked, and every lookup is written to the access log.
"""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from flask_login import current_user

from service_desk.domain.catalog import DOCUMENT_TYPES, TICKET_TYPES
from service_desk.domain.validation import validate_document
from service_desk.domain.workflow import STATUS_LABELS, Status
from service_desk.services import queues
from service_desk.web.agent import bp
from service_desk.web.audit import log_access
from service_desk.web.auth.guards import current_actor
from service_desk.web.public import limiter

FIELDS = ("first_name", "last_name", "phone", "email", "address", "language")


def _lookup_limit() -> str:
    return current_app.config["CITIZEN_LOOKUP_RATE_LIMIT"]


def _per_user() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"


@bp.get("/ciudadano")
@limiter.limit(_lookup_limit, key_func=_per_user)
def citizen_lookup():
    """JSON for the registration form: the citizen and their earlier cases the user may see."""
    doc_type = request.args.get("document_type", "DNI")
    number = (request.args.get("document_number") or "").strip().upper()
    problem = "Tipo de documento no válido." if doc_type not in DOCUMENT_TYPES else \
        validate_document(doc_type, number)
    if problem:
        return jsonify({"found": False, "error": problem}), 400
    log_access("search", "citizen", f"{doc_type} {number}")
    citizen, history = queues.citizen_with_history(current_actor(), doc_type, number)
    if citizen is None:
        return jsonify({"found": False})
    return jsonify({"found": True, "citizen": {f: getattr(citizen, f) or "" for f in FIELDS},
                    "history": [_history_row(t) for t in history]})


def _history_row(ticket) -> dict:
    return {"code": ticket.code, "type": TICKET_TYPES[ticket.type],
            "status": STATUS_LABELS.get(Status(ticket.status), ticket.status),
            "received_on": ticket.received_on.strftime("%d/%m/%Y"),
            "url": url_for("agent.ticket", code=ticket.code)}
