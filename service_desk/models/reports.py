"""Prepared semester reports (kept as delivered) and their in-app notices to national supervisors."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service_desk.extensions import db
from service_desk.models.people import User
from service_desk.models.types import UTCDateTime


class SemesterReport(db.Model):
    """The report of one closed semester as the scheduler prepared it (figures as of `as_of`)."""

    __tablename__ = "semester_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8), unique=True)  # 2026-S1
    as_of: Mapped[date] = mapped_column(Date)
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime())
    body: Mapped[dict] = mapped_column(JSON)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    xlsx: Mapped[bytes] = mapped_column(LargeBinary)


class ReportNotice(db.Model):
    """A prepared report shown to one national supervisor until opened."""

    __tablename__ = "report_notices"
    __table_args__ = (UniqueConstraint("user_id", "report_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("semester_reports.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    report: Mapped[SemesterReport] = relationship()
