"""What agents and supervisors do with a case after registering it.

Take, assign within the office, derive to a unit, add an internal note, respond
and close, annul. Each use case checks visibility (a case one may not see does
not exist), role and the transition table, writes audit events and commits once.
"""

from __future__ import annotations

from sqlalchemy import select

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.access import Actor
from service_desk.domain.errors import Forbidden, InvalidTransition, ValidationError
from service_desk.domain.workflow import OPEN_STATUSES, Status, allowed_next, require_text
from service_desk.extensions import db
from service_desk.models import Office, Ticket, User
from service_desk.services import tickets as ticket_service

# Units of the Programa a case can be derived to (stored by their Spanish name).
UNITS: dict[str, str] = {
    "UOAV": "Unidad de Operaciones de Afiliación y Verificación",
    "UOT": "Unidad de Operaciones de Transferencias",
    "UCI": "Unidad de Comunicación e Imagen",
    "UTI": "Unidad de Tecnologías de la Información",
    "UGIT": "Unidad de Gestión de Unidades Territoriales",
    "UA": "Unidad de Administración",
    "OAJ": "Oficina de Asesoría Jurídica",
    "OI": "Oficina de Integridad Institucional",
}
CASE_WORKER_ROLES = access.CLOSING_ROLES
ASSIGNING_ROLES = frozenset({"supervisor", "national_supervisor"})
ASSIGNABLE_ROLES = ("agent", "itinerant", "supervisor")
# Whoever works the cases of the ticket's office triages them; itinerant staff and admins do not.
RECLASSIFYING_ROLES = frozenset({"agent", "supervisor", "national_supervisor", "integrity"})
ACTION_ROLES = {"reclassify": RECLASSIFYING_ROLES,
                "take": CASE_WORKER_ROLES, "note": CASE_WORKER_ROLES, "derive": CASE_WORKER_ROLES,
                "close": CASE_WORKER_ROLES, "annul": access.ANNULLING_ROLES, "assign": ASSIGNING_ROLES}


def allowed_actions(actor: Actor, ticket: Ticket) -> frozenset[str]:
    """Actions the ticket page offers: only those the role and the transition table allow."""
    status = Status(ticket.status)
    nxt = allowed_next(status)
    actions: set[str] = set()
    if actor.role in CASE_WORKER_ROLES:
        actions.add("note")
        if _may_take(actor, ticket):
            actions.add("take")
        if Status.DERIVADO in nxt:
            actions.add("derive")
        if Status.CERRADO in nxt:
            actions.add("close")
    if actor.role in access.ANNULLING_ROLES and Status.ANULADO in nxt:
        actions.add("annul")
    if actor.role in ASSIGNING_ROLES and status in OPEN_STATUSES:
        actions.add("assign")
    if actor.role in RECLASSIFYING_ROLES and status in OPEN_STATUSES:
        actions.add("reclassify")
    return frozenset(actions)


def _may_take(actor: Actor, ticket: Ticket) -> bool:
    if Status(ticket.status) not in OPEN_STATUSES:
        return False
    if ticket.assignee_id is None:
        return True
    return ticket.assignee_id == actor.id and ticket.status != Status.EN_PROCESO


def _load(actor: Actor, code: str, action: str) -> Ticket:
    """The visible ticket, if `action` is allowed now: 403 for the wrong role, 409 for the state."""
    ticket = ticket_service.get_ticket(actor, code)
    if action not in allowed_actions(actor, ticket):
        if actor.role not in ACTION_ROLES[action]:
            raise Forbidden("Su rol no puede realizar esta acción.")
        raise InvalidTransition("Esa acción no está disponible para el caso en su estado actual.",
                                {"status": ticket.status})
    return ticket


def _move(ticket: Ticket, target: Status) -> dict:
    """Change the status if it differs; returns the audit changes."""
    if ticket.status == target:
        return {}
    changes = {"status": [ticket.status, target.value]}
    ticket.status = target.value
    return changes


def take_ticket(actor: Actor, code: str) -> Ticket:
    """Assign the case to oneself and put it in process (also when it comes back from a unit)."""
    ticket = apply_take(actor, _load(actor, code, "take"))
    db.session.commit()
    return ticket


