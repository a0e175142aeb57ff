"""Record and query accesses to personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from service_desk import clock
from service_desk.domain.calendar import LIMA
from service_desk.extensions import commit_keeping_loaded, db
from service_desk.models import User
from service_desk.models.audit import AccessLogEntry

EXPORT_LIMIT = 100_000
SEALED_ROLE = "integrity"
RESERVED = "[reservado]"


def record_access(user: User | None, action: str, object_type: str, object_ref: str,
                  address: str | None = None, channel: str = "web") -> None:
    """Append one entry and commit it (read views have nothing else to commit)."""
    db.session.add(AccessLogEntry(
        at=clock.now(), user_id=user.id if user else None,
        username=user.username if user else "sistema", role=user.role if user else "system",
        action=action, object_type=object_type, object_ref=_reference(user, object_type, object_ref),
        address=(address or "")[:64] or None, channel=channel))
    commit_keeping_loaded()  # what the view already read stays usable without re-reading it


def _reference(user: User | None, object_type: str, object_ref: str) -> str:
    """What the entry names, except what would reveal a complainant to the admins reading the log.

    Every document the integrity role looks up, and every text it searches its
    queue for, concerns a denuncia (D. Leg. 1327): the entry keeps that the search
    happened, who made it and when, but not the document or text.
    """
    if user is not None and user.role == SEALED_ROLE:
        if object_type == "citizen":
            return RESERVED
        if object_type == "queue":
            return object_ref.split("?", 1)[0]
    return object_ref[:120]



@dataclass
class AccessFilters:
    username: str | None = None
    object_ref: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


def search_access_log(filters: AccessFilters, page: int = 1, per_page: int = 50):
    """A page of entries, newest first, and the total."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.order_by(AccessLogEntry.id.desc())
                               .offset((page - 1) * per_page).limit(per_page)).all()
    return items, total


def export_access_log(filters: AccessFilters, limit: int = EXPORT_LIMIT) -> list[AccessLogEntry]:
    """Every matching entry, newest first, up to `limit` (for the CSV download)."""
    return list(db.session.scalars(_filtered(filters).order_by(AccessLogEntry.id.desc()).limit(limit)))


def _filtered(filters: AccessFilters):
    """Entries matching the filters; the object by substring, any case ("12345678" finds "DNI 12345678")."""
    query = select(AccessLogEntry)
    if filters.username:
        query = query.where(AccessLogEntry.username == filters.username)
    if filters.object_ref:
        query = query.where(AccessLogEntry.object_ref.icontains(filters.object_ref, autoescape=True))
    if filters.action:
        query = query.where(AccessLogEntry.action == filters.action)
    if filters.since:
        query = query.where(AccessLogEntry.at >= _lima_start(filters.since))
    if filters.until:
        query = query.where(AccessLogEntry.at < _lima_start(filters.until + timedelta(days=1)))
    return query


def _lima_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LIMA)
