"""Behind a trusted reverse proxy the client's address is the forwarded one."""

from flask import request

from service_desk import create_app


def _echo_address(app):
    app.add_url_rule("/_addr", "addr", lambda: request.remote_addr or "")
    return app.test_client().get("/_addr", headers={"X-Forwarded-For": "190.43.1.7"},
                                 environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_data(as_text=True)


def test_without_a_configured_proxy_forwarded_headers_are_ignored():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert _echo_address(app) == "10.0.0.2"


def test_with_one_trusted_proxy_the_citizen_address_is_used():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "PROXY_FIX_HOPS": 1})
    assert _echo_address(app) == "190.43.1.7"
