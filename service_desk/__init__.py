"""JUNTOS service desk: the application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from config import DEFAULT_SECRET_KEY, config_for
from service_desk.logging_config import configure_logging

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app; keys in `config` override the configuration classes."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=os.environ.get("INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
    )
    env = (config or {}).get("APP_ENV")
    app.config.from_object(config_for("testing" if (config or {}).get("TESTING") else env))
    if config:
        app.config.update(config)
    configure_logging(app)
    _trust_proxy(app)
    _configure_database(app)
    _refuse_default_secret(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_jobs(app)
    return app


def _trust_proxy(app: Flask) -> None:
    # Behind nginx the client address comes in X-Forwarded-For; without this, lock-outs,
    # rate limits and the access log would all see the proxy's address.
    hops = app.config.get("PROXY_FIX_HOPS", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _configure_database(app: Flask) -> None:
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL")
    if not uri:
        os.makedirs(app.instance_path, exist_ok=True)
        uri = "sqlite:///" + os.path.join(app.instance_path, "service_desk.sqlite3")
    if uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        # SQLite: wait for a writer instead of failing at once with "database is locked".
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    elif app.config.get("DATABASE_POOLER"):
        # PgBouncer in transaction mode: a prepared statement lives on one server connection,
        # the next transaction may get another, so psycopg must never prepare.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {**options.get("connect_args", {}), "prepare_threshold": None}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _refuse_default_secret(app: Flask) -> None:
    production = "production" in (app.config.get("APP_ENV"), os.environ.get("APP_ENV"))
    if not production:
        return
    if app.config["SECRET_KEY"] in (None, "", DEFAULT_SECRET_KEY) or len(app.config["SECRET_KEY"]) < 32:
        raise RuntimeError("SECRET_KEY must be set in production (at least 32 characters)")
    if not app.config.get("SEALING_KEYS"):
        raise RuntimeError("SEALING_KEYS must be set in production (denuncias are sealed with it)")


def register_extensions(app: Flask) -> None:
    from service_desk import models  # noqa: F401  (tables must be known to Alembic)
    from service_desk.extensions import babel, csrf, db, login_manager, migrate
    from service_desk.i18n import select_locale
    from service_desk.replica import init_replica

    db.init_app(app)
    init_replica(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _sqlite_pragmas(db.engine)


def _sqlite_pragmas(engine) -> None:
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def register_blueprints(app: Flask) -> None:
    from service_desk.web import blueprints, input_guard

    input_guard.install_converter(app)  # before any rule is added

    for blueprint in blueprints():
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from service_desk.web import input_guard, read_routing, security
    from service_desk.web.errors import register

    register(app)
    security.register(app)
    input_guard.register(app)
    read_routing.register(app)


def register_commands(app: Flask) -> None:
    from service_desk.cli import register

    register(app)


def register_jobs(app: Flask) -> None:
    from service_desk.jobs import start_scheduler

    if app.config.get("SCHEDULER_ENABLED"):
        start_scheduler(app)
    logging.getLogger(__name__).debug("app ready")
