"""JSON representations of API resources (API.md shapes)."""

from __future__ import annotations

from flask import current_app

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.sla import sla_state
from service_desk.models import Citizen, Ticket, TicketEvent, Trip
from service_desk.services import ubigeo
from service_desk.services.calendar import business_calendar
from service_desk.services.sealing import open_denuncia
from service_desk.services.surveys import survey_url


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def citizen_json(citizen: Citizen | None) -> dict | None:
    if citizen is None:
        return None
    return {
        "document_type": citizen.document_type, "document_number": citizen.document_number,
        "first_name": citizen.first_name, "last_name": citizen.last_name,
        "phone": citizen.phone, "email": citizen.email, "address": citizen.address,
        "language": citizen.language,
    }


def event_json(event: TicketEvent, sealed: dict | None = None) -> dict:
    """One audit entry; `sealed` (a denuncia, integrity only) restores what its seal keeps."""
    kept = (sealed or {}).get(str(event.id)) or {}
    return {"at": _iso(event.at), "kind": event.kind,
            "actor": event.actor.username if event.actor else None,
            "changes": {**(event.changes or {}), **(kept.get("changes") or {})},
            "note": kept.get("note", event.note)}


def ticket_sla(ticket: Ticket) -> str | None:
    state = sla_state(
        business_calendar(), ticket.office.code, ticket.due_on, clock.today_in_lima(),
        closed_on=ticket.closed_on if ticket.status == "cerrado" else None,
        annulled=ticket.status == "anulado",
        warning_days=current_app.config["SLA_WARNING_BUSINESS_DAYS"])
    return state.value if state else None


def ticket_json(ticket: Ticket, actor: Actor, with_events: bool = True) -> dict:
    """The ticket as API.md shows it; events only on single-ticket answers."""
    body = {
        "code": ticket.code, "type": ticket.type, "channel": ticket.channel,
        "office": ticket.office.code, "status": ticket.status, "subject": ticket.subject,
        "description": ticket.description, "citizen": citizen_json(ticket.citizen),
        "filed_at": _iso(ticket.filed_at), "received_on": _iso(ticket.received_on),
        "due_on": _iso(ticket.due_on), "closed_at": _iso(ticket.closed_at),
        "sla": ticket_sla(ticket), "response": ticket.response,
        "assignee": ticket.assignee.username if ticket.assignee else None,
        "motive": ticket.motive,
        "language": ticket.language, "trip": ticket.trip_id,
    }
    sealed_events = None
    if ticket.type == "denuncia":
        # Only the integrity role reaches this point (access.can_see); open the seal for it.
        content = open_denuncia(ticket)
        body.update(citizen=content["citizen"], description=content["description"],
                    pseudonym=content["pseudonym"])
        sealed_events = content.get("events")
    if ticket.status == "cerrado":
        body["survey"] = survey_json(ticket)
    if with_events:
        body["events"] = [event_json(e, sealed_events) for e in ticket.events]
    return body


def survey_json(ticket: Ticket) -> dict | None:
    """The satisfaction survey of a closed case (API.md); None for denuncias and older closings."""
    survey = ticket.survey
    if survey is None:
        return None
    return {"url": survey_url(survey), "rating": survey.rating, "answered_at": _iso(survey.answered_at)}


def receipt_json(ticket: Ticket) -> dict:
    """What a registrar who may not read the ticket gets back (a sealed denuncia)."""
    return {"code": ticket.code, "type": ticket.type, "status": ticket.status,
            "received_on": _iso(ticket.received_on), "due_on": _iso(ticket.due_on),
            "sealed": True}


def trip_json(trip: Trip) -> dict:
    district = ubigeo.district(trip.ubigeo)
    return {"id": trip.id, "office": trip.office.code, "ubigeo": trip.ubigeo,
            "district": district.as_json() if district else None,
            "starts_on": _iso(trip.starts_on), "ends_on": _iso(trip.ends_on),
            "staff": [u.username for u in trip.staff], "languages": list(trip.languages or []),
            "notes": trip.notes}


def trip_report_json(report) -> dict:
    """A trip with its attentions by type and language and its open cases (codes)."""
    return {**trip_json(report.trip), "attentions": {
        "total": report.total, "by_type": report.by_type, "by_language": report.by_language,
        "open_cases": [t.code for t in report.open_cases]}}
