"""Texts for citizens in their language: the administrator's template, else the Spanish one."""

from __future__ import annotations

from sqlalchemy import select

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.errors import Forbidden, ValidationError
from service_desk.domain.messages import MESSAGES, SIGNATURE, check_template, fill
from service_desk.domain.validation import DEFAULT_LANGUAGE, valid_language
from service_desk.extensions import db
from service_desk.models import MessageTemplate, Ticket

EDITING_ROLES = frozenset({"admin"})


def text(key: str, language: str | None, **values: object) -> str:
    """The text `key` in `language` when a template exists in it, else in Spanish."""
    wanted = [lang for lang in dict.fromkeys([language or DEFAULT_LANGUAGE, DEFAULT_LANGUAGE])]
    rows = dict(db.session.execute(
        select(MessageTemplate.language, MessageTemplate.body)
        .where(MessageTemplate.key == key, MessageTemplate.language.in_(wanted))).all())
    body = next((rows[lang] for lang in wanted if lang in rows), MESSAGES[key].spanish)
    return fill(body, {"signature": SIGNATURE, **values})


def citizen_language(ticket: Ticket) -> str:
    """The language to write to a ticket's citizen: their preference, else the attention's."""
    if ticket.citizen is not None and ticket.citizen.language:
        return ticket.citizen.language
    return ticket.language or DEFAULT_LANGUAGE


def seed_templates() -> int:
    """Add the shipped Spanish templates that are missing (edited ones are kept). No commit."""
    present = set(db.session.scalars(select(MessageTemplate.key).where(
        MessageTemplate.language == DEFAULT_LANGUAGE)))
    now = clock.now()
    new = [MessageTemplate(key=key, language=DEFAULT_LANGUAGE, body=kind.spanish, updated_at=now)
           for key, kind in MESSAGES.items() if key not in present]
    db.session.add_all(new)
    return len(new)


def templates_by_key() -> dict[str, dict[str, MessageTemplate]]:
    """Every stored template: {key: {language: template}}."""
    found: dict[str, dict[str, MessageTemplate]] = {key: {} for key in MESSAGES}
    for row in db.session.scalars(select(MessageTemplate)):
        found.setdefault(row.key, {})[row.language] = row
    return found


def save_template(actor: Actor, key: str, language: str, body: object) -> MessageTemplate | None:
    """Write a template (admin). An empty body removes a translation: Spanish is used again."""
    if actor.role not in EDITING_ROLES:
        raise Forbidden("Solo un administrador edita las plantillas de mensajes.")
    if not valid_language(language):
        raise ValidationError({"language": "Idioma no válido: use un código ISO 639."})
    row = db.session.scalar(select(MessageTemplate).where(
        MessageTemplate.key == key, MessageTemplate.language == language))
    if language != DEFAULT_LANGUAGE and isinstance(body, str) and not body.strip():
        if row is not None:
            db.session.delete(row)
            db.session.commit()
        return None
    clean = check_template(key, body)
    if row is None:
        row = MessageTemplate(key=key, language=language, body=clean)
        db.session.add(row)
    row.body, row.updated_at, row.updated_by_id = clean, clock.now(), actor.id
    db.session.commit()
    return row
