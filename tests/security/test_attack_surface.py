"""Security headers, production configuration, API tokens and request logs."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from service_desk import clock, create_app
from service_desk.extensions import db
from service_desk.models import ApiToken
from tests.factories import make_user


@pytest.mark.parametrize("path", ["/", "/healthz", "/api/v1/offices", "/no-existe"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_production_adds_hsts_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k" * 40,
                      "SEALING_KEYS": "x", "APP_ENV": "production"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/healthz")
    assert "max-age" in response.headers["Strict-Transport-Security"]


@pytest.mark.parametrize("secret", ["dev-only-change-me", "", "short"])
def test_production_refuses_to_start_with_a_default_or_weak_secret_key(monkeypatch, secret):
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": secret, "SEALING_KEYS": "x"})


def test_production_refuses_to_start_without_sealing_keys(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(RuntimeError, match="SEALING_KEYS"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k" * 40, "SEALING_KEYS": ""})


def test_tokens_are_stored_hashed(app):
    _, token = make_user("agent", "LIM")
    stored = db.session.scalar(select(ApiToken))
    assert token not in (stored.token_hash, stored.prefix) and len(stored.token_hash) == 64


def test_expired_and_revoked_tokens_are_refused(app, client, runner):
    user, token = make_user("agent", "LIM", username="toau.vence")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/offices", headers=headers).status_code == 200
    clock.freeze(clock.now() + timedelta(days=366))
    assert client.get("/api/v1/offices", headers=headers).status_code == 401
    clock.freeze(None)
    _, second = make_user("agent", "LIM", username="toau.revoca")
    result = runner.invoke(args=["users", "revoke-token", "toau.revoca"])
    assert "Tokens revocados: 1" in result.output
    assert client.get("/api/v1/offices", headers={"Authorization": f"Bearer {second}"}).status_code == 401


def test_deactivated_user_token_is_refused(app, client):
    user, token = make_user("agent", "LIM")
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/offices", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_request_log_names_the_user_but_never_the_token(app, client, caplog):
    user, token = make_user("agent", "LIM", username="toau.log")
    with caplog.at_level(logging.INFO, logger="service_desk.requests"):
        client.get("/api/v1/tickets?office=LIM", headers={"Authorization": f"Bearer {token}"})
    lines = [r.getMessage() for r in caplog.records if r.name == "service_desk.requests"]
    assert any("GET /api/v1/tickets 200" in line and "user=toau.log" in line for line in lines)
    assert not any(token in line or token[:10] in line for line in lines)
