"""Turn errors into JSON for the API and webhooks, and into Spanish pages elsewhere."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
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


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/webhooks/"))


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
        return error_response(error.code or 500, code, message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Error interno; el equipo fue notificado.")
