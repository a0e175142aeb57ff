"""Public pages for citizens (no login): the digital Libro de Reclamaciones and case lookup."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

bp = Blueprint("public", __name__, static_folder="static", static_url_path="/libro-de-reclamaciones/recursos")

# Per client address; storage from RATELIMIT_STORAGE_URI (config.py: in memory unless set).
limiter = Limiter(key_func=get_remote_address)


@bp.record_once
def _init_limiter(state) -> None:
    limiter.init_app(state.app)


@bp.url_value_preprocessor
def _limit_request_size(_endpoint, _values) -> None:
    # URL value preprocessors run before every before_request hook, including CSRFProtect's,
    # which reads the form: so the size limit applies before any byte of the body is parsed.
    request.max_content_length = current_app.config["PUBLIC_MAX_CONTENT_LENGTH"]


from service_desk.web.public import faq, routes, surveys  # noqa: E402,F401  (registers the views)
