"""The constancia of a Libro de Reclamaciones filing: as text (page, e-mail) and as PDF.

The PDF uses fpdf2's core Helvetica font, which covers Spanish (latin-1);
characters beyond it are replaced so no citizen text can break the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from service_desk import clock
from service_desk.channels.mail import OutgoingFile
from service_desk.domain.calendar import LIMA
from service_desk.domain.catalog import DOCUMENT_TYPES
from service_desk.domain.errors import NotFound
from service_desk.extensions import db
from service_desk.models import Attachment, Ticket
from service_desk.services import messages

if TYPE_CHECKING:  # fpdf2 (with Pillow and fontTools) is imported only to draw a PDF: ~28 MB
    from fpdf import FPDF

TITLE = "Libro de Reclamaciones - Constancia de presentación"
ENTITY = "Programa Nacional de Apoyo Directo a los Más Pobres JUNTOS (MIDIS)"
_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


@dataclass(frozen=True)
class Constancia:
    code: str
    rows: list[tuple[str, str]]
    text_filed: str
    files: list[str]
    next_steps: str  # the fixed text, from the message templates in the citizen's language


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "-"


def constancia_of(ticket: Ticket) -> Constancia:
    """The facts the constancia certifies, in the order the citizen reads them."""
    citizen = ticket.citizen
    document = f"{DOCUMENT_TYPES.get(citizen.document_type, '')} {citizen.document_number or ''}"
    rows = [
        ("Código", ticket.code),
        ("Presentado el", ticket.filed_at.astimezone(LIMA).strftime("%d/%m/%Y %H:%M") + " (hora de Lima)"),
        ("Día de recepción", _day(ticket.received_on)),
        ("Fecha máxima de respuesta", _day(ticket.due_on)),
        ("Oficina", ticket.office.name),
        ("Usuario", citizen.full_name),
        ("Documento", document.strip()),
        ("Domicilio", citizen.address or "-"),
        ("Correo electrónico", citizen.email or "-"),
        ("Teléfono", citizen.phone or "-"),
    ]
    files = db.session.scalars(select(Attachment.filename).where(
        Attachment.ticket_id == ticket.id).order_by(Attachment.id)).all()
    next_steps = messages.text("constancia_next_steps", messages.citizen_language(ticket))
    return Constancia(ticket.code, rows, ticket.description, list(files), next_steps)


def constancia_text(ticket: Ticket) -> str:
    """The constancia as plain text, for the e-mail copy."""
    c = constancia_of(ticket)
    lines = [TITLE, ENTITY, ""] + [f"{label}: {value}" for label, value in c.rows]
    lines += ["", "Texto presentado:", c.text_filed, "", c.next_steps]
    return "\n".join(lines)


def _latin1(text: str) -> str:
    return text.translate(_TYPOGRAPHY).encode("latin-1", "replace").decode("latin-1")


def constancia_pdf(ticket: Ticket) -> bytes:
    """A one-or-more-page PDF of the constancia."""
    from fpdf import FPDF

    c = constancia_of(ticket)
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"Constancia {c.code}"))
    pdf.set_creation_date(clock.now())
    pdf.add_page()
    pdf.set_font("helvetica", "B", 14)
    pdf.multi_cell(0, 8, _latin1(TITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 10)
    pdf.multi_cell(0, 6, _latin1(ENTITY), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in c.rows:
        pdf.set_font("helvetica", "B", 10)
        pdf.cell(55, 6, _latin1(label + ":"))
        pdf.set_font("helvetica", "", 10)
        pdf.multi_cell(0, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    _section(pdf, "Texto presentado", c.text_filed)
    if c.files:
        _section(pdf, "Archivos adjuntos", "\n".join(c.files))
    _section(pdf, "Siguientes pasos", c.next_steps)
    return bytes(pdf.output())


def _section(pdf: FPDF, title: str, body: str) -> None:
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 11)
    pdf.multi_cell(0, 7, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 10)
    pdf.multi_cell(0, 5, _latin1(body), new_x="LMARGIN", new_y="NEXT")


def constancia_file(code: str) -> OutgoingFile:
    """The PDF as an e-mail attachment (the outbox rebuilds it at send time)."""
    ticket = db.session.scalar(select(Ticket).where(Ticket.code == code))
    if ticket is None:
        raise NotFound("No existe un caso con ese código.")
    return OutgoingFile(f"constancia-{code}.pdf", "application/pdf", constancia_pdf(ticket))
