"""The knowledge base of answers UCI maintains ("Juntos te responde", seed 000 8.4.2 d)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service_desk.extensions import db
from service_desk.models.types import UTCDateTime


class AnswerArticle(db.Model):
    """A ready answer: agents insert it as a case's response; published ones are public FAQ."""

    __tablename__ = "answer_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(32), index=True)
    body: Mapped[str] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(default=False)
    # How many times agents inserted it as a response (one UPDATE uses = uses + 1 per use).
    uses: Mapped[int] = mapped_column(default=0)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
