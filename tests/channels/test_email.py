"""E-mail: outbox delivery to a real SMTP server (aiosmtpd), inbound mail from a real IMAP server (pymap)."""

from __future__ import annotations

import imaplib
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

from sqlalchemy import func, select

from service_desk import clock
from service_desk.extensions import db
from service_desk.jobs import find_job
from service_desk.models import Attachment, OutboxMessage, Ticket
from service_desk.services import delivery
from service_desk.services.conversations import SYSTEM_ACTOR, fetch_service_mailbox
from service_desk.services.tickets import close_ticket, register_ticket
from tests.factories import ticket_body

START = datetime.fromisoformat("2024-03-04T10:00:00-05:00")


def received(smtp_server) -> list[EmailMessage]:
    return [message_from_bytes(e.original_content, policy=policy.default) for e in smtp_server.envelopes]


def closed_presencial_ticket(email="rosa.quispe@example.pe") -> Ticket:
    body = ticket_body(citizen={"email": email})
    ticket = register_ticket(SYSTEM_ACTOR, body).ticket
    return close_ticket(SYSTEM_ACTOR, ticket.code, "Su abono fue reprogramado al 20 de marzo.")


def test_a_response_by_email_reaches_the_smtp_server(smtp_server):
    ticket = closed_presencial_ticket()

    report = delivery.send_pending()

    assert report.sent == 1
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["rosa.quispe@example.pe"]
    [mail] = received(smtp_server)
    assert ticket.code in mail["Subject"]
    assert "reprogramado al 20 de marzo" in mail.get_content()
    # The satisfaction survey's e-mail waits an hour after the response (services.surveys).
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "sent")).one()
    assert message.status == "sent" and message.provider_id == mail["Message-ID"]
    assert mail["Message-ID"] == f"<outbox-{message.id}@juntos.gob.pe>"


def test_an_unreachable_smtp_server_keeps_the_message_for_later(app, monkeypatch, smtp_server):
    clock.freeze(START)
    closed_presencial_ticket()
    real_port = app.config["MAIL_PORT"]
    monkeypatch.setitem(app.config, "MAIL_PORT", 9)

    failed = delivery.send_pending()
    monkeypatch.setitem(app.config, "MAIL_PORT", real_port)
    clock.freeze(START + timedelta(minutes=1))
    recovered = delivery.send_pending()
    again = delivery.send_pending()

    assert (failed.retried, recovered.sent, again.sent) == (1, 1, 0)
    assert len(smtp_server.envelopes) == 1


def append(imap_server, sender: str, subject: str, text: str, message_id: str,
           attachment: bytes | None = None) -> None:
    mail = EmailMessage()
    mail["From"], mail["To"] = sender, "servicioalusuario@juntos.gob.pe"
    mail["Subject"], mail["Message-ID"] = subject, message_id
    mail.set_content(text)
    if attachment:
        mail.add_attachment(attachment, maintype="application", subtype="pdf", filename="recibo.pdf")
    with imaplib.IMAP4("127.0.0.1", imap_server.port) as imap:
        imap.login(imap_server.user, imap_server.password)
        imap.append("INBOX", None, None, mail.as_bytes())


def unseen(imap_server) -> list[bytes]:
    with imaplib.IMAP4("127.0.0.1", imap_server.port) as imap:
        imap.login(imap_server.user, imap_server.password)
        imap.select("INBOX")
        return imap.uid("SEARCH", None, "UNSEEN")[1][0].split()


def tickets() -> list[Ticket]:
    db.session.expire_all()
    return db.session.scalars(select(Ticket).order_by(Ticket.id)).all()


def test_the_mail_fetch_job_is_declared():
    assert find_job("mail-fetch") is not None


def test_a_new_email_opens_a_consulta_and_is_acknowledged(imap_server):
    append(imap_server, "Juana Pérez <juana@example.pe>", "Consulta sobre afiliación",
           "¿Qué requisitos necesito para afiliarme?", "<m1@example.pe>", attachment=b"%PDF-1.4 recibo")

    result = fetch_service_mailbox()

    [ticket] = tickets()
    assert result == "correos=1"
    assert (ticket.type, ticket.channel, ticket.office.code) == ("consulta", "correo", "SEDE")
    assert "requisitos necesito" in ticket.description and "afiliación" in ticket.description
    assert ticket.citizen.email == "juana@example.pe" and ticket.citizen.first_name == "Juana Pérez"
    assert db.session.scalars(select(Attachment.filename)).all() == ["recibo.pdf"]
    ack = db.session.scalars(select(OutboxMessage)).one()
    assert ack.recipient == "juana@example.pe" and ticket.code in ack.subject
    assert unseen(imap_server) == []


def test_a_reply_naming_the_ticket_code_joins_it(imap_server):
    append(imap_server, "juana@example.pe", "Consulta", "Primera pregunta", "<m2@example.pe>")
    fetch_service_mailbox()
    code = tickets()[0].code

    append(imap_server, "juana@example.pe", f"Re: Recibimos su mensaje - caso {code}",
           "Adjunto mi número de DNI 12345678", "<m3@example.pe>")
    fetch_service_mailbox()

    [ticket] = tickets()
    notes = [e.note for e in ticket.events if e.kind == "citizen_message"]
    assert notes == ["Primera pregunta", "Adjunto mi número de DNI 12345678"]


def test_a_reply_from_another_address_does_not_join_someone_elses_ticket(imap_server):
    append(imap_server, "juana@example.pe", "Consulta", "Primera pregunta", "<m4@example.pe>")
    fetch_service_mailbox()
    code = tickets()[0].code

    append(imap_server, "otro@example.pe", f"Re: caso {code}", "Quiero ver este caso", "<m5@example.pe>")
    fetch_service_mailbox()

    assert len(tickets()) == 2
    assert len([e for e in tickets()[0].events if e.kind == "citizen_message"]) == 1


def test_the_same_message_fetched_twice_changes_nothing(imap_server):
    append(imap_server, "juana@example.pe", "Consulta", "Una pregunta", "<m6@example.pe>")
    fetch_service_mailbox()
    append(imap_server, "juana@example.pe", "Consulta", "Una pregunta", "<m6@example.pe>")

    result = fetch_service_mailbox()

    assert result == "correos=1"
    assert len(tickets()) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_without_a_configured_mailbox_the_job_says_so_and_does_nothing(app):
    assert "sin buzón" in fetch_service_mailbox()
    assert tickets() == []
