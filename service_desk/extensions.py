"""Unbound extension instances, bound to the app in create_app()."""

import click
from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from service_desk.replica import RoutingSession

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# RoutingSession: reads of views marked @reads_from_replica go to DATABASE_REPLICA_URL.
db = SQLAlchemy(model_class=Base, session_options={"class_": RoutingSession})


class _MigrateOnDemand:
    """Flask-Migrate, imported with Alembic (about 11 MB) only when something migrates.

    A web worker or the scheduler never migrates, so they do not carry it
    (docs/performance.md, memory). `app.extensions["migrate"]` and `flask db ...`
    behave as with Flask-Migrate: the first use builds the real extension.
    """

    def init_app(self, app, db, **kwargs) -> None:
        app.extensions["migrate"] = _PendingMigrateConfig(app, db, kwargs)
        app.cli.add_command(_DbCommands("db", help="Perform database migrations (Flask-Migrate)."))


class _PendingMigrateConfig:
    def __init__(self, app, db, kwargs: dict) -> None:
        self._app, self._db, self._kwargs = app, db, kwargs

    def __getattr__(self, name: str):
        from flask_migrate import Migrate

        Migrate(self._app, self._db, **self._kwargs)  # replaces this placeholder
        return getattr(self._app.extensions["migrate"], name)


class _DbCommands(click.Group):
    """Flask-Migrate's `db` command group, imported when a db command runs."""

    @staticmethod
    def _real():
        from flask_migrate.cli import db as commands

        return commands

    def make_context(self, info_name, args, parent=None, **extra):
        return self._real().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx):
        return self._real().invoke(ctx)

    def list_commands(self, ctx):
        return self._real().list_commands(ctx)

    def get_command(self, ctx, name):
        return self._real().get_command(ctx, name)


migrate = _MigrateOnDemand()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def commit_keeping_loaded() -> None:
    """Commit without expiring the objects already loaded in the session.

    For commits whose writes are all in memory (an access-log line, a new ticket
    and its first event): the response is then built from those objects instead
    of re-reading each row after the commit, a round trip per object.
    """
    session = db.session()
    previous = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = previous
