"""Files of a case for staff: uploads checked by content, downloads never inline and always
logged, WhatsApp media fetched from Twilio with the account's credentials, denuncia files sealed."""

from __future__ import annotations

from sqlalchemy import select

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import AccessLogEntry, Attachment, Ticket
from service_desk.services import attachments
from service_desk.services.tickets import register_ticket
from tests.channels.conftest import ACCOUNT_SID, whatsapp_params
from tests.factories import ticket_body
from tests.web.conftest import sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 64
SYSTEM = Actor(id=None, role="national_supervisor", office="SEDE")


def upload(client, code: str, name: str, data: bytes):
    from io import BytesIO

    return client.post(f"/agente/casos/{code}/adjuntos", data={"file": (BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_an_agent_attaches_a_png_and_downloads_it_as_a_logged_attachment(client, user):
    code = register_ticket(SYSTEM, ticket_body()).ticket.code
    agent = user("agent", "LIM")
    sign_in(client, agent)

    assert upload(client, code, "constancia de pago.png", PNG).status_code == 302
    page = client.get(f"/agente/casos/{code}").get_data(as_text=True)
    item = db.session.scalar(select(Attachment))
    download = client.get(f"/agente/casos/{code}/adjuntos/{item.id}")

    assert "constancia_de_pago.png" in page
    assert download.data == PNG and download.mimetype == "image/png"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    logged = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.action == "download")).all()
    assert [(e.username, e.object_ref) for e in logged] == [(agent.username, f"{code}/{item.id}")]


def test_a_page_disguised_as_an_image_and_an_oversized_file_are_refused(client, user, monkeypatch):
    code = register_ticket(SYSTEM, ticket_body()).ticket.code
    sign_in(client, user("agent", "LIM"))
    monkeypatch.setattr(attachments, "MAX_BYTES", 4096)  # a small limit keeps the upload in memory

    disguised = upload(client, code, "foto.png", b"<html><script>alert(1)</script></html>")
    huge = upload(client, code, "grande.pdf", b"%PDF-1.4" + b"0" * 5000)

    assert disguised.status_code == 422
    assert "Solo se aceptan archivos PDF, JPG o PNG." in disguised.get_data(as_text=True)
    assert huge.status_code == 422 and "5 MB" in huge.get_data(as_text=True)
    assert db.session.scalar(select(Attachment.id)) is None


def test_the_citizens_whatsapp_photo_is_fetched_from_twilio_once_and_served(
        client, user, post_whatsapp, fake_twilio, app):
    media_url = fake_twilio.add_media(ACCOUNT_SID, "MM700", JPEG, "image/jpeg")
    post_whatsapp(whatsapp_params("MM700", body="Foto del voucher", NumMedia="1",
                                  MediaUrl0=media_url, MediaContentType0="image/jpeg"))
    code = db.session.scalar(select(Ticket.code))
    sign_in(client, user("agent", "SEDE"))

    page = client.get(f"/agente/casos/{code}").get_data(as_text=True)
    first = client.get(f"/agente/casos/{code}/whatsapp/1/0")
    again = client.get(f"/agente/casos/{code}/whatsapp/1/0")
    photo = client.get(first.headers["Location"])

    assert "Archivo enviado por WhatsApp 1 (image/jpeg)" in page
    assert first.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert photo.data == JPEG and photo.mimetype == "image/jpeg"
    assert db.session.scalar(select(Attachment.source)) == "whatsapp"
    assert len(db.session.scalars(select(Attachment)).all()) == 1


def test_a_denuncias_files_are_sealed_and_only_integrity_downloads_them(client, user, app):
    code = register_ticket(Actor(None, "integrity", "SEDE"), ticket_body(type="denuncia")).ticket.code
    integrity = app.test_client()
    with app.app_context():
        sign_in(integrity, user("integrity"))
    with app.app_context():
        assert upload(integrity, code, "prueba.pdf", b"%PDF-1.7 cobro indebido").status_code == 302
    item = db.session.scalar(select(Attachment))
    with app.app_context():
        sign_in(client, user("national_supervisor"))
        refused = client.get(f"/agente/casos/{code}/adjuntos/{item.id}")
    with app.app_context():
        opened = integrity.get(f"/agente/casos/{code}/adjuntos/{item.id}")

    assert refused.status_code == 404
    assert b"cobro indebido" not in item.data and item.filename == "archivo-reservado"
    assert opened.data == b"%PDF-1.7 cobro indebido"
    assert 'filename="prueba.pdf"' in opened.headers["Content-Disposition"]
