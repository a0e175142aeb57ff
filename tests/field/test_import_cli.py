"""`flask import batch FILE`: JSON and CSV imports with a per-record report, idempotent."""

import csv
import json

from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import SyncBatch, Ticket
from tests.factories import make_user
from tests.field.helpers import count, field_record

CSV_COLUMNS = ["filed_at", "type", "office", "subject", "description", "document_type",
               "document_number", "first_name", "last_name", "language", "response"]


def write_csv(path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def csv_row(**overrides) -> dict:
    row = {"filed_at": "2024-03-04T10:00:00-05:00", "type": "reclamo", "office": "CUS",
           "subject": "pagos", "description": "No cobró en la agencia de Urcos.",
           "document_type": "DNI", "document_number": "45678912", "first_name": "Teodora",
           "last_name": "Ccori", "language": "qu", "response": ""}
    row.update(overrides)
    return row


def test_a_csv_import_reports_each_row_and_a_summary_and_is_idempotent(app, runner, frozen, tmp_path):
    frozen("2024-03-06T18:00:00-05:00")
    make_user("itinerant", "CUS", "brigada.cusco")
    path = tmp_path / "brigada.csv"
    write_csv(path, [csv_row(), csv_row(document_number="123"),
                     csv_row(type="consulta", description="Fechas de cobro.",
                             response="Se indicó el cronograma.")])
    first = runner.invoke(args=["import", "batch", str(path), "--user", "brigada.cusco"])
    assert first.exit_code == 1, first.output  # a row was rejected
    lines = first.output.splitlines()
    assert "creado" in lines[0] and "CUS-2024-000001" in lines[0]
    assert "rechazado" in lines[1] and "El DNI debe tener exactamente 8 dígitos." in lines[1]
    assert "CUS-2024-000002" in lines[2]
    assert "creados 2, duplicados 0, rechazados 1" in lines[-1]
    consulta = db.session.scalar(select(Ticket).where(Ticket.code == "CUS-2024-000002"))
    assert (consulta.channel, consulta.status, consulta.citizen.language) == ("itinerante", "cerrado", "qu")

    again = runner.invoke(args=["import", "batch", str(path), "--user", "brigada.cusco"])
    assert "creados 0, duplicados 2, rechazados 1" in again.output
    assert count(Ticket) == 2


def test_a_json_import_keeps_the_client_uuids_and_the_file_as_device(app, runner, frozen, tmp_path):
    frozen("2024-03-06T18:00:00-05:00")
    make_user("itinerant", "CUS", "brigada.cusco")
    records = [field_record(), field_record(type="consulta", notes="Visita a Ccatca")]
    path = tmp_path / "tablet.json"
    path.write_text(json.dumps({"device_id": "ignorado", "records": records}), encoding="utf-8")
    result = runner.invoke(args=["import", "batch", str(path), "--user", "brigada.cusco"])
    assert result.exit_code == 0, result.output
    assert "creados 2, duplicados 0, rechazados 0" in result.output
    saved = db.session.scalars(select(Ticket.client_uuid).order_by(Ticket.id)).all()
    assert saved == [r["client_uuid"] for r in records]
    batch = db.session.scalar(select(SyncBatch))
    assert (batch.device_id, batch.source) == ("tablet.json", "import")


def test_an_import_runs_with_the_authority_of_the_named_user(app, runner, frozen, tmp_path):
    frozen("2024-03-06T18:00:00-05:00")
    make_user("itinerant", "PUN", "brigada.puno")
    path = tmp_path / "cusco.json"
    path.write_text(json.dumps([field_record()]), encoding="utf-8")
    result = runner.invoke(args=["import", "batch", str(path), "--user", "brigada.puno"])
    assert result.exit_code == 1
    assert "No puede registrar atenciones en esa oficina." in result.output
    assert count(Ticket) == 0


def test_an_import_needs_an_existing_user_and_a_readable_file(app, runner, tmp_path):
    path = tmp_path / "roto.json"
    path.write_text("[{", encoding="utf-8")
    unknown = runner.invoke(args=["import", "batch", str(path), "--user", "nadie"])
    assert unknown.exit_code != 0 and "No existe un usuario activo nadie" in unknown.output
    make_user("itinerant", "CUS", "brigada.cusco")
    broken = runner.invoke(args=["import", "batch", str(path), "--user", "brigada.cusco"])
    assert broken.exit_code != 0 and "JSON no válido" in broken.output
