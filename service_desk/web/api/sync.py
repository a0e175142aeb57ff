"""Field sync endpoint: a batch of attentions captured offline."""

from __future__ import annotations

from flask import jsonify

from service_desk.services import sync as sync_service
from service_desk.web.api import bp
from service_desk.web.api.auth import current_actor
from service_desk.web.api.parsing import json_body
from service_desk.web.input_guard import checks_text_per_record


@bp.post("/sync/batches")
@checks_text_per_record
def sync_batch():
    """Register each record of the batch; one outcome per record, in order (always 200)."""
    body = json_body()
    report = sync_service.sync_batch(current_actor(), body.get("records"),
                                     device_id=body.get("device_id"), source="api")
    return jsonify(report.as_json())