def apply_take(actor: Actor, ticket: Ticket, extra: dict | None = None) -> Ticket:
    """Take in the caller's transaction (no commit); the caller checked `allowed_actions`."""
    changes = {"assignee": [_username(ticket.assignee), _username_of_id(actor.id)]}
    changes |= _move(ticket, Status.EN_PROCESO)
    ticket.assignee_id, ticket.updated_at = actor.id, clock.now()
    ticket_service.add_event(ticket, actor, "taken", changes | (extra or {}))
    return ticket


def assign_ticket(actor: Actor, code: str, user_id: int | None) -> Ticket:
    """A supervisor hands the case to another active agent of the case's office."""
    ticket = _load(actor, code, "assign")
    user = db.session.get(User, user_id) if user_id else None
    if user is None or user not in assignable_users(ticket.office.code):
        raise ValidationError({"assignee": "Elija un agente activo de la oficina del caso."})
    if user.id == ticket.assignee_id:
        raise ValidationError({"assignee": "El caso ya está asignado a esa persona."})
    apply_assign(actor, ticket, user)
    db.session.commit()
    return ticket


def apply_assign(actor: Actor, ticket: Ticket, user: User, extra: dict | None = None) -> Ticket:
    """Assign in the caller's transaction (no commit); the caller checked the person and office."""
    changes = {"assignee": [_username(ticket.assignee), user.username]}
    ticket.assignee_id, ticket.updated_at = user.id, clock.now()
    ticket_service.add_event(ticket, actor, "assigned", changes | (extra or {}))
    return ticket


def derive_ticket(actor: Actor, code: str, unit: str, note: object) -> Ticket:
    """Send the case to a unit of the Programa with a note saying what is needed."""
    errors = {}
    if unit not in UNITS:
        errors["unit"] = "Elija la unidad a la que deriva el caso."
    try:
        text = require_text("note", note, "La nota de derivación")
    except ValidationError as error:
        errors |= error.fields
    if errors:
        raise ValidationError(errors)
    ticket = _load(actor, code, "derive")
    changes = _move(ticket, Status.DERIVADO) | {"derived_to": [ticket.derived_to, UNITS[unit]]}
    ticket.derived_to, ticket.updated_at = UNITS[unit], clock.now()
    ticket_service.add_event(ticket, actor, "derived", changes, note=text)
    db.session.commit()
    return ticket


def add_note(actor: Actor, code: str, note: object) -> Ticket:
    """An internal note on the timeline; the citizen never sees it."""
    text = require_text("note", note, "La nota interna")
    ticket = _load(actor, code, "note")
    ticket_service.add_event(ticket, actor, "note", note=text)
    ticket.updated_at = clock.now()
    db.session.commit()
    return ticket


def close_ticket(actor: Actor, code: str, response: object, motive: object = None) -> Ticket:
    """Respond and close; the response is what the citizen receives."""
    _load(actor, code, "close")
    return ticket_service.close_ticket(actor, code, response, motive)


def annul_ticket(actor: Actor, code: str, reason: object) -> Ticket:
    """Annul a duplicate or an error, with its reason (supervisors and integrity)."""
    _load(actor, code, "annul")
    return ticket_service.annul_ticket(actor, code, reason)


def register_attention(actor: Actor, data: dict, answer: str | None = None) -> Ticket:
    """Register an attention; with `answer`, close it at once (a consulta answered on the spot).

    The answer is checked before anything is saved, so a bad answer saves nothing.
    """
    if answer is not None:
        answer = require_text("answer", answer, "La respuesta dada al ciudadano")
        if data.get("type") == access.SEALED_TYPE:
            raise ValidationError({"answer": "Una denuncia no se cierra al registrarla."})
    def close_at_once(ticket: Ticket) -> None:
        ticket_service.apply_close(actor, ticket, answer)

    return ticket_service.register_ticket(
        actor, data, source="web", on_created=close_at_once if answer is not None else None).ticket


def assignable_users(office: str) -> list[User]:
    """Active people of `office` who work cases, by name."""
    return list(db.session.scalars(
        select(User).join(Office, User.office_id == Office.id)
        .where(Office.code == office, User.active.is_(True), User.role.in_(ASSIGNABLE_ROLES))
        .order_by(User.full_name, User.username)))


def _username(user: User | None) -> str | None:
    return user.username if user else None


def _username_of_id(user_id: int | None) -> str | None:
    return _username(db.session.get(User, user_id)) if user_id else None
