"""Itinerant trips: staff travelling to a district to attend households on the spot."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service_desk.extensions import db
from service_desk.models.people import Office, User
from service_desk.models.types import UTCDateTime

trip_staff = Table(
    "trip_staff", db.metadata,
    Column("trip_id", ForeignKey("trips.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)


class Trip(db.Model):
    """One itinerant trip of an office to a district (INEI ubigeo), with its dates and staff."""

    __tablename__ = "trips"
    __table_args__ = (Index("ix_trips_office_starts", "office_id", "starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    ubigeo: Mapped[str] = mapped_column(String(6))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # ISO 639 codes of the languages the staff will use (["qu", "es"]).
    languages: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    office: Mapped[Office] = relationship()
    staff: Mapped[list[User]] = relationship(secondary=trip_staff, order_by="User.username")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
