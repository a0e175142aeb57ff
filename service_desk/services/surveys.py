"""Satisfaction surveys: started when a case closes, answered once by link or by a WhatsApp digit.

`on_ticket_closed` runs inside the closing transaction (called from
services.tickets.apply_close), so a case is never closed without its survey
and the question is queued in the outbox with the closing: WhatsApp cases get
the question on WhatsApp, cases with an e-mail get the link by e-mail, and
presencial or telephone cases get the link and a QR code on the closing
receipt the agent prints or reads out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from service_desk import clock
from service_desk.channels.whatsapp import phone_of
from service_desk.domain import surveys as rules
from service_desk.domain.errors import NotFound
from service_desk.domain.validation import normalize_phone
from service_desk.extensions import db
from service_desk.models import Citizen, InboundMessage, OutboxMessage, Survey, Ticket
from service_desk.services import citizen_notifications, messages
from service_desk.services.outbox import enqueue, enqueue_email, enqueue_whatsapp

# 20 characters of a 32-letter alphabet: 100 random bits, short enough to read out on the phone.
TOKEN_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 20
# The question leaves a while after the response, so the citizen reads the answer before rating it.
QUESTION_DELAY = timedelta(hours=1)


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def survey_url(survey: Survey) -> str:
    """The public address of the survey (PUBLIC_BASE_URL + /encuesta/<token>)."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/encuesta/{survey.token}"


def on_ticket_closed(ticket: Ticket) -> Survey | None:
    """Start the case's survey and queue the question on its channel (no commit; once per case)."""
    if not rules.surveyed(ticket.type):
        return None
    existing = db.session.scalar(select(Survey).where(Survey.ticket_id == ticket.id))
    if existing is not None:
        return existing
    survey = Survey(ticket_id=ticket.id, token=new_token(), sent_via="receipt", sent_at=clock.now())
    db.session.add(survey)
    survey.sent_via = _send_question(ticket, survey)
    return survey


def _send_question(ticket: Ticket, survey: Survey) -> str:
    """Queue the question where the citizen can get it; returns how it was sent.

    WhatsApp only inside Twilio's 24-hour window at the moment the delayed question leaves
    (a free-form message after it is refused); otherwise the link by e-mail, or by SMS to a
    Libro or telephone citizen who left only a phone, or on the closing receipt.
    """
    url = survey_url(survey)
    language = messages.citizen_language(ticket)  # the question in the citizen's language
    sent_at = clock.now() + QUESTION_DELAY
    recipient = citizen_notifications.whatsapp_address(ticket) if ticket.channel == "whatsapp" else None
    if recipient and citizen_notifications.in_whatsapp_session(ticket, at=sent_at):
        _delay(enqueue_whatsapp(
            recipient, messages.text("survey_question", language, code=ticket.code, url=url),
            ticket_id=ticket.id, dedupe_key=f"survey-wa:{ticket.code}"))
        return "whatsapp"
    email = ticket.citizen.email if ticket.citizen else None
    if email:
        _delay(enqueue_email(email, messages.text("survey_email_subject", language, code=ticket.code),
                             messages.text("survey_email_body", language, code=ticket.code, url=url),
                             ticket_id=ticket.id,
                             dedupe_key=f"survey:{ticket.code}"))
        return "email"
    phone = citizen_notifications.sms_phone(ticket)
    if phone:
        _delay(enqueue("sms", phone, messages.text("survey_sms", language, code=ticket.code, url=url),
                       ticket_id=ticket.id, dedupe_key=f"survey-sms:{ticket.code}"))
        return "sms"
    return "receipt"


def _delay(message: OutboxMessage) -> None:
    message.next_attempt_at = clock.now() + QUESTION_DELAY


def survey_of_token(token: str) -> Survey:
    """The survey a public link names; NotFound for any other text (no hint)."""
    if not token or len(token) != TOKEN_LENGTH or set(token) - set(TOKEN_ALPHABET):
        raise NotFound("La encuesta no existe.")
    survey = db.session.scalar(select(Survey).where(Survey.token == token))
    if survey is None:
        raise NotFound("La encuesta no existe.")
    return survey


@dataclass(frozen=True)
class Answer:
    survey: Survey
    recorded: bool  # False when the survey had already been answered (nothing changed)


def answer_survey(token: str, rating: object, comment: object = None) -> Answer:
    """Record the answer of the public page; a second answer changes nothing (commits)."""
    survey = survey_of_token(token)
    value, text = rules.parse_rating(rating), rules.clean_comment(comment)
    recorded = _record(survey, value, text, "web")
    db.session.commit()
    return Answer(survey, recorded)


def _record(survey: Survey, rating: int, comment: str | None, via: str) -> bool:
    """Store the answer only if none is stored yet (one conditional UPDATE: races keep the first)."""
    from service_desk.services.tickets import add_event

    now = clock.now()
    won = db.session.execute(
        update(Survey).where(Survey.id == survey.id, Survey.rating.is_(None))
        .values(rating=rating, comment=comment, answered_at=now, answered_via=via)
        .execution_options(synchronize_session=False)).rowcount == 1
    db.session.refresh(survey)
    if won:
        # The trail shows that the survey was answered, not the rating (agents are not graded on it).
        add_event(survey.ticket, None, "survey_answered", {"via": via})
    return won


def rate_by_whatsapp(message: InboundMessage) -> Ticket | None:
    """A bare digit 1–5 from a number whose WhatsApp case closed within 7 days rates that case.

    Returns the rated case (the message is kept on it, commits), or None when the
    message is not a survey answer and must follow the ordinary conversation rules.
    """
    rating = rules.digit_reply(message.body)
    if rating is None or message.media:
        return None
    survey = _pending_whatsapp_survey(message.sender)
    if survey is None:
        return None
    message.ticket_id = survey.ticket_id
    db.session.add(message)
    _record(survey, rating, None, "whatsapp")
    try:
        db.session.commit()
    except IntegrityError:  # the same MessageSid delivered twice at once: the first one counts
        db.session.rollback()
    return survey.ticket


def _pending_whatsapp_survey(sender: str) -> Survey | None:
    """The unanswered survey of the most recently closed WhatsApp case this number wrote from."""
    since = clock.now() - rules.WHATSAPP_REPLY_WINDOW
    from_this_number = select(InboundMessage.ticket_id).where(
        InboundMessage.channel == "whatsapp", InboundMessage.sender == sender,
        InboundMessage.ticket_id.is_not(None))
    mine = Ticket.id.in_(from_this_number)
    phone = normalize_phone(phone_of(sender))
    if phone is not None:  # a WhatsApp case registered at the desk with the citizen's number
        mine = or_(mine, Ticket.citizen.has(Citizen.phone == phone))
    return db.session.scalar(
        select(Survey).join(Ticket, Survey.ticket_id == Ticket.id)
        .where(mine, Ticket.channel == "whatsapp",
               Ticket.status == "cerrado", Ticket.closed_at >= since, Survey.rating.is_(None))
        .order_by(Ticket.closed_at.desc(), Ticket.id.desc()).limit(1))


def qr_svg(url: str) -> str:
    """An inline SVG QR code of `url`, for the printed closing receipt (segno: pure Python)."""
    import segno  # imported here: only the receipt needs it

    return segno.make(url, error="m").svg_inline(scale=4, border=2, title="Código QR de la encuesta")
