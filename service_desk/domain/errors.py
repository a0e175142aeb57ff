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


def _feminine(label: str) -> bool:
    return label.lower().startswith(("la ", "las "))


def required_message(label: str) -> str:
    """"La descripción es obligatoria", "El tipo es obligatorio": the adjective agrees."""
    return f"{label} es {'obligatoria' if _feminine(label) else 'obligatorio'}."


def invalid_message(label: str) -> str:
    """"La oficina no es válida", "El canal no es válido"."""
    return f"{label} no es {'válida' if _feminine(label) else 'válido'}"
