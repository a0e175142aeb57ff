"""Turn errors into JSON for the API and webhooks, and into Spanish pages elsewhere."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from service_desk.domain.errors import DomainError
from service_desk.extensions import db

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: ("bad_request", "Solicitud mal formada."),
    401: ("unauthorized", "Se requiere autenticación válida."),
    403: ("forbidden", "No tiene permiso para esta acción."),
    404: ("not_found", "No encontrado."),
    405: ("method_not_allowed", "Método no permitido."),
    413: ("payload_too_large", "El contenido enviado es demasiado grande."),
    415: ("unsupported_media_type", "Envíe el contenido como JSON."),
    429: ("rate_limited", "Demasiadas solicitudes; intente más tarde."),
}
# Seconds a client should wait after a 503 (the pool reconnects by itself: pool_pre_ping).
RETRY_AFTER_OUTAGE = 30


def wants_json() -> bool:
    # A JSON body (the field app's fetch calls) wants a JSON error too.
    return request.path.startswith(("/api/", "/webhooks/")) or request.is_json


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    if wants_json():
        body = {"error": {"code": code, "message": message, "fields": fields or {}}}
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        db.session.rollback()
        return error_response(error.status, error.code, error.message, error.fields)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        code, message = HTTP_CODES.get(error.code or 500, ("error", error.description or ""))
        if error.code == 429:
            return too_many_requests(message)
        return error_response(error.code or 500, code, message)

    @app.errorhandler(sa_exc.OperationalError)
    @app.errorhandler(sa_exc.TimeoutError)
    @app.errorhandler(sa_exc.InterfaceError)
    def _database_unreachable(error: Exception):
        return database_unavailable(error)

    @app.errorhandler(sa_exc.DBAPIError)
    def _database_error(error: sa_exc.DBAPIError):
        if error.connection_invalidated:
            return database_unavailable(error)
        if isinstance(error, sa_exc.DataError):
            # A value the database refuses (out of range, bad text) is the client's input:
            # the input guard and validation should have caught it, so log it to fix there.
            _safe_rollback()
            log.warning("database refused a value on %s %s: %s", request.method, request.path,
                        error.orig)
            return error_response(400, "invalid_value", "Un valor enviado no es válido.")
        return _unexpected(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        _safe_rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Error interno; el equipo fue notificado.")


def _safe_rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection may be gone already: nothing to roll back then
        db.session.remove()


def database_unavailable(error: Exception):
    """503 with Retry-After: the database is unreachable (pages and API alike)."""
    _safe_rollback()
    # Later hooks (the request log) must not ask the dead database who the user is.
    from service_desk.extensions import login_manager

    g._login_user = login_manager.anonymous_user()
    log.error("database unreachable on %s %s: %s", request.method, request.path, error)
    message = "El servicio no está disponible por un momento; intente de nuevo en unos segundos."
    if wants_json():
        body = {"error": {"code": "service_unavailable", "message": message, "fields": {}}}
        response = jsonify(body)
    else:
        # A page of its own: the base layout asks the database for the signed-in user.
        response = make_response(render_template("errors/unavailable.html", message=message))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_OUTAGE)
    return response


def too_many_requests(message: str):
    """429 with Retry-After and a hint of what to do (the limiter adds its own headers too)."""
    response = make_response(error_response(
        429, "rate_limited", f"{message} Espere un minuto y vuelva a intentarlo; si necesita "
        "hacer muchas consultas seguidas, pida ayuda a su supervisor."))
    response.headers.setdefault("Retry-After", "60")
    return response
