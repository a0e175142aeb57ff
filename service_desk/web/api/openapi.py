"""The OpenAPI 3 document of API v1, served at /api/v1/openapi.json (kept true by tests)."""

from __future__ import annotations

from flask import jsonify

from service_desk.domain.catalog import (
    CHANNELS,
    DOCUMENT_TYPES,
    MOTIVES,
    OFFICES,
    SUBJECTS,
    TICKET_TYPES,
)
from service_desk.domain.sla import SlaState
from service_desk.domain.validation import LIMITS
from service_desk.domain.workflow import Status
from service_desk.web.api import bp

DATE = {"type": "string", "format": "date"}
INSTANT = {"type": "string", "format": "date-time"}
NULLABLE_DATE = {"type": "string", "format": "date", "nullable": True}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {code: {"$ref": f"#/components/responses/E{code}"} for code in (400, 401, 403, 404, 409, 422)}


def _op(summary: str, responses: dict, errors=(401,), body: dict | None = None,
        params: list | None = None) -> dict:
    op = {"summary": summary, "responses": {**responses, **{str(c): ERRORS[c] for c in errors}}}
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if params:
        op["parameters"] = params
    return op


def _q(name: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema}


CODE_PARAM = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
OFFICE = {"type": "string", "enum": list(OFFICES)}

LANGUAGE = {"type": "string", "pattern": "^[a-z]{2,3}$"}
CITIZEN = {"type": "object", "properties": {
    "document_type": {"type": "string", "enum": list(DOCUMENT_TYPES), "nullable": True},
    "document_number": {"type": "string", "nullable": True, "maxLength": 12},
    # The real limits of domain.validation (a name is 100 characters, not 300).
    **{f: {"type": "string", "nullable": True, "maxLength": LIMITS[f]} for f in
       ("first_name", "last_name", "email", "address")},
    "phone": {"type": "string", "nullable": True, "maxLength": 30},
    "language": {"type": "string", "pattern": "^[a-z]{2,3}$"}}}

TICKET_INPUT = {"type": "object", "required": ["type", "channel", "office", "subject", "description"],
                "properties": {
                    "type": {"type": "string", "enum": list(TICKET_TYPES)},
                    "channel": {"type": "string", "enum": list(CHANNELS)},
                    "office": OFFICE, "subject": {"type": "string", "enum": list(SUBJECTS)},
                    "description": {"type": "string", "minLength": 1, "maxLength": 5000},
                    "citizen": CITIZEN, "filed_at": INSTANT,
                    "motive": {"type": "string", "enum": list(MOTIVES)},
                    "client_uuid": {"type": "string", "format": "uuid"},
                    "language": LANGUAGE, "trip": {"type": "integer", "minimum": 1}}}

TICKET = {"type": "object", "required": ["code", "type", "status"], "properties": {
    "code": {"type": "string"}, "type": {"type": "string"}, "channel": {"type": "string"},
    "office": {"type": "string"}, "status": {"type": "string", "enum": [s.value for s in Status]},
    "subject": {"type": "string"}, "description": {"type": "string"},
    "citizen": {**CITIZEN, "nullable": True}, "filed_at": INSTANT, "received_on": DATE,
    "due_on": NULLABLE_DATE, "closed_at": {**INSTANT, "nullable": True},
    "sla": {"type": "string", "enum": [s.value for s in SlaState], "nullable": True},
    "response": {"type": "string", "nullable": True}, "assignee": {"type": "string", "nullable": True},
    "motive": {"type": "string", "enum": list(MOTIVES), "nullable": True},
    "sealed": {"type": "boolean"}, "events": {"type": "array", "items": {"type": "object"}},
    "survey": {"type": "object", "nullable": True, "description": "Encuesta de satisfacción (casos cerrados)",
               "properties": {"url": {"type": "string"},
                              "rating": {"type": "integer", "minimum": 1, "maximum": 5, "nullable": True},
                              "answered_at": {**INSTANT, "nullable": True}}},
    "language": {**LANGUAGE, "nullable": True}, "trip": {"type": "integer", "nullable": True}}}

