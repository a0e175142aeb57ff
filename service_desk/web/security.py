"""Security headers on every response, and one log line per request (never the token)."""

from __future__ import annotations

import logging
import time

from flask import Flask, g, request

log = logging.getLogger("service_desk.requests")

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",            # no inline script anywhere
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def register(app: Flask) -> None:
    @app.before_request
    def _start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.path.startswith("/api/"):
            headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        _log_request(response.status_code)
        return response


def _log_request(status: int) -> None:
    started = g.get("request_started")
    elapsed_ms = (time.perf_counter() - started) * 1000 if started else 0.0
    # Remembered at sign-in: reading it from the user row after a commit would cost a SELECT.
    user = g.get("username") or getattr(g.get("user"), "username", None)
    if user is None:
        from flask_login import current_user

        user = getattr(current_user, "username", None)
    # The path only: query strings may carry personal data, and headers carry tokens.
    log.info("%s %s %s %.1fms user=%s addr=%s", request.method, request.path, status, elapsed_ms,
             user or "-", request.remote_addr)
