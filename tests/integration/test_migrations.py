"""Alembic migrations build the whole schema from empty, on SQLite and PostgreSQL."""


import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from service_desk import create_app
from service_desk.extensions import db
from service_desk.models.search import include_object


def _upgrade_and_compare(url: str) -> list:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(
                connection, opts={"include_object": include_object}), db.metadata)
        db.engine.dispose()
    return diff


def test_revisions_form_one_line_with_a_single_head():
    from alembic.script import ScriptDirectory

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(app.extensions["migrate"].directory)
        heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several Alembic heads: {heads}; point the newest down_revision at the other"


def test_upgrade_from_empty_sqlite_matches_the_models(tmp_path):
    assert _upgrade_and_compare(f"sqlite:///{tmp_path / 'm.sqlite3'}") == []


@pytest.mark.postgres
def test_upgrade_from_empty_postgresql_matches_the_models(empty_postgres_url):
    assert _upgrade_and_compare(empty_postgres_url) == []