TRIP_INPUT = {"type": "object", "required": ["office", "ubigeo", "starts_on", "ends_on"], "properties": {
    "office": OFFICE, "ubigeo": {"type": "string", "pattern": "^[0-9]{6}$"},
    "starts_on": DATE, "ends_on": DATE,
    "staff": {"type": "array", "items": {"type": "string"}, "maxItems": 30},
    "languages": {"type": "array", "items": LANGUAGE, "maxItems": 30},
    "notes": {"type": "string", "maxLength": 2000, "nullable": True}}}

TRIP = {"type": "object", "required": ["id", "office", "ubigeo", "starts_on", "ends_on"], "properties": {
    "id": {"type": "integer"}, "office": {"type": "string"}, "ubigeo": {"type": "string"},
    "district": {"type": "object", "nullable": True, "properties": {
        k: {"type": "string"} for k in ("ubigeo", "department", "province", "district")}},
    "starts_on": DATE, "ends_on": DATE, "staff": {"type": "array", "items": {"type": "string"}},
    "languages": {"type": "array", "items": {"type": "string"}},
    "notes": {"type": "string", "nullable": True},
    "attentions": {"type": "object", "properties": {
        "total": {"type": "integer"},
        "by_type": {"type": "object", "additionalProperties": {"type": "integer"}},
        "by_language": {"type": "object", "additionalProperties": {"type": "integer"}},
        "open_cases": {"type": "array", "items": {"type": "string"}}}}}}

ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}}

INDICATOR_ROW = {"type": "object", "properties": {
    "office": {"type": "string", "nullable": True},
    **{k: {"type": "integer"} for k in ("numerator", "denominator", "open_in_time", "open_overdue",
                                        "closed_late")},
    "value": {"type": "number", "nullable": True}}}

