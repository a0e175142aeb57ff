"""Work queues for the pages: filtered pages of cases, counts per SLA state, office overview.

Everything starts from tickets.visible_tickets_query, so office scoping and the
sealing of denuncias apply to every list and every count.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from service_desk import clock
from service_desk.domain.access import SEALED_TYPE, Actor, sees_all_offices
from service_desk.domain.calendar import BusinessCalendar
from service_desk.domain.sla import SlaState, sla_state
from service_desk.domain.workflow import OPEN_STATUSES
from service_desk.extensions import db
from service_desk.models import Citizen, Office, Ticket, User
from service_desk.services import calendar as calendar_service
from service_desk.services import search
from service_desk.services.tickets import (
    TicketFilters,
    apply_filters,
    sla_condition,
    visible_tickets_query,
)

OPEN = "abiertos"
COUNT_LIMIT = 1_000  # a queue counts its cases up to here, not over ten years of history
OPEN_SLA_STATES = (SlaState.EN_PLAZO, SlaState.POR_VENCER, SlaState.VENCIDO)
# The columns a queue may be sorted by (query-string key -> what the column header says).
# Only these keys reach SQL; anything else falls back to the default order by due date.
SORT_COLUMNS = {"codigo": "Código", "vence": "Vence", "recibido": "Recibido", "tipo": "Tipo",
                "canal": "Canal", "ciudadano": "Ciudadano", "estado": "Estado",
                "responsable": "Responsable", "oficina": "Oficina"}
DEFAULT_SORT = "vence"
RELEVANCE = "pertinencia"  # a text search's own order (services/search.py), its default
SORT_COLUMNS[RELEVANCE] = "Pertinencia"
_SORT_CITIZEN = aliased(Citizen, name="sort_citizen")
_SORT_ASSIGNEE = aliased(User, name="sort_assignee")


@dataclass
class QueueFilters(TicketFilters):
    """TicketFilters plus the pseudo-status "abiertos", search by citizen, and the sort order."""

    status: str | None = OPEN
    sort: str = DEFAULT_SORT
    descending: bool = False


@dataclass(frozen=True)
class Badge:
    """The SLA state of a case as the queues show it, with días hábiles left."""

    state: str | None
    days_left: int | None


@dataclass
class QueuePage:
    items: list[Ticket]
    total: int
    page: int
    per_page: int
    badges: dict[int, Badge] = field(default_factory=dict)
    capped: bool = False  # there are more than `total` cases: narrow the filters to see them
    ranked: bool = False  # ordered by relevance to a text search

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _filtered(actor: Actor, filters: QueueFilters):
    query = visible_tickets_query(actor)
    base = {k: v for k, v in vars(filters).items() if k in TicketFilters.__dataclass_fields__}
    if filters.status == OPEN:
        base["status"] = None
        query = query.where(Ticket.status.in_([s.value for s in OPEN_STATUSES]))
    # The text search (services/search.py) matches code, document, names and description.
    return apply_filters(query, TicketFilters(**base))


def queue_page(actor: Actor, filters: QueueFilters, page: int = 1, per_page: int = 25) -> QueuePage:
    """A page of visible cases in the chosen order (by due date by default), with their badges.

    A text search is ranked by relevance unless another order was chosen. Neither
    counts years of history: the total stops at COUNT_LIMIT (search.SEARCH_LIMIT
    matches for a ranked search) and the page then says "más de …".
    """
    text = (filters.text or "").strip()
    if text and filters.sort == RELEVANCE:
        query = _filtered(actor, replace(filters, text=None))
        items, total = search.search_page(query, text, page, per_page)
        limit = search.SEARCH_LIMIT
    else:
        query = _filtered(actor, filters)
        offset = (page - 1) * per_page
        items = list(db.session.scalars(
            sorted_query(query, filters).offset(offset).limit(per_page)
            .options(contains_eager(Ticket.office), joinedload(Ticket.citizen),
                     joinedload(Ticket.assignee))))
        # The count is skipped when the page is not full: the total is then known from the rows.
        total = offset + len(items) if 0 < len(items) < per_page or (not items and page == 1) \
            else _count(query.with_only_columns(Ticket.id).limit(COUNT_LIMIT + 1))
        limit = COUNT_LIMIT
    cal = calendar_service.business_calendar()
    return QueuePage(items, min(total, limit), page, per_page, {t.id: badge(t, cal) for t in items},
                     capped=total > limit, ranked=bool(text) and filters.sort == RELEVANCE)


def sorted_query(query, filters: QueueFilters):
    """Order a queue select by a whitelisted column, then by id so equal values keep one order.

    Empty values (no deadline, anonymous citizen, nobody assigned) always go last.
    """
    key = filters.sort if filters.sort in SORT_COLUMNS and filters.sort != RELEVANCE else DEFAULT_SORT
    if key == "ciudadano":
        query = query.outerjoin(_SORT_CITIZEN, Ticket.citizen_id == _SORT_CITIZEN.id)
        columns = [_SORT_CITIZEN.last_name, _SORT_CITIZEN.first_name]
    elif key == "responsable":
        query = query.outerjoin(_SORT_ASSIGNEE, Ticket.assignee_id == _SORT_ASSIGNEE.id)
        columns = [_SORT_ASSIGNEE.username]
    else:
        columns = [{"codigo": Ticket.code, "vence": Ticket.due_on, "recibido": Ticket.received_on,
                    "tipo": Ticket.type, "canal": Ticket.channel, "estado": Ticket.status,
                    "oficina": Office.code}[key]]
    order = [(c.desc() if filters.descending else c.asc()).nulls_last() for c in columns]
    tie = Ticket.id.desc() if filters.descending else Ticket.id.asc()
    return query.order_by(*order, tie)


def badge(ticket: Ticket, cal: BusinessCalendar | None = None) -> Badge:
    """SLA state and días hábiles left (negative once overdue) of one case."""
    cal = cal or calendar_service.business_calendar()
    today = clock.today_in_lima()
    state = sla_state(cal, ticket.office.code, ticket.due_on, today,
                      closed_on=ticket.closed_on if ticket.status == "cerrado" else None,
                      annulled=ticket.status == "anulado",
                      warning_days=current_app.config["SLA_WARNING_BUSINESS_DAYS"])
    left = None
    if state in OPEN_SLA_STATES:
        left = cal.business_days_left(today, ticket.due_on, ticket.office.code)
    return Badge(state.value if state else None, left)


def sla_counts(actor: Actor, filters: QueueFilters) -> dict[str, int]:
    """Open cases matching `filters` per SLA state, plus those without a deadline."""
    open_filters = replace(filters, status=OPEN, sla=None)
    query = _filtered(actor, open_filters)
    today = clock.today_in_lima()
    counts = {}
    for state in OPEN_SLA_STATES:
        counts[state.value] = _count(query.where(sla_condition(state.value, today)))
    counts["sin_plazo"] = _count(query.where(Ticket.due_on.is_(None)))
    counts["total"] = sum(counts.values())
    return counts


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def office_overview(actor: Actor) -> list[dict]:
    """One row per visible office: open cases per SLA state and without a deadline."""
    query = visible_tickets_query(actor).where(
        Ticket.status.in_([s.value for s in OPEN_STATUSES]))
    today = clock.today_in_lima()
    conditions = {s.value: sla_condition(s.value, today) for s in OPEN_SLA_STATES}
    conditions["sin_plazo"] = Ticket.due_on.is_(None)
    rows: dict[str, dict] = {}
    for key, condition in conditions.items():
        sub = query.where(condition).with_only_columns(Office.code, func.count(Ticket.id))
        for code, count in db.session.execute(sub.group_by(Office.code)):
            rows.setdefault(code, {})[key] = count
    offices = db.session.scalars(select(Office).order_by(Office.id)).all()
    table = []
    for office in offices:
        if not _office_visible(actor, office.code):
            continue
        counts = {k: rows.get(office.code, {}).get(k, 0) for k in conditions}
        table.append({"office": office, **counts, "total": sum(counts.values())})
    return table


def _office_visible(actor: Actor, code: str) -> bool:
    return sees_all_offices(actor) or actor.office == code


def citizen_with_history(actor: Actor, document_type: str, document_number: str,
                         limit: int = 20) -> tuple[Citizen | None, list[Ticket]]:
    """The citizen with that document and their earlier cases the actor may see.

    A citizen is found only through a case the actor may see: one known only to other
    offices is not found by office-scoped roles, and one known only through denuncias is
    not found at all, so a lookup never reveals who filed one. The integrity role sees only
    denuncias, whose complainants are sealed: it gets no identity data here.
    """
    if actor.role == "integrity":
        return None, []
    visible = visible_tickets_query(actor).where(
        Ticket.citizen_id == Citizen.id, Ticket.type != SEALED_TYPE).exists()
    query = select(Citizen).where(
        Citizen.document_type == document_type, Citizen.document_number == document_number,
        visible)
    citizen = db.session.scalar(query)
    if citizen is None:
        return None, []
    history = list(db.session.scalars(
        visible_tickets_query(actor).where(Ticket.citizen_id == citizen.id)
        .order_by(Ticket.filed_at.desc()).limit(limit)))
    return citizen, history
