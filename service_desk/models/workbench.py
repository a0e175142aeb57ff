"""What a person keeps for their own work on the queues: named saved filters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service_desk.extensions import db
from service_desk.models.types import UTCDateTime


class SavedFilter(db.Model):
    """A queue's query string saved under a name by one user; nobody else sees or applies it."""

    __tablename__ = "saved_filters"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # The queue it belongs to (an endpoint such as "supervisor.queue") and its cleaned query string.
    view: Mapped[str] = mapped_column(String(40))
    query: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
