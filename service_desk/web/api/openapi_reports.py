"""OpenAPI paths of the satisfaction and report endpoints (merged into openapi.document())."""

from __future__ import annotations

from service_desk.web.api.openapi import DATE, OFFICE, _json, _op, _q

PERIOD = {"type": "string", "pattern": r"^\d{4}(-T[1-4]|-S[12])?$"}
SEMESTER = {"type": "string", "pattern": r"^\d{4}-S[12]$"}
NULLABLE_NUMBER = {"type": "number", "nullable": True}
SURVEY_ROW = {"type": "object", "properties": {
    "office": {"type": "string", "nullable": True}, "sent": {"type": "integer"},
    "answered": {"type": "integer"}, "average": NULLABLE_NUMBER, "satisfied": NULLABLE_NUMBER,
    "response_rate": NULLABLE_NUMBER}}
SURVEYS = {"type": "object", "properties": {
    "period": {"type": "string"}, "from": DATE, "to": DATE,
    "rows": {"type": "array", "items": SURVEY_ROW}, "total": SURVEY_ROW}}

COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
SEMESTER_REPORT = {"type": "object", "properties": {
    "period": {"type": "string"}, "from": DATE, "to": DATE, "as_of": DATE,
    "indicator3": {"type": "object"}, "indicator3_quarters": {"type": "array", "items": {"type": "object"}},
    "volumes": {"type": "array", "items": {"type": "object", "properties": {
        "office": {"type": "string"}, "channel": {"type": "string"}, "count": {"type": "integer"},
        "target": {"type": "integer"}, "achievement": NULLABLE_NUMBER}}},
    "targets_year": {"type": "integer"}, "types": COUNTS, "subjects": COUNTS, "motives": COUNTS,
    "languages": COUNTS, "backlog": COUNTS,
    "surveys": SURVEYS}}

PATHS = {
    "/api/v1/surveys": {"get": _op(
        "Encuestas de satisfacción por oficina (por día de cierre en Lima)", {"200": _json(SURVEYS)},
        (401, 403, 422), params=[_q("period", PERIOD, required=True), _q("office", OFFICE)])},
    "/api/v1/reports/semester": {"get": _op(
        "Informe semestral a la Dirección Ejecutiva (supervisión nacional)",
        {"200": _json(SEMESTER_REPORT)}, (401, 403, 422),
        params=[_q("period", SEMESTER, required=True)])},
}