PATHS = {
    "/api/v1/offices": {"get": _op("Oficinas", {"200": _json({"type": "array", "items": {
        "type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}})})},
    "/api/v1/tickets": {
        "post": _op("Registrar un caso", {"201": _json(_ref("Ticket"), "Creado"),
                                          "200": _json(_ref("Ticket"), "Ya registrado (client_uuid)")},
                    (400, 401, 403, 422), body=TICKET_INPUT),
        "get": _op("Listar casos por fecha de vencimiento (o por pertinencia con text)", {"200": _json({
            "type": "object", "properties": {
                "items": {"type": "array", "items": _ref("Ticket")}, "page": {"type": "integer"},
                "per_page": {"type": "integer"}, "total": {"type": "integer"},
                "total_capped": {"type": "boolean"}}})}, (401, 422), params=[
            _q("office", OFFICE), _q("status", {"type": "string", "enum": [s.value for s in Status]}),
            _q("type", {"type": "string", "enum": list(TICKET_TYPES)}),
            _q("channel", {"type": "string", "enum": list(CHANNELS)}),
            _q("sla", {"type": "string", "enum": [s.value for s in SlaState]}),
            _q("text", {"type": "string", "maxLength": 100}),
            _q("language", LANGUAGE), _q("trip", {"type": "integer", "minimum": 1}),
            _q("page", {"type": "integer", "minimum": 1}),
            _q("per_page", {"type": "integer", "minimum": 1, "maximum": 200})])},
    "/api/v1/tickets/{code}": {"get": _op("Un caso con su historial", {"200": _json(_ref("Ticket"))},
                                          (401, 404), params=[CODE_PARAM])},
    "/api/v1/tickets/{code}/close": {"post": _op(
        "Cerrar con respuesta al ciudadano (reclamos y quejas: con su motivo, si no se registró antes)",
        {"200": _json(_ref("Ticket"))}, (400, 401, 403, 404, 409, 422),
        body={"type": "object", "required": ["response"], "properties": {
            "response": {"type": "string"}, "motive": {"type": "string", "enum": list(MOTIVES)}}},
        params=[CODE_PARAM])},
    "/api/v1/tickets/{code}/annul": {"post": _op(
        "Anular con motivo", {"200": _json(_ref("Ticket"))}, (400, 401, 403, 404, 409, 422),
        body={"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}},
        params=[CODE_PARAM])},
    "/api/v1/tickets/{code}/reclassify": {"post": _op(
        "Reclasificar tipo, tema u oficina de un caso abierto (el plazo corre desde la recepción)",
        {"200": _json(_ref("Ticket"), "El caso, o el acuse sellado si pasó a ser denuncia")},
        (400, 401, 403, 404, 409, 422), body={
            "type": "object", "required": ["reason"], "properties": {
                "type": {"type": "string", "enum": list(TICKET_TYPES)},
                "subject": {"type": "string", "enum": list(SUBJECTS)}, "office": OFFICE,
                "motive": {"type": "string", "enum": list(MOTIVES)},
                "reason": {"type": "string", "minLength": 1, "maxLength": 1000}}},
        params=[CODE_PARAM])},
    "/api/v1/trips": {
        "get": _op("Viajes itinerantes visibles", {"200": _json({"type": "object", "properties": {
            "items": {"type": "array", "items": _ref("Trip")}}})}, (401, 403, 422),
            params=[_q("office", OFFICE), _q("since", DATE)]),
        "post": _op("Registrar un viaje itinerante", {"201": _json(_ref("Trip"), "Creado")},
                    (400, 401, 403, 422), body=TRIP_INPUT)},
    "/api/v1/trips/{trip_id}": {"get": _op(
        "Un viaje con sus atenciones por tipo e idioma y sus casos abiertos",
        {"200": _json(_ref("Trip"))}, (401, 403, 404), params=[
            {"name": "trip_id", "in": "path", "required": True, "schema": {"type": "integer"}}])},
    "/api/v1/calendar/due-date": {"get": _op("Fecha de vencimiento", {"200": _json({
        "type": "object", "properties": {"received_on": DATE, "due_on": DATE}})}, (401, 422), params=[
        _q("from", DATE, required=True), _q("days", {"type": "integer", "minimum": 0, "maximum": 365}),
        _q("office", OFFICE)])},
    "/api/v1/calendar/non-working-days": {
        "get": _op("Días no laborables declarados", {"200": _json({"type": "object"})}, (401, 422),
                   params=[_q("year", {"type": "integer", "minimum": 1900, "maximum": 2100})]),
        "post": _op("Declarar un día no laborable (admin); re-fecha casos abiertos",
                    {"201": _json({"type": "object"})}, (400, 401, 403, 422), body={
                        "type": "object", "required": ["date", "reason"], "properties": {
                            "date": DATE, "offices": {"type": "array", "items": OFFICE, "nullable": True},
                            "reason": {"type": "string", "maxLength": 200}}})},
    "/api/v1/indicators/3": {"get": _op("Indicador 3", {"200": _json({"type": "object", "properties": {
        "period": {"type": "string"}, "from": DATE, "to": DATE, "as_of": {"type": "string"},
        "rows": {"type": "array", "items": INDICATOR_ROW}, "total": INDICATOR_ROW}})}, (401, 404, 422),
        params=[_q("period", {"type": "string", "pattern": r"^\d{4}(-T[1-4]|-S[12])?$"}, required=True),
                _q("office", OFFICE)])},
    "/api/v1/alerts": {"get": _op("Alertas de plazo", {"200": _json({"type": "object", "properties": {
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "ticket": {"type": "string"}, "level": {"type": "string", "enum": ["por_vencer", "vencido"]},
            "raised_at": INSTANT}}}}})}, (401, 422), params=[
        _q("office", OFFICE), _q("level", {"type": "string", "enum": ["por_vencer", "vencido"]})])},
    "/api/v1/sync/batches": {"post": _op("Lote de atenciones capturadas sin conexión", {"200": _json({
        "type": "object", "properties": {"batch_id": {"type": "string"}, "results": {
            "type": "array", "items": {"type": "object"}}}})}, (400, 401, 403, 422), body={
        "type": "object", "required": ["device_id", "records"], "properties": {
            "device_id": {"type": "string"}, "records": {"type": "array", "items": TICKET_INPUT}}})},
}


def document() -> dict:
    from service_desk.web.api import openapi_reports  # satisfaction and report paths

    return {
        "openapi": "3.0.3",
        "info": {"title": "JUNTOS - Atención al usuario, API v1", "version": "1.0.0",
                 "description": "Casos, plazos legales en días hábiles, Indicador 3 y sincronización."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {**PATHS, **openapi_reports.PATHS},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Ticket": TICKET, "Trip": TRIP, "Error": ERROR},
            "responses": {f"E{c}": _json(_ref("Error"), "Error") for c in (400, 401, 403, 404, 409, 422)},
        },
    }


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 document (public: it describes, it reveals no data)."""
    return jsonify(document())
