"""Real local peers for the channel tests: a fake Twilio API, an SMTP server, an IMAP server."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

TWILIO_ERRORS = {
    500: {"code": 20500, "message": "Internal Server Error", "status": 500},
    400: {"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class FakeTwilio:
    """The Messages endpoint of the Twilio REST API on 127.0.0.1, recording every request.

    `fail_with = 500` (or 400) makes it answer with Twilio's error JSON, as during an outage.
    """

    def __init__(self) -> None:
        self.fail_with: int | None = None
        self.requests: list[dict] = []
        self.accepted: list[dict] = []
        self.media: dict[str, tuple[bytes, str]] = {}
        app = Flask("fake_twilio")
        app.add_url_rule("/2010-04-01/Accounts/<account_sid>/Messages.json", "create",
                         self._create, methods=["POST"])
        app.add_url_rule("/2010-04-01/Accounts/<account_sid>/Messages/<message_sid>/Media/<media_sid>",
                         "media", self._media)
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _create(self, account_sid: str):
        entry = {"account_sid": account_sid, "auth": request.authorization.username
                 if request.authorization else None, **request.form.to_dict(flat=True),
                 "MediaUrl": request.form.getlist("MediaUrl")}
        self.requests.append(entry)
        if self.fail_with:
            return jsonify(TWILIO_ERRORS[self.fail_with]), self.fail_with
        sid = "SM" + uuid.uuid4().hex
        self.accepted.append({**entry, "sid": sid})
        return jsonify({"sid": sid, "status": "queued", "account_sid": account_sid,
                        "to": entry.get("To"), "from": entry.get("From"), "body": entry.get("Body")}), 201

    def add_media(self, account_sid: str, message_sid: str, data: bytes, content_type: str) -> str:
        """Host a file as Twilio hosts a citizen's WhatsApp media; returns its MediaUrl."""
        path = f"/2010-04-01/Accounts/{account_sid}/Messages/{message_sid}/Media/ME{uuid.uuid4().hex}"
        self.media[path] = (data, content_type)
        return self.url + path

    def _media(self, account_sid: str, message_sid: str, media_sid: str):
        """Twilio serves media only with the account's credentials (HTTP basic auth)."""
        if not request.authorization or request.authorization.username != account_sid:
            return jsonify({"code": 20003, "message": "Authenticate", "status": 401}), 401
        data, content_type = self.media.get(request.path, (None, None))
        if data is None:
            return jsonify({"code": 20404, "message": "Not found", "status": 404}), 404
        return data, 200, {"Content-Type": content_type}

    def start(self) -> FakeTwilio:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


@dataclass
class RecordingHandler:
    """aiosmtpd handler keeping every envelope it accepts."""

    envelopes: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        return "250 OK"


class ImapServer:
    """pymap's in-memory IMAP server in a subprocess on 127.0.0.1 (a real IMAP4rev1 peer)."""

    user, password = "buzon", "clave-buzon"

    def __init__(self) -> None:
        self.port = free_port()
        self._process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from pymap.main import main; sys.exit(main())",
             "--host", "127.0.0.1", "--port", str(self.port),
             "--no-tls", "dict", "--demo-user", self.user, "--demo-password", self.password],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
