"""Field sync: register a batch of attentions captured offline, each record on its own merits.

Every record gets an outcome: created (its new code), duplicate (a client_uuid
seen before: the existing code, so resending a batch is always safe) or rejected
(Spanish messages per field); one bad record never stops the others. Accepted
records are saved a chunk at a time, tickets and audit rows in one commit, so a
crash halfway keeps every chunk already committed and nothing is reported before
its commit. The batch (device, user, per-record outcome) is kept for audit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.access import Actor
from service_desk.domain.errors import DomainError, Forbidden, ValidationError
from service_desk.domain.motives import MOTIVE_TYPES
from service_desk.domain.motives import REQUIRED as MOTIVE_REQUIRED
from service_desk.domain.validation import (
    FILED_AT_REQUIRED,
    HOSTILE_TEXT,
    TicketInput,
    hostile_fields,
    is_backdated,
    validate_ticket,
)
from service_desk.domain.workflow import MAX_TEXT, OPEN_STATUSES, Status
from service_desk.extensions import db
from service_desk.models import Office, SyncBatch, SyncRecordResult, Ticket, TicketEvent
from service_desk.services import tickets as ticket_service
from service_desk.services.sync_insert import Accepted, insert_tickets
from service_desk.services.trips import TripChecker

MAX_RECORDS = 10_000
# A batch still "processing" this long after it arrived was cut short by a dying process.
STALE_AFTER = timedelta(minutes=60)
# Records saved per commit: big enough to make thousands fast, small enough to lose little.
CHUNK = 250

CREATED, DUPLICATE, REJECTED = "created", "duplicate", "rejected"


@dataclass
class RecordOutcome:
    """What happened to one record; `errors` maps field names to Spanish messages."""

    client_uuid: str | None
    status: str
    code: str | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"client_uuid": self.client_uuid, "status": self.status, "code": self.code,
                "errors": self.errors}


@dataclass
class BatchReport:
    batch_id: str
    results: list[RecordOutcome]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def as_json(self) -> dict:
        return {"batch_id": self.batch_id, "results": [r.as_json() for r in self.results],
                "summary": {s: self.count(s) for s in (CREATED, DUPLICATE, REJECTED)}}


@dataclass(frozen=True)
class _Known:
    """A ticket already registered under a client_uuid."""

    code: str
    office: str
    type: str
    created_by_id: int | None
    status: str


def sync_batch(actor: Actor, records: object, device_id: object = None, source: str = "api",
               progress: Callable[[int, RecordOutcome], None] | None = None) -> BatchReport:
    """Register every record of a batch and return one outcome per record, in order.

    Records are saved in chunks: the tickets of a chunk and their audit rows are
    committed together before the next chunk starts, and nothing is reported
    before its commit. `progress(position, outcome)` is called per record (the CLI prints it).
    """
    records, device = _check_envelope(records, device_id)
    batch = _open_batch(actor, device, source, len(records))
    known = _known_tickets(_normalized_uuid(r.get("client_uuid")) for r in records
                           if isinstance(r, dict))
    results: list[RecordOutcome] = []
    for start in range(0, max(len(records), 1), CHUNK):
        chunk = _sync_chunk(actor, records[start:start + CHUNK], known, source)
        _save_results(batch, chunk, start, finished=start + CHUNK >= len(records))
        for offset, outcome in enumerate(chunk):
            if progress:
                progress(start + offset, outcome)
        results.extend(chunk)
    return BatchReport(batch.public_id, results)


def _sync_chunk(actor: Actor, records: list, known: dict[str, _Known],
                source: str) -> list[RecordOutcome]:
    """Screen each record, then save the accepted ones at once (flushed, not committed)."""
    now = clock.now()
    outcomes: list[RecordOutcome] = []
    accepted: list[tuple[RecordOutcome, Accepted]] = []
    in_chunk: set[str] = set()
    trips = TripChecker()
    for record in records:
        screened = _screen(actor, record, known, in_chunk, now, trips)
        if isinstance(screened, Accepted) and screened.entry.type == access.SEALED_TYPE:
            # Denuncias are sealed by register_ticket itself; they are few, so no bulk path.
            screened = _register(actor, record, screened.entry.client_uuid, known, source)
        if isinstance(screened, Accepted):
            in_chunk.add(screened.entry.client_uuid)
            accepted.append((RecordOutcome(screened.entry.client_uuid, CREATED), screened))
            screened = accepted[-1][0]
        outcomes.append(screened)
    try:
        codes = insert_tickets(actor, [item for _, item in accepted], now, source)
    except IntegrityError:
        # A concurrent request saved one of these client_uuids (or citizens) first:
        # redo this chunk record by record, where each race is answered on its own.
        db.session.rollback()
        return [_sync_one(actor, record, known, source) for record in records]
    for (outcome, item), code in zip(accepted, codes, strict=True):
        outcome.code = code
        status = Status.CERRADO.value if item.response else Status.REGISTRADO.value
        known[outcome.client_uuid] = _Known(code, item.entry.office, item.entry.type, actor.id, status)
    for outcome in outcomes:
        if outcome.status == DUPLICATE and outcome.code is None:
            outcome.code = known[outcome.client_uuid].code
    return outcomes


def _precheck(actor: Actor, record: object, known: dict[str, _Known]) -> str | RecordOutcome:
    """The record's normalised client_uuid, or its outcome when it is malformed or already synced."""
    if not isinstance(record, dict):
        return RecordOutcome(None, REJECTED, errors={"record": "Cada registro debe ser un objeto."})
    client_uuid = _normalized_uuid(record.get("client_uuid"))
    if client_uuid is None:
        return _bad_uuid(record.get("client_uuid"))
    if client_uuid in known:
        return _duplicate(actor, record, client_uuid, known[client_uuid])
    return client_uuid


