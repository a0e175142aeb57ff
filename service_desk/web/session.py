"""Flask-Login wiring shared by every page blueprint."""

from __future__ import annotations

from service_desk.extensions import db, login_manager
from service_desk.models import User

login_manager.login_view = "auth.login"
login_manager.login_message = "Inicie sesión para continuar."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None
