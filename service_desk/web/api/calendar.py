"""Calendar endpoints: due dates and non-working days."""

from __future__ import annotations

from flask import jsonify, request

from service_desk.domain.errors import ValidationError
from service_desk.services import calendar as calendar_service
from service_desk.web.api import bp
from service_desk.web.api.auth import current_actor
from service_desk.web.api.parsing import json_body, parse_date, query_int
from service_desk.web.read_routing import reads_from_replica


@bp.get("/calendar/due-date")
def due_date():
    """Reception día hábil and due date for a filing day, N días hábiles and an office."""
    if not request.args.get("from"):
        raise ValidationError({"from": "Indique la fecha de presentación (AAAA-MM-DD)."})
    start = parse_date(request.args["from"], "from")
    days = query_int("days", 30, 0, 365)
    received, due = calendar_service.due_date(start, days, request.args.get("office") or None)
    return jsonify({"received_on": received.isoformat(), "due_on": due.isoformat()})


@bp.get("/calendar/non-working-days")
@reads_from_replica
def list_non_working_days():
    """Declared días no laborables (feriados come from the law, not this list)."""
    year = query_int("year", 0, 0, 2100) or None
    rows = calendar_service.list_non_working_days(year)
    return jsonify({"items": [
        {"date": r.day.isoformat(), "office": r.office.code if r.office else None,
         "reason": r.reason} for r in rows]})


@bp.post("/calendar/non-working-days")
def add_non_working_day():
    """Declare a día no laborable (admin); open tickets are re-dated."""
    body = json_body()
    if "date" not in body:
        raise ValidationError({"date": "Indique la fecha (AAAA-MM-DD)."})
    day = parse_date(body["date"], "date")
    offices = body.get("offices")
    if offices is not None and (not isinstance(offices, list)
                                or not all(isinstance(o, str) for o in offices)):
        raise ValidationError({"offices": "Debe ser una lista de códigos de oficina o null."})
    rows, redated = calendar_service.add_non_working_day(
        current_actor(), day, offices, body.get("reason"))
    return jsonify({"date": day.isoformat(), "offices": offices,
                    "reason": body.get("reason"), "created": len(rows),
                    "redated_tickets": redated}), 201
