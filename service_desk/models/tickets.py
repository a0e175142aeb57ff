"""Tickets, their append-only audit trail and the code counters."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service_desk.extensions import db
from service_desk.models.people import Citizen, Office, User
from service_desk.models.types import UTCDateTime


class Ticket(db.Model):
    __tablename__ = "tickets"
    __table_args__ = (
        # Covers Indicador 3 and the office queues (see RECIPES.md).
        Index("ix_tickets_office_received_due_closed", "office_id", "received_on", "due_on",
              "closed_on"),
        Index("ix_tickets_status_due", "status", "due_on"),
        Index("ix_tickets_office_status_due", "office_id", "status", "due_on"),
        # Queues over every status walk these in their order (due date, none last, then id)
        # and stop after one page, instead of sorting years of history (issue 16).
        Index("ix_tickets_office_due_id", "office_id", "due_on", "id"),
        Index("ix_tickets_due_id", "due_on", "id"),
        # Indicador 3 (bench, issue 8): a partial index over reclamos and quejas only (~8 % of
        # the rows), by reception day, carrying every column the aggregation reads. At 1.2M
        # tickets PostgreSQL otherwise seq-scans for a national quarter: 211 ms -> 19 ms.
        Index("ix_tickets_indicator3", "received_on", "office_id", "status", "due_on", "closed_on",
              postgresql_where=text("type IN ('reclamo', 'queja')"),
              sqlite_where=text("type IN ('reclamo', 'queja')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    type: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(24))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    subject: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="registrado")
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The Lima day of closing, stored so date comparisons are exact on every database.
    closed_on: Mapped[date | None] = mapped_column(Date)
    response: Mapped[str | None] = mapped_column(Text)
    annul_reason: Mapped[str | None] = mapped_column(Text)
    derived_to: Mapped[str | None] = mapped_column(String(120))
    # Motive of a reclamo or queja (DS 007-2020-PCM art. 4; codes in domain.catalog.MOTIVES).
    motive: Mapped[str | None] = mapped_column(String(32))
    # Language the attention was held in (ISO 639; defaults to the citizen's preference).
    language: Mapped[str | None] = mapped_column(String(8))
    # The itinerant trip the attention was held on (issue 14).
    trip_id: Mapped[int | None] = mapped_column(ForeignKey("trips.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    client_uuid: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    office: Mapped[Office] = relationship()
    citizen: Mapped[Citizen | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id"
    )


class TicketEvent(db.Model):
    """One entry of a ticket's audit trail: who did what, when, which fields changed."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(32))
    # {"field": [old, new], ...} for changes; free keys for other kinds.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)

    ticket: Mapped[Ticket] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class TicketCounter(db.Model):
    """Last number handed out per office and year; one row lock per new code."""

    __tablename__ = "ticket_counters"

    office_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)
