"""Ticket use cases: register, get, list, close, annul and the workflow steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date
from weakref import WeakKeyDictionary

from flask import current_app
from sqlalchemy import and_, func, inspect, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.access import Actor
from service_desk.domain.calendar import lima_date
from service_desk.domain.errors import Forbidden, NotFound, ValidationError
from service_desk.domain.motives import motive_for_closing
from service_desk.domain.sla import compute_deadline, sla_bounds
from service_desk.domain.validation import (
    TicketInput,
    attention_language,
    is_backdated,
    validate_ticket,
)
from service_desk.domain.workflow import OPEN_STATUSES, Status, check_transition, require_text
from service_desk.extensions import commit_keeping_loaded, db
from service_desk.models import Office, Ticket, TicketEvent
from service_desk.services import calendar as calendar_service
from service_desk.services import citizen_notifications, search, surveys
from service_desk.services import trips as trip_service
from service_desk.services.citizens import upsert_citizen
from service_desk.services.codes import next_ticket_code
from service_desk.services.sealing import SEALED_DESCRIPTION, seal_denuncia


@dataclass(frozen=True)
class Registration:
    ticket: Ticket
    created: bool


def register_ticket(actor: Actor, data: object, *, source: str = "api",
                    on_created: Callable[[Ticket], None] | None = None) -> Registration:
    """Validate a ticket body, compute its legal dates and save it with its first event.

    A repeated client_uuid returns the ticket created the first time. `on_created`
    runs inside the same transaction (attachments, messages, an immediate closing),
    so a new ticket is saved whole or not at all.
    """
    now = clock.now()
    entry = validate_ticket(data, now)
    if entry.client_uuid:
        existing = _by_client_uuid(entry.client_uuid)
        if existing is not None:
            return Registration(_retried(actor, existing), created=False)
    _authorise_registration(actor, entry, now)
    trip_service.check_attention_trip(entry.trip, entry.office, entry.channel, entry.filed_at)
    try:
        ticket = _insert_ticket(actor, entry, now, source)
        if on_created is not None:
            on_created(ticket)
        commit_keeping_loaded()  # the answer is built from the ticket just written
    except IntegrityError:
        # Another request with the same client_uuid won the race: answer with its ticket.
        db.session.rollback()
        existing = _by_client_uuid(entry.client_uuid) if entry.client_uuid else None
        if existing is None:
            raise
        return Registration(_retried(actor, existing), created=False)
    return Registration(ticket, created=True)


def _authorise_registration(actor: Actor, entry: TicketInput, now) -> None:
    if not access.can_register_in(actor, entry.office, entry.type):
        raise Forbidden("No puede registrar atenciones en esa oficina.", {"office": entry.office})
    if is_backdated(entry.filed_at, now) and actor.role not in access.BACKDATING_ROLES:
        raise Forbidden("Su rol no puede registrar atenciones con fecha anterior.",
                        {"filed_at": "Solo itinerantes y supervisores registran fechas pasadas."})


def _insert_ticket(actor: Actor, entry: TicketInput, now, source: str) -> Ticket:
    filed_at = min(entry.filed_at or now, now).astimezone(UTC)  # as the column reads it back
    office = _office(entry.office)
    deadline = compute_deadline(calendar_service.business_calendar(), filed_at, entry.office,
                                calendar_service.deadline_days(entry.type))
    sealed = entry.type == access.SEALED_TYPE
    # A denuncia's complainant never becomes a citizen record: it is sealed below.
    citizen = None if sealed else upsert_citizen(entry.citizen, now)
    ticket = Ticket(
        code=next_ticket_code(entry.office, entry.type, lima_date(filed_at).year),
        type=entry.type, channel=entry.channel, office=office, subject=entry.subject,
        description=SEALED_DESCRIPTION if sealed else entry.description,
        status=Status.REGISTRADO.value, citizen=citizen, events=[],
        filed_at=filed_at, received_on=deadline.received_on, due_on=deadline.due_on,
        client_uuid=entry.client_uuid, created_by_id=actor.id, created_at=now, updated_at=now,
        motive=entry.motive,
        language=attention_language(entry, citizen.language if citizen else None),
        trip_id=entry.trip,
    )
    db.session.add(ticket)
    db.session.flush()
    if sealed:
        seal_denuncia(ticket, entry.citizen, entry.description)
    add_event(ticket, actor, "created", {
        "status": [None, ticket.status], "received_on": [None, deadline.received_on.isoformat()],
        "due_on": [None, deadline.due_on.isoformat() if deadline.due_on else None],
        "source": source})
    return ticket


def add_event(ticket: Ticket, actor: Actor | None, kind: str, changes: dict | None = None,
              note: str | None = None) -> TicketEvent:
    """Append to the audit trail (never updated nor deleted)."""
    event = TicketEvent(ticket_id=ticket.id, actor_id=actor.id if actor else None,
                        at=clock.now(), kind=kind, changes=changes or {}, note=note)
    db.session.add(event)
    if "events" in inspect(ticket).dict:  # keep a loaded trail current without re-reading it
        ticket.events.append(event)
    return event


_OFFICE_IDS: dict[str, int] = {}  # offices never change; their ids are cached per process


def _office(code: str) -> Office | None:
    """The office with `code`; usually from the identity map (the caller's own office), no query."""
    cached = _OFFICE_IDS.get(code)
    office = db.session.get(Office, cached) if cached is not None else None
    if office is None or office.code != code:  # another database (tests) or first use
        office = db.session.scalar(select(Office).where(Office.code == code))
        if office is not None:
            _OFFICE_IDS[code] = office.id
    return office


def _by_client_uuid(client_uuid: str) -> Ticket | None:
    return db.session.scalar(select(Ticket).where(Ticket.client_uuid == client_uuid))


def _retried(actor: Actor, ticket: Ticket) -> Ticket:
    """The ticket a retry names: visible ones, and the caller's own even when sealed (the
    caller then gets the receipt, as the first time); anyone else's is "not found"."""
    if ticket.created_by_id is not None and ticket.created_by_id == actor.id:
        return ticket
    return _visible_or_404(actor, ticket)


def _visible_or_404(actor: Actor, ticket: Ticket | None) -> Ticket:
    if ticket is None or not access.can_see(actor, ticket.office.code, ticket.type):
        raise NotFound("No existe un caso con ese código.")
    return ticket


def get_ticket(actor: Actor, code: str) -> Ticket:
    """The ticket with `code` if the actor may see it; NotFound otherwise (no hint)."""
    ticket = db.session.scalar(
        select(Ticket).where(Ticket.code == code).options(selectinload(Ticket.events)))
    return _visible_or_404(actor, ticket)


def close_ticket(actor: Actor, code: str, response: object, motive: object = None) -> Ticket:
    """Close with the response the citizen receives (and the motive of a reclamo or queja)."""
    ticket = apply_close(actor, get_ticket(actor, code), response, motive)
    db.session.commit()
    return ticket


def apply_close(actor: Actor, ticket: Ticket, response: object, motive: object = None) -> Ticket:
    """Close in the caller's transaction (no commit): status, response, motive, Lima closing day."""
    text, kept_motive = _closing_inputs(ticket, response, motive)
    _require_role(actor, access.CLOSING_ROLES, "cerrar casos")
    check_transition(ticket.status, Status.CERRADO)
    now = clock.now()
    extra = {"motive": [ticket.motive, kept_motive]} if kept_motive != ticket.motive else None
    _set_status(ticket, actor, Status.CERRADO, "closed", note=text, extra=extra)
    ticket.response, ticket.closed_at, ticket.closed_on = text, now, lima_date(now)
    ticket.motive = kept_motive
    citizen_notifications.send_closing_response(ticket)
    surveys.on_ticket_closed(ticket)
    return ticket


def _closing_inputs(ticket: Ticket, response: object, motive: object) -> tuple[str, str | None]:
    """The response and the motive, with both problems reported at once."""
    errors, text, kept = {}, None, None
    try:
        text = require_text("response", response, "La respuesta al ciudadano")
    except ValidationError as error:
        errors |= error.fields
    try:
        kept = motive_for_closing(ticket.type, ticket.motive, motive)
    except ValidationError as error:
        errors |= error.fields
    if errors:
        raise ValidationError(errors)
    return text, kept


def annul_ticket(actor: Actor, code: str, reason: object) -> Ticket:
    """Annul (duplicate, error): the ticket leaves Indicador 3; the reason is kept."""
    text = require_text("reason", reason, "El motivo de la anulación", 1000)
    ticket = get_ticket(actor, code)
    _require_role(actor, access.ANNULLING_ROLES, "anular casos")
    check_transition(ticket.status, Status.ANULADO)
    _set_status(ticket, actor, Status.ANULADO, "annulled", note=text)
    ticket.annul_reason = text
    db.session.commit()
    return ticket


def _require_role(actor: Actor, roles: frozenset[str], what: str) -> None:
    if actor.role not in roles:
        raise Forbidden(f"Su rol no puede {what}.")


def _set_status(ticket: Ticket, actor: Actor, target: Status, kind: str,
                note: str | None = None, extra: dict | None = None) -> None:
    changes = {"status": [ticket.status, target.value], **(extra or {})}
    ticket.status = target.value
    ticket.updated_at = clock.now()
    add_event(ticket, actor, kind, changes, note)


@dataclass
class TicketFilters:
    office: str | None = None
    status: str | None = None
    type: str | None = None
    channel: str | None = None
    sla: str | None = None
    assignee_id: int | None = None
    text: str | None = None
    motive: str | None = None
    language: str | None = None
    trip_id: int | None = None


def visible_tickets_query(actor: Actor):
    """Base select of the tickets the actor may see (denuncias only for integrity)."""
    query = select(Ticket).join(Office, Ticket.office_id == Office.id)
    if actor.role == "integrity":
        return query.where(Ticket.type == access.SEALED_TYPE)
    query = query.where(Ticket.type != access.SEALED_TYPE)
    if not access.sees_all_offices(actor):
        query = query.where(Ticket.office_id == office_id(actor.office))
    return query


def office_id(code: str | None):
    """The office's id as a scalar subquery: the planner then walks the (office_id, …) indexes
    in the queue's order instead of sorting every case of the office."""
    return select(Office.id).where(Office.code == code).correlate(None).scalar_subquery()


LIST_COUNT_LIMIT = 10_000  # the API counts up to here, not over ten years of history


@dataclass(frozen=True)
class TicketList:
    items: list[Ticket]
    total: int  # exact unless `capped`: then there are more than this many
    capped: bool


def list_tickets(actor: Actor, filters: TicketFilters, page: int = 1, per_page: int = 50) -> TicketList:
    """A page of visible tickets by due date (no deadline last), or ranked by a text search.

    The total is exact up to LIST_COUNT_LIMIT (search.SEARCH_LIMIT matches for a text
    search); past it the list says it is capped instead of counting all of history.
    """
    text = (filters.text or "").strip()
    query = apply_filters(visible_tickets_query(actor), replace(filters, text=None))
    if text:
        items, total = search.search_page(query, text, page, per_page)
        limit = search.SEARCH_LIMIT
    else:
        limit = LIST_COUNT_LIMIT
        items, total = page_by_due_date(query, page, per_page, limit + 1)
    return TicketList(items, min(total, limit), total > limit)


def page_by_due_date(query, page: int, per_page: int,
                     count_limit: int | None = None) -> tuple[list[Ticket], int]:
    """One page of a visible_tickets_query ordered by due date (none last), and the total.

    Office, citizen and assignee come in the page's own SELECT (the office is
    already joined for scoping). The count is skipped when the page is not full:
    the total is then known exactly from the rows. With `count_limit` the count
    stops there (a total equal to it means "at least"), so a queue over every
    status does not count years of history on each page.
    """
    offset = (page - 1) * per_page
    items = list(db.session.scalars(
        query.order_by(Ticket.due_on.asc().nulls_last(), Ticket.id).offset(offset).limit(per_page)
        .options(contains_eager(Ticket.office), joinedload(Ticket.citizen),
                 joinedload(Ticket.assignee))))
    if 0 < len(items) < per_page or (not items and page == 1):
        return items, offset + len(items)
    if count_limit is not None:
        query = query.with_only_columns(Ticket.id).limit(count_limit)
    return items, db.session.scalar(select(func.count()).select_from(query.subquery()))


def apply_filters(query, f: TicketFilters):
    """Narrow a ticket select by the filters a queue or the API list offers."""
    if f.office is not None:
        query = query.where(Ticket.office_id == office_id(f.office))
    for column, value in ((Ticket.status, f.status),
                          (Ticket.type, f.type), (Ticket.channel, f.channel),
                          (Ticket.assignee_id, f.assignee_id), (Ticket.language, f.language),
                          (Ticket.trip_id, f.trip_id), (Ticket.motive, f.motive)):
        if value is not None:
            query = query.where(column == value)
    found = search.match(f.text) if f.text else None
    if found is not None:
        query = query.where(found.condition)
    if f.sla:
        query = query.where(sla_condition(f.sla, clock.today_in_lima()))
    return query


def sla_condition(state: str, today: date):
    """SQL condition equivalent to domain.sla.sla_state() for every office at once."""
    if state == "cerrado_en_plazo":
        return and_(Ticket.status == Status.CERRADO, Ticket.closed_on <= Ticket.due_on)
    if state == "cerrado_fuera_de_plazo":
        return and_(Ticket.status == Status.CERRADO, Ticket.closed_on > Ticket.due_on)
    cal = calendar_service.business_calendar()
    key = (state, today, _warning_days())
    # The calendar object is shared while its content is unchanged (services.calendar._build),
    # so the condition is built once per calendar, day and state, not on every request.
    memo = _SLA_CONDITIONS.setdefault(cal, {})
    if key not in memo:
        if len(memo) > 32:
            memo.clear()
        memo[key] = _open_sla_condition(cal, *key)
    return memo[key]


_SLA_CONDITIONS: WeakKeyDictionary = WeakKeyDictionary()


def _open_sla_condition(cal, state: str, today: date, warning: int):
    open_with_due = and_(Ticket.status.in_([s.value for s in OPEN_STATUSES]),
                         Ticket.due_on.is_not(None))
    per_office = []
    for code in _calendar_groups(cal):
        b = sla_bounds(cal, code, today, warning)
        cond = {"vencido": Ticket.due_on < b.overdue_before,
                "por_vencer": and_(Ticket.due_on >= b.overdue_before,
                                   Ticket.due_on < b.warning_before),
                "en_plazo": Ticket.due_on >= b.warning_before}[state]
        scope = Office.code.not_in(_regional(cal)) if code is None else Office.code == code
        per_office.append(and_(scope, cond))
    return and_(open_with_due, or_(*per_office))


def _regional(cal) -> list[str]:
    return sorted({o for n in cal.non_working_days for o in (n.offices or ())})


def _calendar_groups(cal) -> list[str | None]:
    return [None, *_regional(cal)]


def _warning_days() -> int:
    return int(current_app.config.get("SLA_WARNING_BUSINESS_DAYS", 5))
