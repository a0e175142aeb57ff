"""The field-capture app: its page, service worker, reference data and the sync endpoint.

The page and its assets are cached by the service worker so the app opens with the
network off; captured attentions live in the browser (IndexedDB) until they are
sent to `sincronizar`, which needs the session and a fresh CSRF token.
"""

from __future__ import annotations

from functools import wraps
from pathlib import Path

from flask import Response, abort, current_app, jsonify, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from service_desk.domain import access, catalog, validation
from service_desk.domain import trips as trip_rules
from service_desk.domain.errors import DomainError
from service_desk.services import sync as sync_service
from service_desk.services import trips as trip_service
from service_desk.services import ubigeo
from service_desk.services.users import actor_of
from service_desk.web.field import bp
from service_desk.web.input_guard import checks_text_per_record

FIELD_ROLES = frozenset({"itinerant", "agent", "supervisor"})
STATIC_DIR = Path(__file__).resolve().parents[2] / "static" / "field"
# Everything but castellano and the languages named in the catalogue is "otro" (an ISO code).
OTHER_LANGUAGE = "otro"


def field_role_required(view):
    """Signed-in users of a field role; others get 403."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if current_user.role not in FIELD_ROLES:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _json_session_required(view):
    """Like field_role_required, but answers JSON 401/403 for the app's fetch() calls."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return jsonify(error={"code": "unauthorized",
                                  "message": "Inicie sesión con conexión para sincronizar."}), 401
        if current_user.role not in FIELD_ROLES:
            return jsonify(error={"code": "forbidden", "message": "Su rol no usa la captura de campo."}), 403
        return view(*args, **kwargs)

    return wrapper


@bp.get("/")
@field_role_required
def app_shell():
    """The capture app (works offline once loaded: the service worker keeps it)."""
    return render_template("field/app.html")


def _static_file(name: str, mimetype: str) -> Response:
    """A small file of static/field served under /campo (read whole: no file handle left open)."""
    response = Response((STATIC_DIR / name).read_bytes(), mimetype=mimetype)
    response.headers["Cache-Control"] = "no-cache"  # a new version reaches devices at once
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from /campo/ so that its scope covers the app."""
    return _static_file("sw.js", "text/javascript")


@bp.get("/manifest.webmanifest")
def manifest():
    """Web app manifest: installable on the phone or laptop's home screen."""
    return _static_file("manifest.webmanifest", "application/manifest+json")


@bp.get("/referencia.json")
def reference_data():
    """Offices, types, channels, topics, languages and documents (public catalogue, cached offline)."""
    def options(mapping: dict) -> list[dict]:
        return [{"code": code, "label": label} for code, label in mapping.items()]

    languages = options(catalog.LANGUAGES) + [{"code": OTHER_LANGUAGE, "label": "Otro"}]
    return jsonify(offices=options(catalog.OFFICES), types=options(catalog.TICKET_TYPES),
                   channels=options(catalog.CHANNELS), subjects=options(catalog.SUBJECTS),
                   languages=languages, document_types=options(catalog.DOCUMENT_TYPES))


@bp.get("/reglas.json")
def validation_rules():
    """The server's validation rules as data (domain.validation), applied by the app offline."""
    return jsonify(ticket=validation.client_rules(), trip=trip_rules.client_rules())


@bp.get("/viajes.json")
@_json_session_required
def trips():
    """The trips the app downloads (recent and coming, of the user's offices), kept offline."""
    return jsonify(trips=[_field_trip(t) for t in trip_service.field_trips(actor_of(current_user))])


def _field_trip(trip) -> dict:
    district = ubigeo.district(trip.ubigeo)
    place = district.label if district else trip.ubigeo
    return {"id": trip.id, "office": trip.office.code, "ubigeo": trip.ubigeo,
            "starts_on": trip.starts_on.isoformat(),
            "ends_on": trip.ends_on.isoformat(), "languages": list(trip.languages or []),
            "label": f"N.º {trip.id} · {place} · {trip.starts_on:%d/%m} al {trip.ends_on:%d/%m/%Y}"}


@bp.get("/distritos.json")
@_json_session_required
def districts():
    """The districts of the user's office (the offline picker of a trip's district)."""
    office = current_user.office_code or "SEDE"
    return jsonify(districts=[d.as_json() for d in ubigeo.districts_of(office)])


@bp.get("/sesion.json")
@_json_session_required
def session_info():
    """Who is capturing, where they may register, and a fresh CSRF token for sending."""
    actor = actor_of(current_user)
    offices = list(catalog.OFFICES) if access.sees_all_offices(actor) else [actor.office]
    return jsonify(username=current_user.username,
                   name=current_user.full_name or current_user.username,
                   office=actor.office, offices=offices,
                   can_backdate=actor.role in access.BACKDATING_ROLES,
                   can_close=actor.role in access.CLOSING_ROLES,
                   csrf_token=generate_csrf(), login_url=url_for("auth.login", next=url_for(".app_shell")))


@bp.post("/sincronizar")
@_json_session_required
@checks_text_per_record
def sync():
    """Send a batch of captured attentions (session + CSRF); one outcome per record."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error={"code": "invalid_json", "message": "Envíe un objeto JSON."}), 400
    try:
        report = sync_service.sync_batch(actor_of(current_user), body.get("records"),
                                         device_id=body.get("device_id"), source="campo")
    except DomainError as error:
        current_app.logger.info("field sync refused: %s", error.fields)
        return jsonify(error={"code": error.code, "message": error.message,
                              "fields": error.fields}), error.status
    return jsonify(report.as_json())