def _screen(actor: Actor, record: object, known: dict[str, _Known], in_chunk: set[str],
            now: datetime, trips: TripChecker) -> RecordOutcome | Accepted:
    """The outcome of a record that needs no insert, or the record ready to be inserted."""
    client_uuid = _precheck(actor, record, known)
    if isinstance(client_uuid, RecordOutcome):
        return client_uuid
    if client_uuid in in_chunk:
        return RecordOutcome(client_uuid, DUPLICATE)
    errors = _record_errors(actor, record)
    try:
        entry = validate_ticket(record, now)
    except ValidationError as error:
        return RecordOutcome(client_uuid, REJECTED, errors={**error.fields, **errors})
    errors = errors or _authorisation_errors(actor, entry, now)
    trip_problem = trips.error(entry.trip, entry.office, entry.channel, entry.filed_at)
    if trip_problem:
        errors = {**errors, "trip": trip_problem}
    if errors:
        return RecordOutcome(client_uuid, REJECTED, errors=errors)
    response, notes = _follow_up_texts(record)
    return Accepted(entry, response.strip() if response else None, notes.strip() if notes else None)


def _authorisation_errors(actor: Actor, entry: TicketInput, now: datetime) -> dict[str, str]:
    """The office scope and backdating rules of services.tickets.register_ticket, per field."""
    if not access.can_register_in(actor, entry.office, entry.type):
        return {"office": "No puede registrar atenciones en esa oficina."}
    if is_backdated(entry.filed_at, now) and actor.role not in access.BACKDATING_ROLES:
        return {"filed_at": "Su rol no puede registrar atenciones con fecha anterior."}
    return {}


def _check_envelope(records: object, device_id: object) -> tuple[list, str | None]:
    errors = {}
    if not isinstance(records, list):
        errors["records"] = "records debe ser una lista de atenciones."
    elif len(records) > MAX_RECORDS:
        errors["records"] = f"Un lote admite como máximo {MAX_RECORDS} registros; divídalo."
    if device_id is not None and not (isinstance(device_id, str) and len(device_id) <= 100
                                      and not hostile_fields(device_id)):
        errors["device_id"] = "device_id debe ser un texto de hasta 100 caracteres."
    if errors:
        raise ValidationError(errors)
    return records, (device_id or None)


def _open_batch(actor: Actor, device: str | None, source: str, total: int) -> SyncBatch:
    batch = SyncBatch(public_id=str(uuid.uuid4()), device_id=device, user_id=actor.id,
                      source=source, status="processing", total=total, received_at=clock.now())
    db.session.add(batch)
    db.session.commit()
    return batch


