"""Export of a filtered queue to CSV and Excel, streamed so 100,000 rows stay in bounded memory.

Rows are read as plain columns (no ORM objects) in batches with `yield_per`
(a server-side cursor on PostgreSQL), turned into Spanish labels, and written
out a batch at a time. The same office scoping and sealing as the queue pages
apply: everything starts from queues._filtered (visible_tickets_query).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from datetime import date
from typing import IO

from flask import current_app
from sqlalchemy.orm import aliased

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.catalog import CHANNELS, LANGUAGES, MOTIVES, SUBJECTS, TICKET_TYPES
from service_desk.domain.sla import SLA_LABELS, sla_state
from service_desk.domain.workflow import STATUS_LABELS, Status
from service_desk.extensions import db
from service_desk.models import Citizen, Office, Ticket, User
from service_desk.services import calendar as calendar_service
from service_desk.services.queues import QueueFilters, _count, _filtered, sorted_query

COLUMNS = ["Código", "Oficina", "Tipo", "Canal", "Tema", "Estado", "Plazo", "Recibido", "Vence",
           "Cerrado", "Documento", "Ciudadano", "Responsable", "Motivo", "Idioma de la atención"]
BATCH = 1000
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CITIZEN = aliased(Citizen, name="export_citizen")
_ASSIGNEE = aliased(User, name="export_assignee")


def export_count(actor: Actor, filters: QueueFilters) -> int:
    """How many rows the export will have (shown before the download starts)."""
    return _count(_filtered(actor, filters))


def export_rows(actor: Actor, filters: QueueFilters, batch: int = BATCH) -> Iterator[list]:
    """The queue's rows in its order, as Spanish cell values, read `batch` rows at a time."""
    query = sorted_query(_filtered(actor, filters), filters) \
        .outerjoin(_CITIZEN, Ticket.citizen_id == _CITIZEN.id) \
        .outerjoin(_ASSIGNEE, Ticket.assignee_id == _ASSIGNEE.id) \
        .with_only_columns(
            Ticket.code, Office.code, Ticket.type, Ticket.channel, Ticket.subject, Ticket.status,
            Ticket.received_on, Ticket.due_on, Ticket.closed_on, _CITIZEN.document_type,
            _CITIZEN.document_number, _CITIZEN.last_name, _CITIZEN.first_name, _ASSIGNEE.username,
            Ticket.motive, Ticket.language)
    result = db.session.execute(query.execution_options(yield_per=batch))
    states = _SlaLabels()
    for row in result:
        (code, office, kind, channel, subject, status, received, due, closed,
         doc_type, doc_number, last, first, assignee, motive, language) = row
        yield [code, office, TICKET_TYPES.get(kind, kind), CHANNELS.get(channel, channel),
               SUBJECTS.get(subject, subject), STATUS_LABELS.get(status, status),
               states.label(office, due, status, closed), received, due, closed,
               f"{doc_type} {doc_number}" if doc_number else "",
               " ".join(p for p in (first, last) if p) or "Anónimo", assignee or "",
               MOTIVES.get(motive, motive or ""), LANGUAGES.get(language or "es", language)]


class _SlaLabels:
    """SLA state labels, computed once per (office, due day, status, closing day).

    A queue of 100,000 cases has only a few hundred such combinations, so the
    calendar arithmetic runs a few hundred times instead of once per row.
    """

    def __init__(self) -> None:
        self.calendar = calendar_service.business_calendar()
        self.today = clock.today_in_lima()
        self.warning = current_app.config["SLA_WARNING_BUSINESS_DAYS"]
        self.memo: dict[tuple, str] = {}

    def label(self, office: str, due, status: str, closed) -> str:
        key = (office, due, status, closed)
        if key not in self.memo:
            state = sla_state(self.calendar, office, due, self.today,
                              closed_on=closed if status == Status.CERRADO else None,
                              annulled=status == Status.ANULADO, warning_days=self.warning)
            self.memo[key] = SLA_LABELS[state] if state else "Sin plazo"
        return self.memo[key]


def csv_chunks(rows: Iterator[list], rows_per_chunk: int = 500) -> Iterator[str]:
    """CSV text in chunks; the BOM lets Excel read the accents as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    dates: dict = {}  # few distinct days: each is formatted once
    for n, row in enumerate(rows, start=1):
        writer.writerow([_cell_text(v, dates) for v in row])
        if n % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cell_text(value, dates: dict | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        if dates is None:
            return value.strftime("%d/%m/%Y")
        if value not in dates:
            dates[value] = value.strftime("%d/%m/%Y")
        return dates[value]
    text = value if isinstance(value, str) else str(value)
    # A cell starting with = + - @ would run as a formula when opened in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def xlsx_file(rows: Iterator[list]) -> IO[bytes]:
    """An Excel workbook written row by row (write-only mode) to an anonymous temporary file.

    openpyxl is imported here, not at module load, so a worker that never exports
    never pays for it (issue 16 measures worker memory).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Casos")
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell_text(v) if isinstance(v, str) else v for v in row])
    # Gone from disk once closed; send_file closes it after the last byte.
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(target)
    target.seek(0)
    return target
