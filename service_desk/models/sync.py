"""Field sync batches: what a device sent, who sent it and what became of each record.

Kept for audit: an itinerant's batch can be traced from the device to the
ticket codes it produced, including the records that were rejected and why.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service_desk.extensions import db
from service_desk.models.people import User
from service_desk.models.types import UTCDateTime


class SyncBatch(db.Model):
    """One upload of offline-captured records (API, field app or file import)."""

    __tablename__ = "sync_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str | None] = mapped_column(String(100))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # "api" | "campo" (the offline web app) | "import" (flask import batch)
    source: Mapped[str] = mapped_column(String(16))
    # "processing" until every record has an outcome, then "completed"; "interrupted" when the
    # process died halfway (found stale by the sync-recovery job): resending it completes it.
    status: Mapped[str] = mapped_column(String(16), default="processing")
    total: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    duplicate: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    results: Mapped[list[SyncRecordResult]] = relationship(
        back_populates="batch", order_by="SyncRecordResult.position")


class SyncRecordResult(db.Model):
    """The outcome of one record of a batch: created, duplicate or rejected (with field errors)."""

    __tablename__ = "sync_record_results"
    __table_args__ = (Index("ix_sync_record_results_batch_position", "batch_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("sync_batches.id"))
    position: Mapped[int]
    client_uuid: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(24))
    errors: Mapped[dict] = mapped_column(JSON, default=dict)

    batch: Mapped[SyncBatch] = relationship(back_populates="results")
