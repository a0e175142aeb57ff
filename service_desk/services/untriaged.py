"""The "por clasificar" queue: WhatsApp and e-mail messages still waiting for their triage.

Every message that opens a case becomes a consulta at the intake office (Sede
Central today; a UT when it owns a line). Until someone reclassifies it (or
answers and closes it as a consulta) it waits here, oldest first, with its thread.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import contains_eager, joinedload

from service_desk.domain.access import Actor, sees_all_offices
from service_desk.domain.workflow import OPEN_STATUSES
from service_desk.extensions import db
from service_desk.models import InboundMessage, Office, Ticket, TicketEvent
from service_desk.services.tickets import visible_tickets_query

MESSAGE_CHANNELS = ("whatsapp", "correo")
TRIAGE_ROLES = frozenset({"agent", "supervisor", "national_supervisor"})


@dataclass
class Waiting:
    ticket: Ticket
    messages: list[InboundMessage]


def untriaged_query(actor: Actor):
    """Open consultas that arrived by message and were never reclassified, in the actor's scope."""
    triaged = exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == "reclassified")
    query = visible_tickets_query(actor).where(
        Ticket.type == "consulta", Ticket.channel.in_(MESSAGE_CHANNELS),
        Ticket.status.in_([s.value for s in OPEN_STATUSES]), ~triaged)
    if sees_all_offices(actor):
        return query
    return query.where(Office.code == actor.office)


def untriaged(actor: Actor, limit: int = 50) -> tuple[list[Waiting], int]:
    """The oldest `limit` waiting cases with their messages, and how many wait in all."""
    query = untriaged_query(actor)
    total = db.session.scalar(select(db.func.count()).select_from(query.subquery())) or 0
    tickets = list(db.session.scalars(
        query.order_by(Ticket.filed_at, Ticket.id).limit(limit)
        .options(contains_eager(Ticket.office), joinedload(Ticket.citizen))))
    threads: dict[int, list[InboundMessage]] = defaultdict(list)
    if tickets:
        for message in db.session.scalars(
                select(InboundMessage).where(InboundMessage.ticket_id.in_([t.id for t in tickets]))
                .order_by(InboundMessage.received_at, InboundMessage.id)):
            threads[message.ticket_id].append(message)
    return [Waiting(t, threads[t.id]) for t in tickets], total
