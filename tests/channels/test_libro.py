"""The public Libro de Reclamaciones: filing, each validation error, constancia page and PDF, e-mail copy."""

from __future__ import annotations

import html
import io
import re
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from service_desk.extensions import db
from service_desk.models import Attachment, Citizen, OutboxMessage, Ticket
from service_desk.services import delivery, libro

FROZEN = "2024-03-04T10:00:00-05:00"  # Monday: received the same day, due 17 Apr (Semana Santa skipped)
PDF = b"%PDF-1.4\n% boleta de pago\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def form(**overrides) -> dict:
    data = {"document_type": "DNI", "document_number": "45678912", "first_name": "Rosa",
            "last_name": "Quispe Mamani", "address": "Jr. Los Andes 123, Sicuani",
            "department": "Cusco", "email": "rosa.quispe@example.pe", "phone": "987654321",
            "subject": "pagos", "facts": "No recibí el abono de febrero en la agencia de Sicuani.",
            "petition": "Que se me pague el abono pendiente.", "consent": "y",
            "filing_id": str(uuid.uuid4())}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def file_reclamo(client, **overrides):
    return client.post("/libro-de-reclamaciones", data=form(**overrides),
                       content_type="multipart/form-data")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def field_error(response, name: str) -> str | None:
    match = re.search(rf'id="{name}-error" role="alert">([^<]*)<', response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def test_the_form_shows_the_hoja_de_reclamacion_fields_and_the_privacy_notice_link(client):
    page = client.get("/libro-de-reclamaciones").get_data(as_text=True)

    for label in ("Tipo de documento", "Número de documento", "Nombres", "Apellidos", "Domicilio",
                  "Departamento", "Correo electrónico", "Teléfono", "Servicio materia del reclamo",
                  "Detalle de los hechos", "Pedido", "Archivos de sustento",
                  "Acepto el tratamiento de mis datos personales"):
        assert label in page
    assert 'href="/libro-de-reclamaciones/privacidad"' in page
    assert client.get("/libro-de-reclamaciones/privacidad").status_code == 200


def test_a_valid_filing_registers_a_reclamo_at_the_citizens_unidad_territorial(client, frozen):
    frozen(FROZEN)

    response = file_reclamo(client)

    assert response.status_code == 303
    ticket = db.session.scalars(select(Ticket)).one()
    assert (ticket.type, ticket.channel, ticket.office.code) == ("reclamo", "libro_reclamaciones", "CUS")
    assert (ticket.received_on.isoformat(), ticket.due_on.isoformat()) == ("2024-03-04", "2024-04-17")
    assert "No recibí el abono de febrero" in ticket.description
    assert "Que se me pague el abono pendiente." in ticket.description
    assert ticket.citizen.document_number == "45678912" and ticket.citizen.phone == "+51987654321"


@pytest.mark.parametrize(("department", "office"), [("Tacna", "SEDE"), ("Callao", "SEDE"),
                                                     ("Loreto", "IQU"), ("Lima", "LIM")])
def test_departments_without_their_own_ut_go_to_sede_central(client, department, office):
    file_reclamo(client, department=department)

    assert db.session.scalars(select(Ticket)).one().office.code == office


def test_the_constancia_shows_code_reception_day_due_date_and_the_text_filed(client, frozen):
    frozen(FROZEN)

    page = client.get(file_reclamo(client).headers["Location"])

    text = html.unescape(page.get_data(as_text=True))
    ticket = db.session.scalars(select(Ticket)).one()
    assert page.status_code == 200
    assert ticket.code in text
    assert "Día de recepción" in text and "04/03/2024" in text
    assert "Fecha máxima de respuesta" in text and "17/04/2024" in text
    assert "No recibí el abono de febrero en la agencia de Sicuani." in text


def test_the_constancia_pdf_contains_the_code_and_dates(client, frozen):
    frozen(FROZEN)
    page_url = file_reclamo(client).headers["Location"]

    response = client.get(page_url + "/pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    code = db.session.scalars(select(Ticket.code)).one()
    assert code in text
    assert "17/04/2024" in text and "Quispe Mamani" in text
    assert f"constancia-{code}.pdf" in response.headers["Content-Disposition"]


def test_a_constancia_link_that_was_not_signed_by_the_desk_is_not_found(client):
    file_reclamo(client)
    code = db.session.scalars(select(Ticket.code)).one()

    assert client.get(f"/libro-de-reclamaciones/constancia/{code}").status_code == 404
    assert client.get(f"/libro-de-reclamaciones/constancia/{code}/pdf").status_code == 404


def test_the_citizen_gets_a_copy_of_the_constancia_by_email_with_the_pdf(client, smtp_server):
    file_reclamo(client)
    code = db.session.scalars(select(Ticket.code)).one()

    delivery.send_pending()

    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["rosa.quispe@example.pe"]
    from email import message_from_bytes, policy

    mail = message_from_bytes(envelope.original_content, policy=policy.default)
    assert code in mail["Subject"]
    assert "Fecha máxima de respuesta" in mail.get_body(("plain",)).get_content()
    [pdf] = list(mail.iter_attachments())
    assert pdf.get_filename() == f"constancia-{code}.pdf"
    assert code in PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()


def test_attachments_are_kept_with_the_reclamo(client):
    response = file_reclamo(client, attachments=[(io.BytesIO(PDF), "boleta.pdf"),
                                                 (io.BytesIO(PNG), "foto.png")])

    assert response.status_code == 303
    stored = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [(a.filename, a.content_type) for a in stored] == [("boleta.pdf", "application/pdf"),
                                                             ("foto.png", "image/png")]


def test_a_double_submission_of_the_same_form_files_one_reclamo(client):
    filing_id = str(uuid.uuid4())

    first = file_reclamo(client, filing_id=filing_id)
    second = file_reclamo(client, filing_id=filing_id)

    assert count(Ticket) == 1
    assert first.headers["Location"] == second.headers["Location"]


INVALID = [
    ({"document_number": ""}, "document_number", "Indique su número de documento."),
    ({"document_number": "1234"}, "document_number", "El DNI debe tener exactamente 8 dígitos."),
    ({"document_type": "CE", "document_number": "12-34"}, "document_number",
     "El carné de extranjería debe tener de 9 a 12 letras o dígitos."),
    ({"first_name": ""}, "first_name", "Indique sus nombres."),
    ({"last_name": ""}, "last_name", "Indique sus apellidos."),
    ({"address": ""}, "address", "Indique su domicilio."),
    ({"department": ""}, "department", "Elija su departamento."),
    ({"email": "", "phone": ""}, "email", "Indique un correo electrónico o un teléfono para responderle."),
    ({"email": "rosa@correo"}, "email", "Correo electrónico no válido."),
    ({"phone": "12345"}, "phone", "Teléfono no válido"),
    ({"subject": ""}, "subject", "Elija el servicio materia del reclamo."),
    ({"facts": ""}, "facts", "Describa los hechos."),
    ({"facts": "x" * 3001}, "facts", "Admite como máximo 3000 caracteres."),
    ({"petition": ""}, "petition", "Indique su pedido."),
    ({"consent": None}, "consent", "Debe aceptar el tratamiento de sus datos personales"),
    ({"attachments": [(io.BytesIO(b"MZ\x90\x00 programa"), "boleta.pdf")]}, "attachments",
     "«boleta.pdf» no es PDF, JPG ni PNG."),
    ({"attachments": [(io.BytesIO(PDF), f"{n}.pdf") for n in range(4)]}, "attachments",
     "Puede adjuntar como máximo 3 archivos."),
]


@pytest.mark.parametrize(("overrides", "field", "message"), INVALID,
                         ids=[f"{case[1]}-{i}" for i, case in enumerate(INVALID)])
def test_each_invalid_field_gets_its_spanish_error_beside_it_and_nothing_is_saved(
        client, overrides, field, message):
    response = file_reclamo(client, **overrides)

    assert response.status_code == 422
    assert field_error(response, field).startswith(message)
    assert "Revise los datos marcados" in response.get_data(as_text=True)
    assert (count(Ticket), count(Citizen), count(Attachment), count(OutboxMessage)) == (0, 0, 0, 0)


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_saved(client, monkeypatch):
    # The limit is 2 MB; a smaller one here keeps the upload under werkzeug's test-client spooling.
    monkeypatch.setattr(libro, "MAX_FILE_BYTES", 100 * 1024)

    response = file_reclamo(client, attachments=[(io.BytesIO(PDF + b"0" * 110 * 1024), "grande.pdf")])

    assert response.status_code == 422
    assert field_error(response, "attachments") == "«grande.pdf» supera el máximo de 100 KB por archivo."
    assert count(Ticket) == 0 and count(Attachment) == 0


def test_the_form_keeps_what_the_citizen_typed_after_an_error(client):
    response = file_reclamo(client, petition="")

    page = html.unescape(response.get_data(as_text=True))
    assert 'value="Quispe Mamani"' in page
    assert "No recibí el abono de febrero en la agencia de Sicuani." in page


def test_a_filled_honeypot_saves_nothing(client):
    response = file_reclamo(client, website="http://spam.example")

    assert response.status_code == 422
    assert count(Ticket) == 0 and count(Citizen) == 0


def test_a_request_over_the_size_limit_is_refused_before_it_is_read(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_MAX_CONTENT_LENGTH", 50_000)

    response = file_reclamo(client, attachments=[(io.BytesIO(PDF + b"0" * 60_000), "boleta.pdf")])

    assert response.status_code == 413
    assert "demasiado grande" in response.get_data(as_text=True)
    assert count(Ticket) == 0


def test_without_a_csrf_token_nothing_is_filed(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = file_reclamo(client)

    assert response.status_code == 400
    assert "Vuelva a cargar la página" in response.get_data(as_text=True)
    assert count(Ticket) == 0


def test_filings_from_one_address_are_rate_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LIBRO_RATE_LIMIT", "2 per minute")

    statuses = [file_reclamo(client).status_code for _ in range(3)]

    assert statuses == [303, 303, 429]
    assert count(Ticket) == 2
    assert client.get("/libro-de-reclamaciones").status_code == 200  # reading the form is not limited


def test_text_beyond_latin1_does_not_break_the_pdf(client):
    page_url = file_reclamo(client, facts="Me dijeron “vuelva mañana” — tres veces 🙁").headers["Location"]

    response = client.get(page_url + "/pdf")

    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert response.status_code == 200
    assert 'Me dijeron "vuelva mañana" - tres veces' in text


def test_the_privacy_notice_names_the_whatsapp_processor(client):
    page = client.get("/libro-de-reclamaciones/privacidad").get_data(as_text=True)
    assert "Twilio" in page and "29733" in page
