"""Files of a case for staff: what came with WhatsApp, e-mail and the Libro, and what agents attach.

Uploads are PDF, JPG or PNG recognised by their first bytes (never by the name
or the browser's word), at most MAX_BYTES. WhatsApp media stay at Twilio until
someone opens them: then they are fetched once with the account's credentials
and kept as an attachment of the case. A denuncia's files are encrypted like
the rest of its seal; only integrity sees the case, so only integrity gets them.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from flask import current_app
from sqlalchemy import select
from werkzeug.utils import secure_filename

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.access import Actor
from service_desk.domain.errors import Forbidden, NotFound, ValidationError
from service_desk.extensions import db
from service_desk.models import Attachment, InboundMessage, SealedRecord, Ticket
from service_desk.services import sealed_cases
from service_desk.services.sealing import sealer
from service_desk.services.tickets import add_event, get_ticket

MAX_BYTES = 5 * 1024 * 1024
# First bytes -> (content type, extension). Anything else is refused.
SIGNATURES = ((b"%PDF-", "application/pdf", "pdf"), (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
              (b"\xff\xd8\xff", "image/jpeg", "jpg"))
TWILIO_API = "https://api.twilio.com"
MEDIA_TIMEOUT = 15
UPLOAD_ROLES = access.CLOSING_ROLES


@dataclass(frozen=True)
class FileRow:
    id: int
    filename: str
    content_type: str
    size: int
    source: str
    created_at: object


def list_files(actor: Actor, ticket: Ticket) -> list[FileRow]:
    """The case's files, oldest first; a sealed file shows its real name to integrity only."""
    names = _sealed_names(ticket) if ticket.type == access.SEALED_TYPE else {}
    items = db.session.scalars(select(Attachment).where(Attachment.ticket_id == ticket.id)
                               .order_by(Attachment.id))
    return [FileRow(a.id, names.get(str(a.id), a.filename), a.content_type, a.size, a.source,
                    a.created_at) for a in items]


def _sealed_names(ticket: Ticket) -> dict:
    record = db.session.get(SealedRecord, ticket.id)
    return (sealer().open(record.ciphertext).get("attachments") or {}) if record else {}


def open_file(actor: Actor, code: str, attachment_id: int) -> tuple[str, str, bytes]:
    """(name, content type, bytes) of a file of a case the actor may see; 404 otherwise."""
    ticket = get_ticket(actor, code)
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.ticket_id != ticket.id:
        raise NotFound("No existe ese archivo en el caso.")
    name, data = sealed_cases.open_attachment(item)
    return name, item.content_type, data


def detect_type(data: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    return None


def attach_file(actor: Actor, code: str, filename: str, data: bytes, uploader_id: int | None) -> Attachment:
    """An agent attaches a PDF/JPG/PNG to an open or closed case (commits)."""
    ticket = get_ticket(actor, code)
    if actor.role not in UPLOAD_ROLES:
        raise Forbidden("Su rol no puede adjuntar archivos.")
    if not data:
        raise ValidationError({"file": "Elija un archivo PDF, JPG o PNG."})
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": "El archivo supera los 5 MB permitidos."})
    kind = detect_type(data)
    if kind is None:
        raise ValidationError({"file": "Solo se aceptan archivos PDF, JPG o PNG."})
    content_type, extension = kind
    stem = secure_filename(filename.rsplit(".", 1)[0])[:80] or "adjunto"
    item = _store(ticket, f"{stem}.{extension}", content_type, data, "agente", uploader_id)
    add_event(ticket, actor, "file_attached", {"attachments": [item.filename]})
    db.session.commit()
    return item


def _store(ticket: Ticket, name: str, content_type: str, data: bytes, source: str,
           uploader_id: int | None) -> Attachment:
    item = Attachment(ticket_id=ticket.id, filename=name, content_type=content_type, size=len(data),
                      data=data, source=source, uploaded_by_id=uploader_id, created_at=clock.now())
    db.session.add(item)
    db.session.flush()
    if ticket.type == access.SEALED_TYPE:
        sealed_cases.seal_new_attachment(ticket, item)
    return item


def fetch_whatsapp_media(actor: Actor, code: str, message_id: int, index: int) -> Attachment:
    """The media `index` of a WhatsApp message of the case, fetched from Twilio once (commits)."""
    ticket = get_ticket(actor, code)
    message = db.session.get(InboundMessage, message_id)
    media = list(message.media or []) if message and message.ticket_id == ticket.id else []
    if not 0 <= index < len(media):
        raise NotFound("No existe ese archivo en el caso.")
    entry = dict(media[index])
    if entry.get("attachment_id"):
        return db.session.get(Attachment, entry["attachment_id"])
    data, content_type = _download(entry.get("url") or "")
    kind = detect_type(data)
    extension = kind[1] if kind else "bin"
    item = _store(ticket, f"whatsapp-{message.id}-{index + 1}.{extension}",
                  kind[0] if kind else content_type, data, "whatsapp", None)
    media[index] = {**entry, "attachment_id": item.id}
    message.media = media
    db.session.commit()
    return item


def _download(url: str) -> tuple[bytes, str]:
    """GET a Twilio media URL with the account's credentials; only Twilio's own host."""
    config = current_app.config
    allowed = (config.get("TWILIO_API_BASE_URL") or TWILIO_API).rstrip("/") + "/"
    if not url.startswith(allowed):
        raise NotFound("El archivo no está en Twilio.")
    try:
        answer = requests.get(url, auth=(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"]),
                              timeout=MEDIA_TIMEOUT, stream=True)
        data = answer.raw.read(MAX_BYTES + 1, decode_content=True) if answer.ok else b""
    except requests.RequestException as error:
        raise NotFound(f"No se pudo obtener el archivo de Twilio: {error}") from error
    if not answer.ok or not data or len(data) > MAX_BYTES:
        raise NotFound("No se pudo obtener el archivo de Twilio.")
    return data, answer.headers.get("Content-Type", "application/octet-stream")[:100]
