"""Calendar and deadline policy data maintained by administrators."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service_desk.extensions import db
from service_desk.models.people import Office
from service_desk.models.types import UTCDateTime


class NonWorkingDay(db.Model):
    """A día no laborable: national when office_id is NULL, else for that office."""

    __tablename__ = "non_working_days"
    __table_args__ = (UniqueConstraint("day", "office_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    office: Mapped[Office | None] = relationship()


class DeadlinePolicy(db.Model):
    """Días hábiles allowed to answer a ticket type; NULL = no legal deadline."""

    __tablename__ = "deadline_policies"

    ticket_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    business_days: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
