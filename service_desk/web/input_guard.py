"""One fence in front of every view against hostile input (API.md, "Hostile input").

Text with NUL bytes or lone surrogates cannot be stored (PostgreSQL refuses NUL, UTF-8
refuses surrogates), JSON nested a thousand deep blows Python's recursion limit, a body
of 100 MB ties a worker up, and a 20-digit id overflows an integer column. Each of those
used to end in a 500. They are refused here, before any view or service runs, with a 4xx
and a stable code, so no endpoint (today's or tomorrow's) has to remember them.
"""

from __future__ import annotations

import math

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from service_desk.domain.errors import DomainError
from service_desk.domain.validation import HOSTILE_MESSAGE, HOSTILE_TEXT

MAX_JSON_DEPTH = 32
# Integers beyond this are no count, id or year the desk knows (JavaScript's safe range).
MAX_JSON_INTEGER = 2**53
# Primary keys are PostgreSQL `integer`; a larger id in a URL names nothing.
MAX_URL_INTEGER = 2**31 - 1
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class HostileText(DomainError):
    code = "invalid_text"
    status = 400


class HostileJson(DomainError):
    code = "invalid_json"
    status = 400


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` that does not match ids beyond PostgreSQL's integer (so: 404, not 500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's signature)
        kwargs.setdefault("max", MAX_URL_INTEGER)
        super().__init__(map, *args, **kwargs)


def checks_text_per_record(view):
    """Mark a view whose body is a batch: its records are screened one by one (a NUL in one
    record rejects that record, not the batch), so the guard leaves the body's text to it."""
    view.checks_text_per_record = True
    return view


def install_converter(app: Flask) -> None:
    """Replace the `int` URL converter; must run before any blueprint adds its rules."""
    app.url_map.converters["int"] = BoundedIntConverter


def register(app: Flask) -> None:
    # Runs first among the app's hooks that read the body (CSRFProtect reads the form).
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_hostile_input)


def refuse_hostile_input() -> None:
    """Raise a 4xx DomainError (or 413) for hostile text, JSON or size in this request."""
    _check_text(request.path, "path")
    for key, values in request.args.lists():
        _check_text(key, key)
        for value in values:
            _check_text(value, key)
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()
    if request.mimetype in FORM_TYPES:
        _check_form()
    elif request.is_json and request.content_length != 0:
        view = current_app.view_functions.get(request.endpoint)
        _check_json(text=not getattr(view, "checks_text_per_record", False))


def _check_text(value: str, field: str) -> None:
    if HOSTILE_TEXT.search(value):
        raise HostileText("El texto enviado contiene caracteres no permitidos.",
                          {field: HOSTILE_MESSAGE})


def _check_form() -> None:
    for key, values in request.form.lists():
        _check_text(key, key)
        for value in values:
            _check_text(value, key)
    for key, storage in request.files.items(multi=True):
        _check_text(key, key)
        _check_text(storage.filename or "", key)


def _check_json(text: bool) -> None:
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        raise _too_deep() from None
    if data is not None and not isinstance(data, dict):
        # Every JSON endpoint takes an object; page forms read a JSON body as field pairs.
        raise HostileJson("El cuerpo debe ser un objeto JSON.", {"body": "Se esperaba un objeto."})
    _walk(data, text)


def _too_deep() -> HostileJson:
    return HostileJson("El JSON está anidado demasiado profundo.",
                       {"body": f"El JSON admite como máximo {MAX_JSON_DEPTH} niveles."})


def _walk(data: object, text: bool) -> None:
    """Check every key and value of a parsed body without recursion (depth is the attack)."""
    stack: list[tuple[object, int, str]] = [(data, 1, "body")]
    while stack:
        value, depth, where = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        if isinstance(value, dict):
            for key, item in value.items():
                if text:
                    _check_text(key, where)
                stack.append((item, depth + 1, key))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, where) for item in value)
        elif isinstance(value, str):
            if text:
                _check_text(value, where)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int) and abs(value) > MAX_JSON_INTEGER:
            raise HostileJson("Un número está fuera de rango.", {where: "Número fuera de rango."})
        elif isinstance(value, float) and not math.isfinite(value):
            raise HostileJson("Un número no es válido.", {where: "Número no válido (NaN o infinito)."})
