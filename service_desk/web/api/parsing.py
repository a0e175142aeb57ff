"""Helpers to read JSON bodies and query strings with stable errors."""

from __future__ import annotations

from datetime import date

from flask import request

from service_desk.domain.calendar import OUTSIDE_CALENDAR, covers
from service_desk.domain.errors import DomainError, ValidationError
from service_desk.domain.validation import LANGUAGE_MESSAGE, valid_language


class BadJson(DomainError):
    code = "invalid_json"
    status = 400


def json_body() -> dict:
    """The request's JSON object, or a 400 with code invalid_json."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadJson("El cuerpo debe ser un objeto JSON válido.")
    return data


def query_choice(name: str, options, label: str) -> str | None:
    value = request.args.get(name) or None
    if value is not None and value not in options:
        raise ValidationError({name: f"{label} no es válido; use uno de: {', '.join(options)}."})
    return value


def query_text(name: str, label: str, max_length: int) -> str | None:
    """A free-text query parameter: printable, at most `max_length` characters, or None."""
    value = (request.args.get(name) or "").strip()
    if not value:
        return None
    if len(value) > max_length or not value.isprintable():
        raise ValidationError({name: f"{label} admite hasta {max_length} caracteres imprimibles."})
    return value


def query_int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ValidationError({name: f"Debe ser un número entre {low} y {high}."})
    return value


def parse_date(value: object, field: str) -> date:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: "Use una fecha AAAA-MM-DD."}) from None
    if not covers(day):
        raise ValidationError({field: OUTSIDE_CALENDAR})
    return day


def query_language(name: str = "language") -> str | None:
    """An ISO 639 language code from the query string, or None when absent."""
    value = request.args.get(name) or None
    if value is not None and not valid_language(value):
        raise ValidationError({name: LANGUAGE_MESSAGE})
    return value
