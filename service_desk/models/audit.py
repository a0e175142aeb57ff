"""Access log of personal data (Ley 29733): who saw or exported what, when, from where."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service_desk.extensions import db
from service_desk.models.guards import refuse_changes
from service_desk.models.types import UTCDateTime


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_at", "at"), Index("ix_access_log_object", "object_type",
                                                                 "object_ref"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))       # view, export, search, rectify
    object_type: Mapped[str] = mapped_column(String(32))  # ticket, citizen, report
    object_ref: Mapped[str] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16), default="web")  # web, api, cli


refuse_changes(AccessLogEntry, "the access log")


class CitizenChange(db.Model):
    """A rectification of citizen data (Ley 29733 right of rectification), field by field."""

    __tablename__ = "citizen_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(String(300))
    new_value: Mapped[str | None] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(String(300))
