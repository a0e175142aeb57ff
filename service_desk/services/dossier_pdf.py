"""A readable PDF of a citizen's dossier (right of access, Ley 29733)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fpdf2 (with Pillow and fontTools) is imported only to draw a PDF: ~28 MB
    from fpdf import FPDF

LABELS = {"document_type": "Tipo de documento", "document_number": "Número", "first_name": "Nombres",
          "last_name": "Apellidos", "phone": "Teléfono", "email": "Correo", "address": "Dirección",
          "language": "Idioma"}


def _latin1(text: object) -> str:
    # The built-in PDF fonts are Latin-1: Spanish fits; anything else is replaced, not dropped.
    return str(text if text is not None else "-").encode("latin-1", "replace").decode("latin-1")


def _line(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def dossier_pdf(dossier: dict) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    _line(pdf, 8, _latin1("Programa JUNTOS - Datos personales que conservamos"))
    pdf.set_font("Helvetica", size=10)
    _line(pdf, 6, _latin1(f"Generado: {dossier['generated_at']} (Ley 29733, derecho de acceso)"))
    pdf.ln(2)
    for field, label in LABELS.items():
        _line(pdf, 6, _latin1(f"{label}: {dossier['citizen'].get(field)}"))
    for ticket in dossier["tickets"]:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        _line(pdf, 6, _latin1(f"Caso {ticket['code']} - {ticket['type']} ({ticket['status']})"))
        pdf.set_font("Helvetica", size=10)
        _line(pdf, 5, _latin1(
            f"Oficina {ticket['office']}, canal {ticket['channel']}, recibido {ticket['received_on']}, "
            f"plazo {ticket['due_on'] or '-'}"))
        _line(pdf, 5, _latin1(f"Descripción: {ticket['description']}"))
        if ticket["response"]:
            _line(pdf, 5, _latin1(f"Respuesta: {ticket['response']}"))
    for change in dossier["rectifications"]:
        _line(pdf, 5, _latin1(f"Rectificación {change['at']}: {change['field']} "
                                     f"{change['old']} -> {change['new']}"))
    return bytes(pdf.output())
