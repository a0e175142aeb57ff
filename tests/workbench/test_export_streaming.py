"""A 100,000-row queue export streams: rows leave in chunks and memory stays bounded.

The rows are written with one executemany (the fast path, see RECIPES.md), not
through the registration service: the export only reads them.
"""

from __future__ import annotations

import tracemalloc
from datetime import date, timedelta

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import Office
from service_desk.services import queue_export
from service_desk.services.queues import QueueFilters
from tests.web.conftest import sign_in

ROWS = 100_000
MB = 1024 * 1024


def _insert_tickets(count: int) -> None:
    """`count` open Lima tickets in one executemany through the driver (seconds, not minutes)."""
    lima = db.session.query(Office).filter_by(code="LIM").one()
    start = date(2024, 3, 4)
    columns = ("code", "type", "channel", "office_id", "subject", "description", "status",
               "filed_at", "received_on", "due_on", "created_at", "updated_at")
    connection = db.session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    instant = "2024-03-04 15:00:00.000000" if connection.dialect.name == "sqlite" \
        else "2024-03-04 15:00:00+00:00"
    rows = [(f"LIM-2024-{n:06d}", ("reclamo", "pedido", "consulta")[n % 3], "presencial", lima.id,
             "pagos", "Generado para la prueba de exportación.", "registrado", instant,
             start.isoformat(), (start + timedelta(days=30 + n % 20)).isoformat(), instant, instant)
            for n in range(1, count + 1)]
    connection.exec_driver_sql(
        f"INSERT INTO tickets ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})", rows)
    db.session.commit()


def test_csv_export_of_100000_rows_streams_with_bounded_memory(app, frozen):
    frozen("2024-03-20T10:00:00-05:00")
    _insert_tickets(ROWS)
    actor = Actor(None, "national_supervisor", "SEDE")
    filters = QueueFilters(status=None, sort="codigo")
    # Warm-up on an empty office: the calendar and compiled SQL are built once per process,
    # not per export, so they are not what this test measures.
    assert len(list(queue_export.csv_chunks(queue_export.export_rows(
        actor, QueueFilters(status=None, office="CUS"))))) == 1
    tracemalloc.start()
    try:
        rows = written = chunks = 0
        first_chunk_peak = None
        for chunk in queue_export.csv_chunks(queue_export.export_rows(actor, filters)):
            if first_chunk_peak is None:
                first_chunk_peak = tracemalloc.get_traced_memory()[1]
            chunks += 1
            rows += chunk.count("\n")
            written += len(chunk.encode())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"\n{rows - 1} filas, {written / MB:.1f} MB en {chunks} trozos; pico de memoria "
          f"{peak / MB:.1f} MB (primer trozo {first_chunk_peak / MB:.1f} MB)")
    assert rows - 1 == ROWS  # the header, then every ticket
    assert chunks > 100  # it left in pieces, not as one string at the end
    assert peak < 4 * MB  # bounded: the file itself is about 10 MB
    assert written > 2 * peak


def test_the_export_page_answers_at_once_without_a_length_and_every_row_arrives(
        app, client, frozen, user):
    frozen("2024-03-20T10:00:00-05:00")
    _insert_tickets(5_000)
    sign_in(client, user("supervisor", "LIM"))
    response = client.get("/supervision/cola/exportar?formato=csv&status=", buffered=False)
    assert response.status_code == 200 and "Content-Length" not in response.headers
    pieces = response.response
    first = next(iter(pieces))
    assert first.startswith("\ufeffCódigo".encode() if isinstance(first, bytes) else "\ufeffCódigo")
    rest = b"".join(p if isinstance(p, bytes) else p.encode() for p in pieces)
    response.close()
    assert (first if isinstance(first, bytes) else first.encode()).count(b"\n") + rest.count(b"\n") \
        == 5_001


def test_excel_export_is_written_row_by_row_to_disk_not_held_in_memory(app, frozen):
    frozen("2024-03-20T10:00:00-05:00")
    _insert_tickets(5_000)
    actor = Actor(None, "national_supervisor", "SEDE")
    filters = QueueFilters(status=None, sort="codigo")
    queue_export.xlsx_file(queue_export.export_rows(actor, QueueFilters(status=None, office="CUS"))).close()
    tracemalloc.start()
    try:
        target = queue_export.xlsx_file(queue_export.export_rows(actor, filters))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with target:
        from openpyxl import load_workbook
        size = target.seek(0, 2)
        target.seek(0)
        sheet = load_workbook(target, read_only=True).active
        rows = sum(1 for _ in sheet.iter_rows(values_only=True))
    print(f"\n{rows - 1} filas en Excel, {size / MB:.1f} MB comprimido; pico {peak / MB:.1f} MB")
    assert rows - 1 == 5_000
    assert peak < 3 * MB  # write-only mode: the rows go to a temporary file as they come
