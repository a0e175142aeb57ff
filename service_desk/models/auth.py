"""Failed sign-ins counted per network address, to slow down password guessing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from service_desk.extensions import db
from service_desk.models.types import UTCDateTime


class LoginThrottle(db.Model):
    """Failures from one address inside the current window, and until when it is locked.

    Failures per user live on User (failed_logins, locked_until); this row covers
    guessing across many usernames from the same address.
    """

    __tablename__ = "login_throttles"

    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