def _save_results(batch: SyncBatch, chunk: list[RecordOutcome], first_position: int,
                  finished: bool = False) -> None:
    """Write a chunk of audit rows and the running counts in one commit."""
    if chunk:
        db.session.execute(SyncRecordResult.__table__.insert(), [
            {"batch_id": batch.id, "position": first_position + i, "client_uuid": r.client_uuid,
             "status": r.status, "code": r.code, "errors": r.errors} for i, r in enumerate(chunk)])
    for status in (CREATED, DUPLICATE, REJECTED):
        setattr(batch, status, getattr(batch, status) + sum(r.status == status for r in chunk))
    if finished:
        batch.status, batch.finished_at = "completed", clock.now()
    db.session.commit()


def _normalized_uuid(value: object) -> str | None:
    try:
        return str(uuid.UUID(str(value))) if value not in (None, "") else None
    except ValueError:
        return None


def _known_tickets(uuids: Iterable[str | None]) -> dict[str, _Known]:
    """Tickets already registered under any of these client_uuids (one query per 1,000)."""
    wanted = sorted({u for u in uuids if u})
    known: dict[str, _Known] = {}
    for start in range(0, len(wanted), 1000):
        rows = db.session.execute(
            select(Ticket.client_uuid, Ticket.code, Office.code, Ticket.type, Ticket.created_by_id,
                   Ticket.status)
            .join(Office, Ticket.office_id == Office.id)
            .where(Ticket.client_uuid.in_(wanted[start:start + 1000])))
        known.update({r[0]: _Known(*r[1:]) for r in rows})
    return known


def _sync_one(actor: Actor, record: object, known: dict[str, _Known], source: str) -> RecordOutcome:
    """The record-by-record path (one commit each), used when a chunk meets a race."""
    client_uuid = _precheck(actor, record, known)
    if isinstance(client_uuid, RecordOutcome):
        return client_uuid
    errors = _record_errors(actor, record)
    if errors:
        return RecordOutcome(client_uuid, REJECTED, errors=_with_ticket_errors(record, errors))
    return _register(actor, record, client_uuid, known, source)


def _bad_uuid(raw: object) -> RecordOutcome:
    message = ("Cada registro necesita su client_uuid." if raw in (None, "")
               else "client_uuid debe ser un UUID.")
    return RecordOutcome(_text_or_none(raw), REJECTED, errors={"client_uuid": message})


def _record_errors(actor: Actor, record: dict) -> dict[str, str]:
    """What a synced record needs beyond a ticket body: filed_at, a valid closing and notes."""
    errors = _follow_up_errors(actor, record)
    if record.get("filed_at") in (None, ""):
        errors["filed_at"] = FILED_AT_REQUIRED
    return errors


def _register(actor: Actor, record: dict, client_uuid: str, known: dict[str, _Known],
              source: str) -> RecordOutcome:
    try:
        registration = ticket_service.register_ticket(actor, record, source=source)
    except DomainError as error:
        return RecordOutcome(client_uuid, REJECTED, errors=_field_errors(error))
    ticket = registration.ticket
    known[client_uuid] = _Known(ticket.code, record["office"], record["type"], actor.id,
                                ticket.status)
    status = CREATED if registration.created else DUPLICATE
    return RecordOutcome(client_uuid, status, ticket.code, _apply_follow_up(actor, ticket, record))


def _duplicate(actor: Actor, record: dict, client_uuid: str, seen: _Known) -> RecordOutcome:
    """A record sent before: answer its code, and finish a closing a crash may have cut short."""
    mine = seen.created_by_id is not None and seen.created_by_id == actor.id
    if not (mine or access.can_see(actor, seen.office, seen.type)):
        return RecordOutcome(client_uuid, REJECTED, errors={
            "client_uuid": "Ese identificador ya fue usado por otro caso."})
    errors: dict[str, str] = {}
    response, notes = _follow_up_texts(record)
    pending_closing = response is not None and seen.status in OPEN_STATUSES
    if (pending_closing or notes is not None) and not _follow_up_errors(actor, record):
        ticket = db.session.scalar(select(Ticket).where(Ticket.client_uuid == client_uuid))
        errors = _apply_follow_up(actor, ticket, record)
    return RecordOutcome(client_uuid, DUPLICATE, seen.code, errors)


