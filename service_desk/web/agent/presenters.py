"""Turn the audit trail into a readable Spanish timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from service_desk.domain.catalog import MOTIVES, OFFICES, SUBJECTS, TICKET_TYPES
from service_desk.domain.workflow import STATUS_LABELS, Status
from service_desk.models import Ticket

EVENT_LABELS = {
    "created": "Registrado", "taken": "Tomado", "assigned": "Asignado", "derived": "Derivado",
    "note": "Nota interna", "closed": "Respondido y cerrado", "annulled": "Anulado",
    "redated": "Plazo recalculado", "reclassified": "Reclasificado",
    "seal_lifted": "Reserva de denuncia levantada", "citizen_message": "Mensaje del ciudadano",
    "survey_answered": "Encuesta de satisfacción respondida",
}
FIELD_LABELS = {
    "status": "Estado", "assignee": "Responsable", "derived_to": "Unidad",
    "received_on": "Recepción", "due_on": "Vence", "type": "Tipo", "subject": "Tema",
    "office": "Oficina", "motive": "Motivo",
}
VALUE_LABELS = {"type": TICKET_TYPES, "subject": SUBJECTS, "office": OFFICES, "motive": MOTIVES}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    label: str
    note: str | None
    changes: list[tuple[str, str, str]]


def _shown(field: str, value) -> str:
    if value in (None, ""):
        return "—"
    if field == "status" and value in {s.value for s in Status}:
        return STATUS_LABELS[Status(value)]
    if field in VALUE_LABELS:
        return VALUE_LABELS[field].get(value, str(value))
    if field in ("received_on", "due_on"):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def timeline(ticket: Ticket, sealed_events: dict | None = None) -> list[TimelineEntry]:
    """Every audit event, oldest first, with field changes spelled out.

    `sealed_events` (integrity only) holds the notes a denuncia's seal keeps, by event id.
    """
    entries = []
    for event in ticket.events:
        note = ((sealed_events or {}).get(str(event.id)) or {}).get("note", event.note)
        changes = [(FIELD_LABELS[f], _shown(f, v[0]), _shown(f, v[1]))
                   for f, v in (event.changes or {}).items()
                   if f in FIELD_LABELS and isinstance(v, list) and len(v) == 2]
        actor = event.actor.full_name or event.actor.username if event.actor else "Sistema"
        entries.append(TimelineEntry(event.at, actor, EVENT_LABELS.get(event.kind, event.kind),
                                     note, changes))
    return entries
