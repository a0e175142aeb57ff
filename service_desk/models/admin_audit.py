"""Audit of administrative changes to users: role, office and access, field by field.

Granting or revoking the integrity role opens or closes every denuncia to a
person (D. Leg. 1327), so each such change is kept for good: rows are only
ever inserted (the ORM refuses updates and deletes; on PostgreSQL a trigger
from models/guards.py refuses them too).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service_desk.extensions import db
from service_desk.models.guards import refuse_changes
from service_desk.models.people import User
from service_desk.models.types import UTCDateTime

# Fields an administrator changes that decide what a user may see or do.
AUDITED_FIELDS = ("role", "office", "active")


class UserChange(db.Model):
    """One field of one user changed by an administrator (who, when, old and new value)."""

    __tablename__ = "user_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    field: Mapped[str] = mapped_column(String(16))
    old_value: Mapped[str | None] = mapped_column(String(64))
    new_value: Mapped[str | None] = mapped_column(String(64))

    changed_by: Mapped[User | None] = relationship(foreign_keys=[changed_by_id])


refuse_changes(UserChange, "the user change log")