def _follow_up_texts(record: dict) -> tuple[object, object]:
    """(response, notes) of a record, None when absent or blank."""
    def clean(value: object) -> object:
        return None if value is None or (isinstance(value, str) and not value.strip()) else value
    return clean(record.get("response")), clean(record.get("notes"))


def _follow_up_errors(actor: Actor, record: dict) -> dict[str, str]:
    """Problems with the closing response or the notes, found before anything is saved."""
    response, notes = _follow_up_texts(record)
    errors = {}
    for key, value, label in (("response", response, "La respuesta"), ("notes", notes, "La nota")):
        if value is not None and not isinstance(value, str):
            errors[key] = f"{label} debe ser texto."
        elif value is not None and len(value.strip()) > MAX_TEXT:
            errors[key] = f"{label} admite como máximo {MAX_TEXT} caracteres."
    if response is not None and "response" not in errors:
        if actor.role not in access.CLOSING_ROLES:
            errors["response"] = "Su rol no puede cerrar casos; envíe la atención sin respuesta."
        elif record.get("type") == access.SEALED_TYPE:
            errors["response"] = "Una denuncia no se cierra en campo; la atiende Integridad."
        elif record.get("type") in MOTIVE_TYPES and record.get("motive") in (None, ""):
            errors["motive"] = MOTIVE_REQUIRED  # closing a reclamo or queja needs its motive
    if notes is not None and record.get("type") == access.SEALED_TYPE:
        # Notes are stored in clear; a denuncia's facts belong in its (sealed) description.
        errors["notes"] = "Escriba los hechos de la denuncia en la descripción, no en notas."
    return errors


def _apply_follow_up(actor: Actor, ticket: Ticket, record: dict) -> dict[str, str]:
    """Add the field notes and close with the response given on the spot; idempotent."""
    response, notes = _follow_up_texts(record)
    try:
        if notes is not None and not _has_note(ticket, notes.strip()):
            ticket_service.add_event(ticket, actor, "note", {"source": "campo"}, note=notes.strip())
            db.session.commit()
        if response is not None and ticket.status in OPEN_STATUSES and ticket.response is None:
            ticket_service.close_ticket(actor, ticket.code, response, record.get("motive"))
    except DomainError as error:
        db.session.rollback()
        return _field_errors(error, default_field="response")
    return {}


def _has_note(ticket: Ticket, text: str) -> bool:
    return db.session.scalar(select(TicketEvent.id).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "note",
        TicketEvent.note == text).limit(1)) is not None


def _with_ticket_errors(record: dict, errors: dict[str, str]) -> dict[str, str]:
    """Every problem of the record at once, so the agent fixes it in one pass."""
    try:
        validate_ticket(record, clock.now())
    except ValidationError as error:
        return {**error.fields, **errors}
    return errors


def _field_errors(error: DomainError, default_field: str = "record") -> dict[str, str]:
    if isinstance(error, ValidationError):
        return dict(error.fields)
    if isinstance(error, Forbidden) and error.fields:
        return {key: error.message for key in error.fields}
    if error.code == "not_found":
        return {"client_uuid": "Ese identificador ya fue usado por otro caso."}
    return {default_field: error.message}


def _text_or_none(value: object) -> str | None:
    # Echoed in the stored outcome: NUL or a lone surrogate there would fail the whole chunk.
    return HOSTILE_TEXT.sub("\ufffd", str(value))[:64] if value not in (None, "") else None


def recover_stale_batches() -> int:
    """Mark batches left "processing" by a dead process as "interrupted" (the sync-recovery job).

    Every chunk they committed is kept with its outcomes; the device resends the batch and
    the saved records come back as duplicates with their codes. Returns how many were marked.
    """
    now = clock.now()
    marked = db.session.execute(
        update(SyncBatch).where(SyncBatch.status == "processing",
                                SyncBatch.received_at <= now - STALE_AFTER)
        .values(status="interrupted", finished_at=now)).rowcount
    db.session.commit()
    return marked
