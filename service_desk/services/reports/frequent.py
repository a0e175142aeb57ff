"""What citizens ask most, per office and period: topics of consultas and pedidos, recurring words."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from service_desk.domain.access import Actor
from service_desk.domain.catalog import SUBJECTS
from service_desk.domain.frequent import recurring_words
from service_desk.domain.indicators import Period
from service_desk.domain.workflow import Status
from service_desk.extensions import db
from service_desk.models import Office, Ticket
from service_desk.services.indicators import report_offices

ASKING_TYPES = ("consulta", "pedido")
# Recurring words are counted over at most this many recent descriptions (enough for a ranking).
MAX_DESCRIPTIONS = 20_000


@dataclass(frozen=True)
class FrequentQuestions:
    period: Period
    topics: list[tuple[str, int, int]]  # (subject, consultas, pedidos), most asked first
    words: list[tuple[str, int]]  # (word, cases mentioning it)
    cases: int  # consultas and pedidos in the period


def _scope(period: Period, offices: list[str]):
    return (Ticket.type.in_(ASKING_TYPES), Ticket.received_on.between(period.start, period.end),
            Ticket.status != Status.ANULADO.value, Office.code.in_(offices))


def frequent_questions(actor: Actor, period: Period, office: str | None = None,
                       limit: int = 30) -> FrequentQuestions:
    """Topics by how often they are asked, and the words most cases mention (supervisors' scope)."""
    offices = report_offices(actor, office)
    rows = db.session.execute(
        select(Ticket.subject, Ticket.type, func.count(Ticket.id)).select_from(Ticket)
        .join(Office, Ticket.office_id == Office.id).where(*_scope(period, offices))
        .group_by(Ticket.subject, Ticket.type)).all()
    counts: dict[str, list[int]] = {s: [0, 0] for s in SUBJECTS}
    for subject, kind, n in rows:
        counts.setdefault(subject, [0, 0])[ASKING_TYPES.index(kind)] += n
    topics = sorted(((s, c, p) for s, (c, p) in counts.items() if c or p), key=lambda t: -(t[1] + t[2]))
    descriptions = db.session.scalars(
        select(Ticket.description).join(Office, Ticket.office_id == Office.id)
        .where(*_scope(period, offices)).order_by(Ticket.id.desc()).limit(MAX_DESCRIPTIONS))
    return FrequentQuestions(period, topics, recurring_words(descriptions, limit),
                             sum(c + p for _, c, p in topics))
