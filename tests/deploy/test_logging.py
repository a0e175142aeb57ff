"""LOG_FORMAT=json turns every log line into one JSON object a log shipper can read."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest
from flask import Flask

from service_desk.logging_config import JsonFormatter, configure_logging


def _record(message: str, **extra) -> logging.LogRecord:
    record = logging.getLogger("service_desk.test").makeRecord(
        "service_desk.test", logging.WARNING, __file__, 1, message, (), None, extra=extra)
    return record


def test_a_log_line_is_one_json_object_with_level_logger_message_and_extra_fields():
    line = JsonFormatter().format(_record("plazo vencido", ticket="LIM-2024-000001"))
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "service_desk.test"
    assert entry["message"] == "plazo vencido"
    assert entry["ticket"] == "LIM-2024-000001"
    assert entry["ts"].endswith("+00:00")
    assert "\n" not in line


def test_a_line_written_during_a_request_names_its_path_and_request_id_but_not_the_query():
    app = Flask(__name__)
    with app.test_request_context("/api/v1/tickets?document_number=12345678",
                                  headers={"X-Request-ID": "abc-123"}):
        entry = json.loads(JsonFormatter().format(_record("listado")))
    assert entry["path"] == "/api/v1/tickets"
    assert entry["request_id"] == "abc-123"
    assert "12345678" not in json.dumps(entry)


def test_exceptions_are_kept_inside_the_json_line():
    try:
        raise RuntimeError("base de datos caída")
    except RuntimeError:
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "falló", (),
                                                  sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "RuntimeError: base de datos caída" in entry["exc"]


@pytest.fixture
def root_handlers():
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield root
    root.handlers[:] = before
    root.setLevel(level)


def test_log_format_json_installs_one_json_handler_and_text_changes_nothing(root_handlers):
    before = list(root_handlers.handlers)
    configure_logging(Flask("text_app"))
    assert root_handlers.handlers == before
    app = Flask("json_app")
    app.config.update(LOG_FORMAT="json", LOG_LEVEL="INFO")
    configure_logging(app)
    configure_logging(app)  # a second app in the same process adds no second handler
    added = [h for h in root_handlers.handlers if h not in before]
    assert len(added) == 1
    stream = io.StringIO()
    added[0].setStream(stream)
    logging.getLogger("service_desk.jobs").info("sla-scan terminado")
    assert json.loads(stream.getvalue().strip())["message"] == "sla-scan terminado"
