"""Saved filters: each person names the queue filters they use every day and applies them again.

A saved filter belongs to one user: listing, applying and deleting only ever
reach the caller's own (another person's id is simply not found).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from sqlalchemy import select

from service_desk import clock
from service_desk.domain.errors import NotFound, ValidationError
from service_desk.extensions import db
from service_desk.models import SavedFilter

# The queues a filter can be saved for, and the query keys a queue understands.
VIEWS = ("agent.mine", "agent.inbox", "supervisor.queue")
QUERY_KEYS = ("text", "type", "channel", "status", "sla", "office", "sort", "dir")
MAX_PER_USER = 30


def clean_query(raw: str) -> str:
    """Keep only the filter keys a queue reads (never a page number or anything else)."""
    pairs = [(k, v[:100]) for k, v in parse_qsl(raw or "", keep_blank_values=False)
             if k in QUERY_KEYS]
    return urlencode(pairs)[:1000]


def list_filters(user_id: int, view: str | None = None) -> list[SavedFilter]:
    """The user's saved filters by name (of one queue when `view` is given)."""
    query = select(SavedFilter).where(SavedFilter.user_id == user_id)
    if view is not None:
        query = query.where(SavedFilter.view == view)
    return list(db.session.scalars(query.order_by(SavedFilter.name, SavedFilter.id)))


def save_filter(user_id: int, name: object, view: str, raw_query: str) -> SavedFilter:
    """Save (or overwrite, under the same name) the filters of a queue for this user."""
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise ValidationError({"name": "Escriba un nombre para el filtro."})
    if len(text) > 80:
        raise ValidationError({"name": "El nombre admite como máximo 80 caracteres."})
    if view not in VIEWS:
        raise ValidationError({"view": "Esa bandeja no admite filtros guardados."})
    existing = db.session.scalar(select(SavedFilter).where(
        SavedFilter.user_id == user_id, SavedFilter.name == text))
    if existing is None:
        if len(list_filters(user_id)) >= MAX_PER_USER:
            raise ValidationError({"name": f"Puede guardar como máximo {MAX_PER_USER} filtros."})
        existing = SavedFilter(user_id=user_id, name=text, created_at=clock.now())
        db.session.add(existing)
    existing.view, existing.query = view, clean_query(raw_query)
    db.session.commit()
    return existing


def own_filter(user_id: int, filter_id: int) -> SavedFilter:
    """The saved filter if it is the user's own; NotFound otherwise (no hint that it exists)."""
    saved = db.session.get(SavedFilter, filter_id) if 0 < filter_id < 2**31 else None
    if saved is None or saved.user_id != user_id:
        raise NotFound("No existe ese filtro guardado.")
    return saved


def delete_filter(user_id: int, filter_id: int) -> None:
    """Delete one of the user's own saved filters."""
    db.session.delete(own_filter(user_id, filter_id))
    db.session.commit()
