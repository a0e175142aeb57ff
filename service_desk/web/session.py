"""Flask-Login wiring shared by every page blueprint."""

from __future__ import annotations

from flask import g
from sqlalchemy.orm import joinedload

from service_desk.extensions import db, login_manager
from service_desk.models import User

login_manager.login_view = "auth.login"
login_manager.login_message = "Inicie sesión para continuar."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session cookie "<id>.<epoch>"; None once the epoch moved on (signed out)."""
    user_id, _, epoch = session_id.partition(".")
    if not (user_id.isdigit() and epoch.isdigit()) or len(user_id) > 10:
        return None
    # The office comes in the same query: every page scopes by it.
    user = db.session.get(User, int(user_id), options=[joinedload(User.office)])
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    g.username = user.username  # for the request log line (web/security.py)
    return user
