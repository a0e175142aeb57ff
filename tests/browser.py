"""Shared browser-test support: a live server on 127.0.0.1 and Debian's Chromium.

Use the fixtures `live_server` (base URL) and `page` (a Playwright page) from
tests/conftest.py; they skip with a reason where Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import threading

from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def chromium_missing_reason() -> str | None:
    if not os.path.exists(CHROMIUM):
        return "Chromium no está instalado (apt-get install -y chromium); .ci/run lo instala"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright no está instalado (pip install -e '.[test]')"
    return None


class LiveServer:
    """The app served by werkzeug in a thread on a free 127.0.0.1 port."""

    def __init__(self, app) -> None:
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
