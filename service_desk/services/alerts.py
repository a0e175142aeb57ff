"""SLA alerts: the set-based scan, in-app notifications, e-mail digests, and reading them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import String, and_, delete, exists, func, insert, literal, or_, select, update
from sqlalchemy.orm import contains_eager

from service_desk import clock
from service_desk.domain.access import SEALED_TYPE, Actor
from service_desk.domain.sla import SlaState, sla_state
from service_desk.domain.workflow import OPEN_STATUSES
from service_desk.extensions import db
from service_desk.models import Alert, Notification, Office, Ticket, User
from service_desk.models.types import UTCDateTime
from service_desk.services.calendar import business_calendar
from service_desk.services.outbox import enqueue_email
from service_desk.services.tickets import sla_condition, visible_tickets_query

LEVELS = ("vencido", "por_vencer")
LEVEL_LABELS = {"por_vencer": "Por vencer", "vencido": "Vencido"}
DIGEST_MAX_LINES = 50


@dataclass
class ScanResult:
    raised: dict[str, int] = field(default_factory=dict)
    notifications: int = 0
    emails: int = 0

    def __str__(self) -> str:
        levels = ", ".join(f"{k}={v}" for k, v in self.raised.items())
        return f"alertas {levels}; notificaciones={self.notifications}; correos={self.emails}"


def scan_sla() -> ScanResult:
    """Raise the alerts due today for every open ticket in one pass per level.

    INSERT ... SELECT over the indexed due dates: tickets already alerted at a
    level are skipped, closed and annulled ones never match. One commit.
    """
    today, now, batch = clock.today_in_lima(), clock.now(), uuid.uuid4().hex
    result = ScanResult()
    for level in LEVELS:
        result.raised[level] = _raise(level, today, now, batch)
    if any(result.raised.values()):  # a scan that raised nothing has nobody to tell
        result.notifications = _notify_in_app(batch, now)
        result.emails = _email_digests(batch)
    db.session.commit()
    return result


def _raise(level: str, today, now, batch: str) -> int:
    already = exists().where(Alert.ticket_id == Ticket.id, Alert.level == level)
    candidates = (
        select(Ticket.id, Ticket.office_id, literal(level, String()), Ticket.due_on,
               literal(now, UTCDateTime()), literal(batch, String()))
        .select_from(Ticket).join(Office, Ticket.office_id == Office.id)
        .where(sla_condition(level, today), ~already)
    )
    columns = ["ticket_id", "office_id", "level", "due_on", "raised_at", "batch"]
    # RETURNING counts the rows on every driver (psycopg reports rowcount -1 for this INSERT).
    statement = insert(Alert.__table__).from_select(columns, candidates).returning(Alert.id)
    return len(db.session.execute(statement).all())


def _recipient_condition():
    """Assignee and office supervisors; for denuncias only the integrity role."""
    sealed = Ticket.type == SEALED_TYPE
    ordinary = or_(User.id == Ticket.assignee_id,
                   and_(User.role == "supervisor", User.office_id == Ticket.office_id))
    return and_(User.active.is_(True), or_(and_(sealed, User.role == "integrity"),
                                           and_(~sealed, User.role != "integrity", ordinary)))


def _notify_in_app(batch: str, now) -> int:
    recipients = (
        select(User.id, Alert.id, literal(now, UTCDateTime()))
        .select_from(Alert).join(Ticket, Alert.ticket_id == Ticket.id)
        .join(User, _recipient_condition())
        .where(Alert.batch == batch)
    )
    statement = (insert(Notification.__table__)
                 .from_select(["user_id", "alert_id", "created_at"], recipients)
                 .returning(Notification.id))
    return len(db.session.execute(statement).all())


def _email_digests(batch: str) -> int:
    """One e-mail per recipient with the alerts of this scan; denuncias only as a count."""
    rows = db.session.execute(
        select(User.id, User.email, Ticket.code, Ticket.type, Office.code.label("office"),
               Alert.level, Alert.due_on)
        .select_from(Notification).join(Alert, Notification.alert_id == Alert.id)
        .join(User, Notification.user_id == User.id).join(Ticket, Alert.ticket_id == Ticket.id)
        .join(Office, Ticket.office_id == Office.id)
        .where(Alert.batch == batch, User.email.is_not(None), User.email != "")
        .order_by(User.id, Alert.due_on, Ticket.code)
    ).all()
    by_user: dict[tuple[int, str], list] = defaultdict(list)
    for row in rows:
        by_user[(row.id, row.email)].append(row)
    for (user_id, email), items in by_user.items():
        enqueue_email(email, "Alertas de plazo de atención al usuario", _digest_body(items),
                      dedupe_key=f"sla-alerts:{batch}:{user_id}", meta={"kind": "sla_alert"})
    return len(by_user)


def _digest_body(items) -> str:
    """Codes, offices and deadlines only: no citizen data; denuncias reduced to a count."""
    sealed = sum(1 for i in items if i.type == SEALED_TYPE)
    lines = [f"- {i.code} ({i.office}): {LEVEL_LABELS[i.level]}, plazo {i.due_on:%d/%m/%Y}"
             for i in items if i.type != SEALED_TYPE]
    body = ["Estimado(a) usuario(a):", ""]
    if lines:
        body += ["Los siguientes casos requieren atención:", *lines[:DIGEST_MAX_LINES]]
        if len(lines) > DIGEST_MAX_LINES:
            body.append(f"... y {len(lines) - DIGEST_MAX_LINES} casos más.")
    if sealed:
        body.append(f"Hay {sealed} alerta(s) de plazo en casos reservados; revíselas en el sistema.")
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    body += ["", f"Vea todas sus alertas en {base}/reportes/alertas", "", "Programa JUNTOS"]
    return "\n".join(body)


# Alert levels that stay true in each SLA state (a "por vencer" raised earlier is still history
# once the case is overdue).
_TRUE_LEVELS = {SlaState.POR_VENCER: {"por_vencer"}, SlaState.VENCIDO: {"por_vencer", "vencido"}}


def withdraw_untrue_alerts(ticket: Ticket, *, everything: bool = False) -> int:
    """Delete the ticket's alerts (and their notifications) its current deadline no longer backs.

    Used after a triage changes the due date or office; the next scan raises the
    right ones. `everything` withdraws all of them (a case sealed or unsealed:
    who may be told changes). The remaining alerts follow the case to its office.
    """
    db.session.flush()
    state = sla_state(business_calendar(), ticket.office.code, ticket.due_on, clock.today_in_lima(),
                      warning_days=current_app.config["SLA_WARNING_BUSINESS_DAYS"])
    keep = set() if everything else _TRUE_LEVELS.get(state, set())
    doomed = list(db.session.scalars(
        select(Alert.id).where(Alert.ticket_id == ticket.id, Alert.level.not_in(keep))))
    if doomed:
        db.session.execute(delete(Notification).where(Notification.alert_id.in_(doomed)))
        db.session.execute(delete(Alert).where(Alert.id.in_(doomed)))
    db.session.execute(update(Alert).where(Alert.ticket_id == ticket.id)
                       .values(office_id=ticket.office_id))
    return len(doomed)


def alerts_query(actor: Actor, office: str | None = None, level: str | None = None,
                 open_only: bool = False):
    """Select (Alert, Ticket) of the tickets the actor may see, newest first."""
    query = (visible_tickets_query(actor).join(Alert, Alert.ticket_id == Ticket.id)
             .add_columns(Alert).options(contains_eager(Ticket.office)))
    if office:
        query = query.where(Office.code == office)
    if level:
        query = query.where(Alert.level == level)
    if open_only:
        query = query.where(Ticket.status.in_([s.value for s in OPEN_STATUSES]))
    return query.order_by(Alert.raised_at.desc(), Alert.id.desc())


def list_alerts(actor: Actor, office: str | None = None, level: str | None = None,
                open_only: bool = False, page: int = 1, per_page: int = 100):
    """A page of (ticket, alert) pairs visible to the actor, and the total."""
    query = alerts_query(actor, office, level, open_only)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.offset((page - 1) * per_page).limit(per_page)).all()
    return [(r[0], r[1]) for r in rows], total


def unread_alert_ids(user_id: int) -> set[int]:
    return set(db.session.scalars(select(Notification.alert_id).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))))


def unread_count(user_id: int) -> int:
    """How many alerts this user has not marked as read (the navigation counter)."""
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


def mark_all_read(user_id: int) -> int:
    """Mark every unread notification of the user as read; returns how many."""
    result = db.session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=clock.now()))
    db.session.commit()
    return result.rowcount or 0


def unread_notices(actor: Actor, user_id: int, limit: int = 50) -> list[Notification]:
    """Unread notices about cases (e.g. moved to the user's office) the user may still see."""
    visible = visible_tickets_query(actor).with_only_columns(Ticket.id)
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None),
                                   Notification.alert_id.is_(None), Notification.ticket_id.in_(visible))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))
