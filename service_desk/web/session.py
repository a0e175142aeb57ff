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
def load_user(user_id: str) -> User | None:
    # The office comes in the same query: every page scopes by it.
    user = (db.session.get(User, int(user_id), options=[joinedload(User.office)])
            if user_id.isdigit() else None)
    if user is None or not user.active:
        return None
    g.username = user.username  # for the request log line (web/security.py)
    return user
