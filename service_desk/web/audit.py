"""Access logging from the pages: one call records who saw or exported what, from where."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from service_desk.services.access_log import record_access


def log_access(action: str, object_type: str, object_ref: str) -> None:
    """Record that the signed-in user did `action` (view, search, export) on personal data."""
    record_access(current_user._get_current_object(), action, object_type, object_ref,
                  request.remote_addr, channel="web")


def page_ref() -> str:
    """The page and its filters, as the log names a list or a download (a filter may be a DNI)."""
    return request.full_path.rstrip("?")
