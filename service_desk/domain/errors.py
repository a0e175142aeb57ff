"""Errors the domain and services raise; the web layer maps them to responses."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: `code` is stable for machines, `message` is Spanish for people."""

    code = "error"
    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationError(DomainError):
    code = "validation_error"
    status = 422

    def __init__(self, fields: dict[str, str], message: str = "Hay datos inválidos.") -> None:
        super().__init__(message, fields)


class Forbidden(DomainError):
    code = "forbidden"
    status = 403

    def __init__(self, message: str = "No tiene permiso para esta acción.", fields=None) -> None:
        super().__init__(message, fields)


class NotFound(DomainError):
    code = "not_found"
    status = 404

    def __init__(self, message: str = "No encontrado.") -> None:
        super().__init__(message)


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409
