"""Administration use cases: users, deadline policies and non-working days.

Only the admin role may call them; each commits once. Changes to a user's
role, office or access are kept in the append-only UserChange log. Declaring a non-working
day or changing a deadline re-dates open tickets so every open due date always
follows the current calendar and policy.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.catalog import DEFAULT_DEADLINES, OFFICES, ROLES
from service_desk.domain.errors import Forbidden, NotFound, ValidationError
from service_desk.extensions import db
from service_desk.models import DeadlinePolicy, Office, User, UserChange
from service_desk.models.admin_audit import AUDITED_FIELDS
from service_desk.services import calendar as calendar_service
from service_desk.services import users as user_service

MAX_DEADLINE_DAYS = 365
# Roles that open sealed denuncias. An administrator who could create such an account, grant
# the role or reset its password could read every denuncia by signing in as it, so these
# accounts are managed only from the server's command line (`flask users ...`), audited too.
CONSOLE_ONLY_ROLES = frozenset({"integrity"})
CONSOLE_ONLY = ("Las cuentas de Integridad se gestionan solo desde la línea de comandos del "
                "servidor (flask users set-role / set-password).")


def _require_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise Forbidden("Solo un administrador puede hacer esto.")


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def get_user(actor: Actor, user_id: int) -> User:
    _require_admin(actor)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No existe ese usuario.")
    return user


def create_user(actor: Actor, username: str, role: str, office: str | None, password: str,
                full_name: str = "", email: str | None = None) -> User:
    """Create a user (validated by services.users.add_user); its first role and office are audited."""
    _require_admin(actor)
    if role in CONSOLE_ONLY_ROLES:
        raise ValidationError({"role": CONSOLE_ONLY})
    user = user_service.add_user(username.strip(), role, office or None, password,
                                 full_name.strip(), email or None)
    _audit(actor, user, {"role": (None, user.role), "office": (None, user.office_code)})
    db.session.commit()
    return user


def update_user(actor: Actor, user_id: int, role: str, office: str, active: bool,
                full_name: str = "") -> User:
    """Change role, office, name and whether the user may sign in; role, office and access are audited."""
    user = get_user(actor, user_id)
    errors = {}
    if role not in ROLES:
        errors["role"] = "Rol no válido."
    if office not in OFFICES:
        errors["office"] = "Oficina no válida."
    if user.id == actor.id and (not active or role != "admin"):
        errors["active"] = "No puede quitarse a sí mismo el acceso de administrador."
    protected = user.role in CONSOLE_ONLY_ROLES or role in CONSOLE_ONLY_ROLES
    if protected and (role != user.role or office != user.office_code):
        errors["role"] = CONSOLE_ONLY
    if errors:
        raise ValidationError(errors)
    before = _audited_values(user)
    user.role, user.active = role, active
    user.office = db.session.scalar(select(Office).where(Office.code == office))
    if full_name.strip():
        user.full_name = full_name.strip()
    after = _audited_values(user)
    _audit(actor, user, {f: (before[f], after[f]) for f in AUDITED_FIELDS if before[f] != after[f]})
    db.session.commit()
    return user


def _audited_values(user: User) -> dict[str, str | None]:
    return {"role": user.role, "office": user.office_code, "active": "sí" if user.active else "no"}


def _audit(actor: Actor | None, user: User,
           changes: dict[str, tuple[str | None, str | None]]) -> None:
    """Append one UserChange per changed field (in the caller's transaction); no actor means
    the server's command line."""
    now = clock.now()
    db.session.add_all([UserChange(at=now, user_id=user.id,
                                   changed_by_id=actor.id if actor else None, field=field,
                                   old_value=old, new_value=new)
                        for field, (old, new) in changes.items()])


audit_user_change = _audit


def user_changes(actor: Actor, user_id: int) -> list[UserChange]:
    """The audited changes of one user, newest first (admins only)."""
    _require_admin(actor)
    return list(db.session.scalars(select(UserChange).where(UserChange.user_id == user_id)
                                   .order_by(UserChange.id.desc())))


def reset_password(actor: Actor, user_id: int, password: str) -> User:
    """Set a new password, lift any sign-in lock and end the user's open sessions; audited.

    Integrity accounts are refused: see CONSOLE_ONLY_ROLES."""
    user = get_user(actor, user_id)
    if user.role in CONSOLE_ONLY_ROLES:
        raise ValidationError({"password": CONSOLE_ONLY})
    if len(password or "") < user_service.MIN_PASSWORD:
        raise ValidationError({"password": f"La contraseña debe tener al menos "
                                           f"{user_service.MIN_PASSWORD} caracteres."})
    user_service.replace_password(user, password)
    _audit(actor, user, {"password": (None, PASSWORD_RESET)})
    db.session.commit()
    return user


# What the history shows for a password change (never the password or its hash).
PASSWORD_RESET = "restablecida"


def deadline_policies() -> dict[str, int | None]:
    return calendar_service.all_deadline_days()


def set_deadline(actor: Actor, ticket_type: str, business_days: int | None) -> int:
    """Change the días hábiles for a type; returns how many open tickets were re-dated."""
    _require_admin(actor)
    if ticket_type not in DEFAULT_DEADLINES:
        raise ValidationError({"ticket_type": "Tipo de caso no válido."})
    if business_days is not None and not 1 <= business_days <= MAX_DEADLINE_DAYS:
        raise ValidationError({"business_days": f"Indique entre 1 y {MAX_DEADLINE_DAYS} días "
                                                "hábiles, o déjelo vacío si no tiene plazo."})
    policy = db.session.get(DeadlinePolicy, ticket_type)
    if policy is None:
        policy = DeadlinePolicy(ticket_type=ticket_type)
        db.session.add(policy)
    policy.business_days, policy.updated_at = business_days, clock.now()
    db.session.flush()
    redated = calendar_service.redate_open_tickets(actor)
    db.session.commit()
    return redated


def add_non_working_day(actor: Actor, day: date, offices: list[str] | None, reason: str) -> int:
    """Declare a día no laborable (national when offices is None); returns tickets re-dated."""
    _require_admin(actor)
    _rows, redated = calendar_service.add_non_working_day(actor, day, offices, reason)
    return redated
