"""Bulk take and assign from a queue: many cases, one call, one transaction.

The ids come from checkboxes, so nothing about them is trusted: each is looked
up again through the actor's visible queue (office scoping and the sealing of
denuncias), denuncias are never acted on in bulk, and an assignment only goes to
an active person of the case's own office. Either every selected case changes
or none does, and each change writes its audit event.
"""

from __future__ import annotations

from collections.abc import Iterable

from service_desk.domain import access
from service_desk.domain.access import Actor
from service_desk.domain.errors import Forbidden, InvalidTransition, ValidationError
from service_desk.extensions import db
from service_desk.models import Ticket, User
from service_desk.services import ticket_actions
from service_desk.services.tickets import visible_tickets_query

MAX_BULK = 200
MAX_ID = 2**31 - 1  # an id beyond the integer column is no case (and must not reach SQL)
BULK_MARK = {"bulk": True}  # in the audit event: this change came from a bulk action


def bulk_take(actor: Actor, ticket_ids: Iterable[object]) -> list[Ticket]:
    """Take every selected case (assign it to oneself, put it in process)."""
    if actor.role not in ticket_actions.CASE_WORKER_ROLES or actor.role == "integrity":
        raise Forbidden("Su rol no puede tomar casos en lote.")
    tickets = _load_all(actor, ticket_ids, "take")
    for ticket in tickets:
        ticket_actions.apply_take(actor, ticket, BULK_MARK)
    db.session.commit()
    return tickets


def bulk_assign(actor: Actor, ticket_ids: Iterable[object], user_id: object) -> list[Ticket]:
    """Assign every selected case to one active person of the cases' office."""
    if actor.role not in ticket_actions.ASSIGNING_ROLES:
        raise Forbidden("Su rol no puede asignar casos.")
    raw = str(user_id or "")
    user = db.session.get(User, int(raw)) if raw.isdigit() and int(raw) <= MAX_ID else None
    if user is None:
        raise ValidationError({"assignee": "Elija a quién asignar los casos."})
    tickets = _load_all(actor, ticket_ids, "assign")
    other_office = sorted(t.code for t in tickets
                          if user not in ticket_actions.assignable_users(t.office.code))
    if other_office:
        raise ValidationError({"assignee": "La persona elegida no trabaja en la oficina de: "
                                           + ", ".join(other_office) + "."})
    for ticket in tickets:
        if ticket.assignee_id != user.id:
            ticket_actions.apply_assign(actor, ticket, user, BULK_MARK)
    db.session.commit()
    return tickets


def _ids(raw: Iterable[object]) -> list[int]:
    ids = sorted({int(v) for v in raw if str(v).strip().isdigit()})
    if any(i > MAX_ID for i in ids):
        raise ValidationError({"ids": "Hay casos marcados que no existen. No se cambió ningún caso."})
    if not ids:
        raise ValidationError({"ids": "Marque al menos un caso."})
    if len(ids) > MAX_BULK:
        raise ValidationError({"ids": f"Puede marcar como máximo {MAX_BULK} casos a la vez."})
    return ids


def _load_all(actor: Actor, raw_ids: Iterable[object], action: str) -> list[Ticket]:
    """The selected cases, each visible to the actor and open to `action`; else nothing at all."""
    ids = _ids(raw_ids)
    tickets = list(db.session.scalars(
        visible_tickets_query(actor)
        .where(Ticket.id.in_(ids), Ticket.type != access.SEALED_TYPE)
        .order_by(Ticket.id).with_for_update(of=Ticket)))
    if len(tickets) != len(ids):
        # Not said which: a case out of reach does not exist for this person.
        raise ValidationError({"ids": f"{len(ids) - len(tickets)} de los casos marcados no "
                                      "existen o no están a su alcance. No se cambió ningún caso."})
    blocked = [t.code for t in tickets if action not in ticket_actions.allowed_actions(actor, t)]
    if blocked:
        raise InvalidTransition("No se puede realizar la acción en: " + ", ".join(blocked)
                                + ". No se cambió ningún caso.", {"ids": ", ".join(blocked)})
    return tickets

