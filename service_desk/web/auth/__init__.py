"""Sign-in and sign-out pages."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from service_desk.web.auth import routes  # noqa: E402,F401
