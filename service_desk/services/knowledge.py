"""The knowledge base of answers: UCI writes them, agents insert them as responses, citizens read the FAQ."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select, update

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.catalog import SUBJECTS
from service_desk.domain.errors import Forbidden, NotFound, ValidationError
from service_desk.domain.workflow import require_text
from service_desk.extensions import db
from service_desk.models import AnswerArticle

EDITOR_ROLES = frozenset({"national_supervisor", "admin"})
# Who may search the base and insert an answer into a case.
READER_ROLES = frozenset({"agent", "itinerant", "supervisor", "national_supervisor"})


@dataclass(frozen=True)
class ArticleInput:
    title: str
    subject: str
    body: str
    published: bool


def _require(actor: Actor, roles: frozenset[str], what: str) -> None:
    if actor.role not in roles:
        raise Forbidden(f"Su rol no puede {what}.")


def validate(title: object, subject: object, body: object, published: object) -> ArticleInput:
    errors, values = {}, {}
    for field, value, label, size in (("title", title, "El título", 200),
                                      ("body", body, "La respuesta", 5000)):
        try:
            values[field] = require_text(field, value, label, size)
        except ValidationError as error:
            errors |= error.fields
    if subject not in SUBJECTS:
        errors["subject"] = "Elija el tema."
    if errors:
        raise ValidationError(errors)
    return ArticleInput(values["title"], str(subject), values["body"], bool(published))


def save_article(actor: Actor, data: ArticleInput, article_id: int | None = None) -> AnswerArticle:
    """Create or edit an answer (national supervisors of UCI and administrators; commits)."""
    _require(actor, EDITOR_ROLES, "editar la base de respuestas")
    now = clock.now()
    article = db.session.get(AnswerArticle, article_id) if article_id else None
    if article_id and article is None:
        raise NotFound("La respuesta no existe.")
    if article is None:
        article = AnswerArticle(uses=0, created_at=now)
        db.session.add(article)
    article.title, article.subject, article.body = data.title, data.subject, data.body
    article.published, article.updated_at, article.updated_by_id = data.published, now, actor.id
    db.session.commit()
    return article


def get_article(actor: Actor, article_id: int) -> AnswerArticle:
    _require(actor, EDITOR_ROLES | READER_ROLES, "consultar la base de respuestas")
    article = db.session.get(AnswerArticle, article_id)
    if article is None:
        raise NotFound("La respuesta no existe.")
    return article


def list_articles(actor: Actor | None, text: str | None = None, subject: str | None = None,
                  published_only: bool = False, limit: int = 50) -> list[AnswerArticle]:
    """Answers matching a text (title or body) and topic; the public and agents see published ones."""
    if actor is not None:
        _require(actor, EDITOR_ROLES | READER_ROLES, "consultar la base de respuestas")
    query = select(AnswerArticle)
    if published_only or actor is None or actor.role not in EDITOR_ROLES:
        query = query.where(AnswerArticle.published.is_(True))
    if subject in SUBJECTS:
        query = query.where(AnswerArticle.subject == subject)
    for word in (text or "").split()[:5]:
        like = f"%{word[:50]}%"
        query = query.where(or_(AnswerArticle.title.ilike(like), AnswerArticle.body.ilike(like)))
    return list(db.session.scalars(query.order_by(AnswerArticle.uses.desc(), AnswerArticle.title)
                                   .limit(limit)))


def use_article(actor: Actor, article_id: int) -> AnswerArticle:
    """Count one insertion of a published answer into a case's response (commits)."""
    _require(actor, READER_ROLES, "usar la base de respuestas")
    article = db.session.get(AnswerArticle, article_id)
    if article is None or not article.published:
        raise NotFound("La respuesta no existe.")
    db.session.execute(update(AnswerArticle).where(AnswerArticle.id == article_id)
                       .values(uses=AnswerArticle.uses + 1).execution_options(synchronize_session=False))
    db.session.commit()
    db.session.refresh(article)
    return article
