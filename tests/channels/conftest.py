"""Fixtures for the citizen channels: Twilio settings and fake API, SMTP and IMAP peers, signing."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from service_desk.web.public import limiter
from tests.channels.fakes import FakeTwilio, ImapServer, RecordingHandler, free_port, wait_for_port

AUTH_TOKEN = "twilio-test-token"
ACCOUNT_SID = "AC" + "0" * 32
DESK_NUMBER = "whatsapp:+14155238886"
WEBHOOK_PATH = "/webhooks/twilio/whatsapp"


@pytest.fixture(autouse=True)
def channel_config(app, monkeypatch):
    """Twilio credentials, and rate limits high enough not to interfere (one test lowers them)."""
    for key, value in {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                       "TWILIO_WHATSAPP_FROM": DESK_NUMBER, "TWILIO_API_BASE_URL": "",
                       "LIBRO_RATE_LIMIT": "1000 per minute",
                       "LIBRO_LOOKUP_RATE_LIMIT": "1000 per minute"}.items():
        monkeypatch.setitem(app.config, key, value)
    limiter.reset()
    yield app.config
    limiter.reset()


@pytest.fixture
def fake_twilio(app, monkeypatch):
    """A fake Twilio REST API on 127.0.0.1 that the real twilio client is pointed at."""
    server = FakeTwilio().start()
    monkeypatch.setitem(app.config, "TWILIO_API_BASE_URL", server.url)
    yield server
    server.stop()


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 recording what it receives."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    yield handler
    controller.stop()


@pytest.fixture
def imap_server(app, monkeypatch):
    """A real IMAP server (pymap, in memory) on 127.0.0.1 as the service mailbox."""
    server = ImapServer()
    for key, value in {"MAIL_IMAP_SERVER": "127.0.0.1", "MAIL_IMAP_PORT": server.port,
                       "MAIL_IMAP_USER": server.user, "MAIL_IMAP_PASSWORD": server.password,
                       "MAIL_IMAP_SSL": False}.items():
        monkeypatch.setitem(app.config, key, value)
    wait_for_port(server.port)
    yield server
    server.stop()


def sign(params: dict, url: str | None = None, token: str = AUTH_TOKEN) -> str:
    """X-Twilio-Signature as Twilio computes it for the desk's public URL."""
    return RequestValidator(token).compute_signature(url or "http://127.0.0.1:5000" + WEBHOOK_PATH,
                                                     params)


def whatsapp_params(sid: str, body: str = "Hola, ¿cuándo es el próximo pago?",
                    sender: str = "whatsapp:+51987654321", **extra) -> dict:
    return {"MessageSid": sid, "SmsMessageSid": sid, "AccountSid": ACCOUNT_SID, "From": sender,
            "To": DESK_NUMBER, "Body": body, "NumMedia": "0", "ProfileName": "Rosa Quispe", **extra}


@pytest.fixture
def post_whatsapp(client):
    """POST a Twilio webhook signed correctly (or with the signature given)."""

    def _post(params: dict, signature: str | None = None):
        return client.post(WEBHOOK_PATH, data=params,
                           headers={"X-Twilio-Signature": signature or sign(params)})

    return _post


from tests.web.conftest import user  # noqa: E402,F401  (signed-in staff for the case-file tests)
