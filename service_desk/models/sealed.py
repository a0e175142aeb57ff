"""Encrypted identity and content of denuncias."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service_desk.extensions import db
from service_desk.models.types import UTCDateTime


class SealedRecord(db.Model):
    """One per denuncia: the complainant and the facts, readable only with the sealing keys."""

    __tablename__ = "sealed_records"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(16), unique=True)
    anonymous: Mapped[bool] = mapped_column(default=False)
    ciphertext: Mapped[str] = mapped_column(Text)
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime())
