"""Files of a case: download (always as an attachment, access-logged), WhatsApp media, upload."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, flash, redirect, request, url_for
from flask_login import current_user

from service_desk.domain.errors import DomainError
from service_desk.extensions import db
from service_desk.services import attachments
from service_desk.web.agent import bp
from service_desk.web.agent.formkit import SpanishForm
from service_desk.web.audit import log_access
from service_desk.web.auth.guards import current_actor

# Served types: anything else goes out as opaque bytes, so no browser renders it as a page.
SAFE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp",
              "audio/ogg", "audio/mpeg", "video/mp4"}


class UploadForm(SpanishForm):
    """Only the CSRF token; the file comes from request.files."""


@bp.get("/casos/<code>/adjuntos/<int:attachment_id>")
def attachment(code: str, attachment_id: int):
    """Download one file of the case; the access is written to the access log."""
    name, content_type, data = attachments.open_file(current_actor(), code, attachment_id)
    log_access("download", "attachment", f"{code}/{attachment_id}")
    return download(name, content_type, data)


def download(name: str, content_type: str, data: bytes) -> Response:
    """Bytes as a file download: never inline, never sniffed into HTML."""
    kind = content_type if content_type in SAFE_TYPES else "application/octet-stream"
    response = Response(data, mimetype=kind)
    ascii_name = name.encode("ascii", "ignore").decode() or "archivo"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(name)}')
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/casos/<code>/whatsapp/<int:message_id>/<int:index>")
def whatsapp_media(code: str, message_id: int, index: int):
    """A photo or file the citizen sent by WhatsApp: fetched from Twilio once, then kept."""
    item = attachments.fetch_whatsapp_media(current_actor(), code, message_id, index)
    return redirect(url_for("agent.attachment", code=code, attachment_id=item.id))


@bp.post("/casos/<code>/adjuntos")
def upload(code: str):
    """Attach a PDF, JPG or PNG to the case."""
    form = UploadForm()
    file = request.files.get("file")
    if not form.validate_on_submit():
        flash("El formulario caducó; inténtelo de nuevo.", "error")
        return redirect(url_for("agent.ticket", code=code)), 400
    data = b""
    if file:
        with file.stream:  # a large upload is a temporary file: close it now
            data = file.read(attachments.MAX_BYTES + 1)
    try:
        attachments.attach_file(current_actor(), code, file.filename if file else "", data,
                                current_user.id)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        db.session.rollback()
        from service_desk.web.agent.routes import render_ticket

        return render_ticket(code, general=list(error.fields.values()) or [error.message],
                             status=error.status)
    flash("Archivo adjuntado al caso.", "success")
    return redirect(url_for("agent.ticket", code=code))
