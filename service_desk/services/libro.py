"""Libro de Reclamaciones digital (DS 007-2020-PCM): file a reclamo, and look a case up.

Filing reuses the shared ticket registration, so codes, reception day and due
date come from the same business calendar as every other channel. A filing is
registered by a system actor: the citizen has no account.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select

from service_desk import clock
from service_desk.domain.catalog import DEPARTMENT_OFFICES, SUBJECTS
from service_desk.domain.errors import ValidationError
from service_desk.domain.validation import validate_ticket
from service_desk.domain.workflow import STATUS_LABELS, Status
from service_desk.extensions import db
from service_desk.models import Attachment, Ticket
from service_desk.services import citizen_notifications
from service_desk.services.constancia import constancia_text
from service_desk.services.conversations import SYSTEM_ACTOR
from service_desk.services.tickets import register_ticket

# Every Peruvian department; those without their own Unidad Territorial are served by Sede Central.
DEPARTMENTS = sorted({*DEPARTMENT_OFFICES, "Callao", "Ica", "Madre de Dios", "Moquegua", "Tacna",
                      "Tumbes"})
FALLBACK_OFFICE = "SEDE"
MAX_FILES = 3
MAX_FILE_BYTES = 2 * 1024 * 1024
# Accepted by content, not by the name the browser sends.
SIGNATURES = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
# Validation keys of the shared ticket rules -> fields of the Hoja de Reclamación.
FIELD_OF = {"citizen.document_type": "document_type", "citizen.document_number": "document_number",
            "citizen.first_name": "first_name", "citizen.last_name": "last_name",
            "citizen.address": "address", "citizen.email": "email", "citizen.phone": "phone",
            "citizen": "email", "subject": "subject", "description": "facts"}


@dataclass
class UploadedFile:
    filename: str
    data: bytes


@dataclass
class ReclamoFiling:
    """The Hoja de Reclamación as the citizen filled it in."""

    document_type: str
    document_number: str
    first_name: str
    last_name: str
    address: str
    department: str
    email: str | None
    phone: str | None
    subject: str
    facts: str
    petition: str
    filing_id: str | None = None
    files: list[UploadedFile] = field(default_factory=list)


def office_for(department: str) -> str:
    return DEPARTMENT_OFFICES.get(department, FALLBACK_OFFICE)


def file_reclamo(filing: ReclamoFiling) -> Ticket:
    """Register the reclamo, keep its files and queue the constancia by e-mail.

    Everything is checked before anything is written, so an error saves nothing.
    """
    body = _ticket_body(filing)
    errors = _check_files(filing.files)
    try:
        validate_ticket(body, clock.now())
    except ValidationError as error:
        errors = {**{FIELD_OF.get(k, k): v for k, v in error.fields.items()}, **errors}
    if errors:
        raise ValidationError(errors, "Revise los datos marcados.")
    def keep_files_and_send_copy(ticket: Ticket) -> None:
        _keep_files(ticket, filing.files)
        citizen_notifications.constancia_copy(ticket, constancia_text(ticket))

    registration = register_ticket(SYSTEM_ACTOR, body, source="libro_reclamaciones",
                                   on_created=keep_files_and_send_copy)
    ticket = registration.ticket
    if not registration.created and ticket.citizen.document_number != body["citizen"]["document_number"]:
        # A reused form id from someone else: never show their case, file this one anew.
        return file_reclamo(replace(filing, filing_id=None))
    return ticket


def description_of(filing: ReclamoFiling) -> str:
    return (f"Servicio: {SUBJECTS.get(filing.subject, filing.subject)}\n\n"
            f"Detalle de los hechos:\n{filing.facts}\n\nPedido del usuario:\n{filing.petition}")


def _ticket_body(filing: ReclamoFiling) -> dict:
    return {
        "type": "reclamo", "channel": "libro_reclamaciones", "office": office_for(filing.department),
        "subject": filing.subject, "description": description_of(filing),
        "client_uuid": _filing_uuid(filing.filing_id),
        "citizen": {"document_type": filing.document_type,
                    "document_number": (filing.document_number or "").strip().upper(),
                    "first_name": filing.first_name, "last_name": filing.last_name,
                    "address": filing.address, "email": filing.email, "phone": filing.phone},
    }


def _filing_uuid(value: str | None) -> str:
    """The form's one-time id, so a double click registers one reclamo; a fresh one otherwise."""
    try:
        return str(uuid.UUID(value or ""))
    except ValueError:
        return str(uuid.uuid4())


def _check_files(files: list[UploadedFile]) -> dict[str, str]:
    if len(files) > MAX_FILES:
        return {"attachments": f"Puede adjuntar como máximo {MAX_FILES} archivos."}
    for item in files:
        if len(item.data) > MAX_FILE_BYTES:
            return {"attachments": f"«{item.filename}» supera el máximo de {_size(MAX_FILE_BYTES)} "
                                   "por archivo."}
        if content_type_of(item.data) is None:
            return {"attachments": f"«{item.filename}» no es PDF, JPG ni PNG."}
    return {}


def _size(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def content_type_of(data: bytes) -> str | None:
    return next((kind for kind, magic in SIGNATURES.items() if data.startswith(magic)), None)


def _keep_files(ticket: Ticket, files: list[UploadedFile]) -> None:
    now = clock.now()
    for item in files:
        db.session.add(Attachment(ticket_id=ticket.id, filename=item.filename[:200],
                                  content_type=content_type_of(item.data), size=len(item.data),
                                  data=item.data, source="libro_reclamaciones", created_at=now))


@dataclass(frozen=True)
class CaseStatus:
    """What "Consulta tu reclamo" may show: status, dates and the response, nothing else."""

    code: str
    status: str
    received_on: date
    due_on: date | None
    closed_on: date | None
    response: str | None


def lookup_case(code: str, document_number: str) -> CaseStatus | None:
    """The case with this code filed by this document; None for any mismatch (no hint which)."""
    code = (code or "").strip().upper()
    number = (document_number or "").strip().upper()
    if not code or not number:
        return None
    ticket = db.session.scalar(select(Ticket).where(Ticket.code == code))
    if (ticket is None or ticket.type == "denuncia" or ticket.citizen is None
            or ticket.citizen.document_number != number):
        return None
    closed = ticket.status == Status.CERRADO
    return CaseStatus(code=ticket.code, status=STATUS_LABELS[Status(ticket.status)],
                      received_on=ticket.received_on, due_on=ticket.due_on,
                      closed_on=ticket.closed_on, response=ticket.response if closed else None)
