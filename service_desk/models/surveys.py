"""Satisfaction surveys (ISO 9001): one per closed case, answered once through a public link."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from service_desk.extensions import db
from service_desk.models.tickets import Ticket
from service_desk.models.types import UTCDateTime


class Survey(db.Model):
    """The satisfaction question of one closed case and, once given, its single answer.

    The token is the only key of the public page: random, unique, never derived
    from the case code. Results are grouped by the case's Lima closing day.
    """

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    # How the question reached the citizen: "whatsapp", "email" or "receipt" (printed or read out).
    sent_via: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_via: Mapped[str | None] = mapped_column(String(16))  # "web" | "whatsapp"

    ticket: Mapped[Ticket] = relationship(
        backref=backref("survey", uselist=False, lazy="select"))
