"""`flask import batch FILE`: attentions captured in a spreadsheet or exported as JSON.

The records are the same as those of POST /api/v1/sync/batches and go through the
same service, so an import is just as idempotent: a row already imported answers
"duplicado" with its code. Rows without client_uuid get one derived from their
content, so importing the same file twice never doubles a case.
"""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from service_desk.domain.errors import DomainError
from service_desk.extensions import db
from service_desk.models import User
from service_desk.services import sync as sync_service
from service_desk.services.users import actor_of

import_cli = AppGroup("import", help="Importar atenciones desde archivos.")

# Fixed namespace: the same row content always derives the same client_uuid.
ROW_NAMESPACE = uuid.UUID("6f1c2a52-8d0e-4c55-9a51-4a1f3b0e7c11")
CITIZEN_COLUMNS = ("document_type", "document_number", "first_name", "last_name", "phone", "email",
                   "address", "language")
STATUS_LABELS = {"created": "creado", "duplicate": "duplicado", "rejected": "rechazado"}


@import_cli.command("batch")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", required=True,
              help="Usuario bajo cuya autoridad se registran (oficina, rol, fechas pasadas).")
@click.option("--device", default=None, help="Origen del lote para la auditoría (por defecto, el archivo).")
def import_batch(file: Path, username: str, device: str | None):
    """Import FILE (.json or .csv) record by record; prints each outcome and a summary.

    Exits with status 1 when some record was rejected, so scripts notice.
    """
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise click.ClickException(f"No existe un usuario activo {username}.")
    records = [with_client_uuid(r) for r in read_records(file)]
    try:
        report = sync_service.sync_batch(actor_of(user), records, device_id=device or file.name[:100],
                                         source="import", progress=_echo_outcome)
    except DomainError as error:
        raise click.ClickException(f"{error.message} {error.fields}") from None
    summary = {status: report.count(status) for status in STATUS_LABELS}
    click.echo(f"Resumen: {len(records)} registros; creados {summary['created']}, duplicados "
               f"{summary['duplicate']}, rechazados {summary['rejected']}. Lote {report.batch_id}")
    if summary["rejected"]:
        raise SystemExit(1)


def _echo_outcome(position: int, outcome: sync_service.RecordOutcome) -> None:
    line = f"{position + 1:>6}  {STATUS_LABELS[outcome.status]:<10} {outcome.code or '-':<16}"
    if outcome.errors:
        line += "  " + "; ".join(f"{k}: {v}" for k, v in outcome.errors.items())
    click.echo(line)


def read_records(file: Path) -> list:
    """The records of a JSON file (a list, or {"records": [...]}) or of a CSV with a header row."""
    text = file.read_text(encoding="utf-8-sig")
    if file.suffix.lower() == ".csv":
        return [csv_row_to_record(row) for row in csv.DictReader(text.splitlines())]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"JSON no válido en la línea {error.lineno}: {error.msg}") from None
    records = data.get("records") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise click.ClickException('Se esperaba una lista de registros o {"records": [...]}.')
    return records


def csv_row_to_record(row: dict) -> dict:
    """A flat spreadsheet row as a ticket body; citizen columns may be named `citizen.x` or `x`."""
    cells = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
    citizen = {}
    for name in CITIZEN_COLUMNS:
        value = cells.pop(f"citizen.{name}", "") or cells.pop(name, "")
        if value:
            citizen[name] = value
    attention_language = cells.pop("attention_language", "")
    record = {k: v for k, v in cells.items() if v}
    record["citizen"] = citizen
    if attention_language:  # the `language` column is the citizen's preference
        record["language"] = attention_language
    record.setdefault("channel", "itinerante")
    return record


def with_client_uuid(record: object) -> object:
    """The record with a client_uuid: its own, or one derived from its content."""
    if not isinstance(record, dict) or record.get("client_uuid") not in (None, ""):
        return record
    content = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return {**record, "client_uuid": str(uuid.uuid5(ROW_NAMESPACE, content))}


COMMANDS = [import_cli]
