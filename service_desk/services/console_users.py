"""User changes made at the server's command line (`flask users ...`), audited like the page's.

Integrity accounts open sealed denuncias, so their creation, role, office and password are
managed only here (services.admin.CONSOLE_ONLY_ROLES): whoever runs these commands has the
server, not just an administrator's password. Every change still leaves a UserChange row,
with no `changed_by` (the command line).
"""

from __future__ import annotations

from sqlalchemy import select

from service_desk.domain.catalog import OFFICES, ROLES
from service_desk.domain.errors import NotFound, ValidationError
from service_desk.extensions import db
from service_desk.models import Office, User
from service_desk.services import users as user_service
from service_desk.services.admin import PASSWORD_RESET, audit_user_change


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"No existe el usuario {username}.")
    return user


def create_user(username: str, role: str, office: str | None, password: str,
                full_name: str = "") -> User:
    """Create a user of any role; its first role and office are audited."""
    user = user_service.add_user(username, role, office, password, full_name)
    audit_user_change(None, user, {"role": (None, user.role), "office": (None, user.office_code)})
    db.session.commit()
    return user


def set_role(username: str, role: str, office: str | None = None) -> User:
    """Change a user's role (and office); ends the user's sessions; audited."""
    user = _user(username)
    if role not in ROLES:
        raise ValidationError({"role": f"Rol no válido; use uno de: {', '.join(ROLES)}."})
    office = office or user.office_code
    if office not in OFFICES:
        raise ValidationError({"office": "Oficina no válida."})
    before = (user.role, user.office_code)
    user.role = role
    user.office = db.session.scalar(select(Office).where(Office.code == office))
    changes = {f: (old, new) for f, old, new in (("role", before[0], role),
                                                 ("office", before[1], office)) if old != new}
    audit_user_change(None, user, changes)
    if changes:
        user_service.end_sessions(user)
    db.session.commit()
    return user


def set_password(username: str, password: str) -> User:
    """Set a user's password (lifts the lock, ends its sessions); audited."""
    user = _user(username)
    if len(password or "") < user_service.MIN_PASSWORD:
        raise ValidationError({"password": f"La contraseña debe tener al menos "
                                           f"{user_service.MIN_PASSWORD} caracteres."})
    user_service.replace_password(user, password)
    audit_user_change(None, user, {"password": (None, PASSWORD_RESET)})
    db.session.commit()
    return user
