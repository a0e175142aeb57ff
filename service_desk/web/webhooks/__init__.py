"""Provider webhooks: authenticated by the provider's signature, so exempt from CSRF."""

from __future__ import annotations

from flask import Blueprint

from service_desk.extensions import csrf

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
csrf.exempt(bp)

from service_desk.web.webhooks import twilio  # noqa: E402,F401  (registers the views)
