"""Record and query accesses to personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from service_desk import clock
from service_desk.domain.calendar import LIMA
from service_desk.extensions import db
from service_desk.models import User
from service_desk.models.audit import AccessLogEntry


def record_access(user: User | None, action: str, object_type: str, object_ref: str,
                  address: str | None = None, channel: str = "web") -> None:
    """Append one entry and commit it (read views have nothing else to commit)."""
    db.session.add(AccessLogEntry(
        at=clock.now(), user_id=user.id if user else None,
        username=user.username if user else "sistema", role=user.role if user else "system",
        action=action, object_type=object_type, object_ref=object_ref[:120],
        address=(address or "")[:64] or None, channel=channel))
    db.session.commit()


@dataclass
class AccessFilters:
    username: str | None = None
    object_ref: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


def search_access_log(filters: AccessFilters, page: int = 1, per_page: int = 50):
    """A page of entries, newest first, and the total."""
    query = select(AccessLogEntry)
    if filters.username:
        query = query.where(AccessLogEntry.username == filters.username)
    if filters.object_ref:
        query = query.where(AccessLogEntry.object_ref == filters.object_ref)
    if filters.action:
        query = query.where(AccessLogEntry.action == filters.action)
    if filters.since:
        query = query.where(AccessLogEntry.at >= _lima_start(filters.since))
    if filters.until:
        query = query.where(AccessLogEntry.at < _lima_start(filters.until + timedelta(days=1)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.order_by(AccessLogEntry.id.desc())
                               .offset((page - 1) * per_page).limit(per_page)).all()
    return items, total


def _lima_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LIMA)
