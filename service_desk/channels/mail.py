"""E-mail: outbound through SMTP, inbound by polling the service mailbox over IMAP."""

from __future__ import annotations

import hashlib
import imaplib
import logging
import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid, parseaddr

from service_desk.channels import DeliveryError

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15
MAX_TEXT = 5000


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    starttls: bool = False

    @classmethod
    def from_config(cls, config: Mapping) -> SmtpSettings:
        return cls(config.get("MAIL_SERVER", "127.0.0.1"), int(config.get("MAIL_PORT", 25)),
                   config.get("MAIL_FROM", ""), config.get("MAIL_USERNAME", ""),
                   config.get("MAIL_PASSWORD", ""), bool(config.get("MAIL_USE_TLS", False)))


@dataclass(frozen=True)
class OutgoingFile:
    filename: str
    content_type: str
    data: bytes


class EmailSender:
    """Sends one message per SMTP session (the outbox sends few, and each must stand alone)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def build(self, recipient: str, subject: str, body: str,
              files: list[OutgoingFile] | None = None, message_id: str | None = None) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = recipient
        message["Subject"] = subject
        message["Date"] = formatdate(usegmt=True)
        domain = self.settings.sender.rpartition("@")[2] or None
        message["Message-ID"] = message_id or make_msgid(domain=domain)
        message.set_content(body)
        for item in files or []:
            maintype, _, subtype = item.content_type.partition("/")
            message.add_attachment(item.data, maintype=maintype, subtype=subtype,
                                   filename=item.filename)
        return message

    def send(self, recipient: str, subject: str, body: str,
             files: list[OutgoingFile] | None = None, message_id: str | None = None) -> str:
        """Deliver to the SMTP server; returns the Message-ID."""
        message = self.build(recipient, subject, body, files, message_id)
        try:
            with smtplib.SMTP(self.settings.host, self.settings.port, timeout=TIMEOUT_SECONDS) as smtp:
                if self.settings.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.settings.username:
                    smtp.login(self.settings.username, self.settings.password)
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise DeliveryError(f"Destinatario rechazado: {error.recipients}", permanent=True) from error
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(f"SMTP {error.smtp_code}: {error.smtp_error!r}",
                                permanent=500 <= error.smtp_code < 600) from error
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"Servidor de correo no disponible: {error}") from error
        return message["Message-ID"]


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    username: str
    password: str
    mailbox: str = "INBOX"
    use_ssl: bool = True

    @classmethod
    def from_config(cls, config: Mapping) -> ImapSettings | None:
        """None when no service mailbox is configured (MAIL_IMAP_SERVER unset)."""
        if not config.get("MAIL_IMAP_SERVER"):
            return None
        use_ssl = bool(config.get("MAIL_IMAP_SSL", True))
        port = int(config.get("MAIL_IMAP_PORT") or (993 if use_ssl else 143))
        return cls(config["MAIL_IMAP_SERVER"], port,
                   config.get("MAIL_IMAP_USER", ""), config.get("MAIL_IMAP_PASSWORD", ""),
                   config.get("MAIL_IMAP_MAILBOX", "INBOX"), use_ssl)


@dataclass
class IncomingEmail:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    files: list[OutgoingFile] = field(default_factory=list)


def parse_email(raw: bytes) -> IncomingEmail:
    """The parts of a MIME message the desk needs; a missing Message-ID is derived from the bytes."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    name, sender = parseaddr(str(message.get("From", "")))
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    files = [OutgoingFile(part.get_filename() or "adjunto", part.get_content_type(),
                          part.get_payload(decode=True) or b"")
             for part in message.iter_attachments()]
    message_id = str(message.get("Message-ID", "")).strip()
    if not message_id:
        message_id = "<sha256-" + hashlib.sha256(raw).hexdigest() + "@sin-message-id>"
    return IncomingEmail(message_id=message_id[:255], sender=sender.lower(), sender_name=name,
                         subject=str(message.get("Subject", "")).strip(), text=text.strip()[:MAX_TEXT],
                         files=files)


def poll_mailbox(settings: ImapSettings, handle: Callable[[IncomingEmail], object]) -> int:
    """Hand every unseen message to `handle`, then flag it \\Seen; returns how many were handled.

    A message is flagged only after `handle` returned, so a crash means it is
    fetched again next time; `handle` must therefore be idempotent (it is, by Message-ID).
    """
    imap_class = imaplib.IMAP4_SSL if settings.use_ssl else imaplib.IMAP4
    handled = 0
    with imap_class(settings.host, settings.port, timeout=TIMEOUT_SECONDS) as imap:
        imap.login(settings.username, settings.password)
        imap.select(settings.mailbox)
        _, data = imap.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            _, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if raw is None:
                continue
            try:
                handle(parse_email(raw))
            except Exception:  # one bad message must not block the mailbox
                log.exception("inbound e-mail uid %s could not be handled", uid)
                continue
            imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            handled += 1
    return handled
