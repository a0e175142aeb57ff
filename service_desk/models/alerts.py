"""What the scheduler writes: SLA alerts and their in-app notifications, Indicador 3
snapshots, channel targets per year, and the single-runner job leases."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service_desk.extensions import db
from service_desk.models.people import Office, User
from service_desk.models.tickets import Ticket
from service_desk.models.types import UTCDateTime


class Alert(db.Model):
    """A ticket reaching "por_vencer" or "vencido": raised once per ticket and level."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("ticket_id", "level"),
        Index("ix_alerts_office_raised", "office_id", "raised_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    level: Mapped[str] = mapped_column(String(16))  # "por_vencer" | "vencido"
    due_on: Mapped[date] = mapped_column(Date)  # the deadline when raised
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Identifies the scan that raised it, so that scan notifies exactly its own alerts.
    batch: Mapped[str] = mapped_column(String(32), index=True)

    ticket: Mapped[Ticket] = relationship()
    office: Mapped[Office] = relationship()


class Notification(db.Model):
    """An alert, or a notice about a case (e.g. moved to the user's office), shown until read."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "alert_id"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id"), index=True)
    # A notice without an alert names its case and says what happened (Spanish, no citizen data).
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    message: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    alert: Mapped[Alert | None] = relationship()
    ticket: Mapped[Ticket | None] = relationship()


class IndicatorSnapshot(db.Model):
    """Indicador 3 of one office and period as computed on `as_of` (one row per day).

    Kept so the figure reported at the time stays visible after late closings.
    """

    __tablename__ = "indicator_snapshots"
    __table_args__ = (UniqueConstraint("period", "office_id", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8), index=True)  # 2024-T1, 2024-S1, 2024
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    as_of: Mapped[date] = mapped_column(Date)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    numerator: Mapped[int]
    denominator: Mapped[int]
    open_in_time: Mapped[int]
    open_overdue: Mapped[int]
    closed_late: Mapped[int]

    office: Mapped[Office] = relationship()


class ChannelTarget(db.Model):
    """Annual target of attentions for one office and channel (annex 8.1); editable."""

    __tablename__ = "channel_targets"
    __table_args__ = (UniqueConstraint("year", "office_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    channel: Mapped[str] = mapped_column(String(24))
    target: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    office: Mapped[Office] = relationship()


class JobLease(db.Model):
    """Which runner may run a job, and when it is next due.

    A runner claims the job with one conditional UPDATE (due and not leased);
    only one of several concurrent runners can win it.
    """

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(120))
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[str | None] = mapped_column(String(16))  # "ok" | "error"
    last_error: Mapped[str | None] = mapped_column(Text)
    runs: Mapped[int] = mapped_column(default=0)
