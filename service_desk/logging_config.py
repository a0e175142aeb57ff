"""Structured logs: one JSON object per line when LOG_FORMAT is "json".

Log shippers (journald, Loki, CloudWatch, ...) read one JSON object per line
without parsing free text. Each line carries the instant in UTC, the level,
the logger, the message, the process id (several gunicorn workers write to
the same stream), the request's method, path and X-Request-ID when there is a
request, and any `extra={...}` fields. Personal data stays out: query strings
and headers are never logged. With the default text format nothing changes,
so tests and the development server keep Flask's usual output.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from flask import Flask, has_request_context, request

# Attributes every LogRecord has; anything else came from `extra=` and is logged as a field.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_HANDLER_NAME = "service_desk.json"


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line (also used by gunicorn's logconfig_dict)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        if has_request_context():
            entry.update(method=request.method, path=request.path,
                         request_id=request.headers.get("X-Request-ID"))
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(app: Flask) -> None:
    """Install the JSON handler on the root logger when LOG_FORMAT is json (idempotent)."""
    if str(app.config.get("LOG_FORMAT", "text")).lower() != "json":
        return
    root = logging.getLogger()
    root.setLevel(str(app.config.get("LOG_LEVEL") or "INFO").upper())
    for handler in root.handlers:
        if handler.get_name() == _HANDLER_NAME:
            return
    handler = logging.StreamHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter())
    # Flask's default handler would print every line a second time, as text.
    app.logger.handlers.clear()
    app.logger.propagate = True
    root.addHandler(handler)
    logging.getLogger(__name__).debug("JSON logs on")
