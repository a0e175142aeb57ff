"""What citizens send through the channels: inbound messages and attached files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service_desk.extensions import db
from service_desk.models.types import UTCDateTime


class InboundMessage(db.Model):
    """One message received from a provider, kept once per provider id.

    The unique (channel, provider_id) pair is what makes a redelivered Twilio
    MessageSid or a re-fetched e-mail Message-ID change nothing.
    """

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "provider_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(24))  # "whatsapp" | "correo"
    provider_id: Mapped[str] = mapped_column(String(255))  # MessageSid or Message-ID
    sender: Mapped[str] = mapped_column(String(254), index=True)  # "whatsapp:+51..." or e-mail
    body: Mapped[str] = mapped_column(Text, default="")
    # [{"url": ..., "content_type": ...}] as the provider sent them.
    media: Mapped[list] = mapped_column(JSON, default=list)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Attachment(db.Model):
    """A file a citizen attached (Libro de Reclamaciones, e-mail), size-limited at the edge."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(LargeBinary)
    source: Mapped[str] = mapped_column(String(24))  # channel it came through, or "agente"
    # Sealed with its denuncia: `data` holds the encrypted bytes, the name is a placeholder.
    sealed: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SenderLock(db.Model):
    """One row per conversation sender, locked while one of its messages is handled.

    Three WhatsApp messages from a new number arriving at the same moment must join one
    case: whoever holds this row's lock decides "open or join" alone (services.conversations).
    """

    __tablename__ = "sender_locks"

    sender: Mapped[str] = mapped_column(String(280), primary_key=True)  # "whatsapp:+51..."
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime())
