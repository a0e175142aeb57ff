"""Migration 0016 indexes the cases already stored, and the triggers keep new ones searchable."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from service_desk import create_app
from service_desk.extensions import db
from service_desk.models import Ticket
from service_desk.services import search

ROWS = [
    "INSERT INTO offices (id, code, name) VALUES (1, 'LIM', 'Lima')",
    "INSERT INTO citizens (id, document_type, document_number, first_name, last_name, language, "
    " created_at, updated_at) VALUES (1, 'DNI', '45127788', 'Rosa', 'Huamán', 'es', "
    " '2024-01-02 10:00:00', '2024-01-02 10:00:00')",
    "INSERT INTO tickets (id, code, type, channel, office_id, subject, description, status, "
    " citizen_id, filed_at, received_on, created_at, updated_at) VALUES (1, 'LIM-2024-000001', "
    " 'consulta', 'presencial', 1, 'mi_juntos', 'No puede ingresar al aplicativo.', 'cerrado', 1, "
    " '2024-01-02 10:00:00', '2024-01-02', '2024-01-02 10:00:00', '2024-01-02 10:00:00')",
]


def _found(query: str) -> list[str]:
    items, _total = search.search_page(select(Ticket), query, 1, 25)
    return [t.code for t in items]


def _migrate_with_history(url: str) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0002")  # before the search existed
        with db.engine.begin() as connection:
            for statement in ROWS:
                connection.execute(text(statement))
        upgrade(directory=directory)
        assert _found("aplicativo") == ["LIM-2024-000001"]
        assert _found("huaman rosa") == ["LIM-2024-000001"]
        assert _found("4512") == ["LIM-2024-000001"]
        with db.engine.begin() as connection:  # later writers are indexed by the triggers
            connection.execute(text("UPDATE citizens SET last_name = 'Pariona' WHERE id = 1"))
            connection.execute(text(ROWS[2].replace("(1, 'LIM-2024-000001'", "(2, 'LIM-2024-000002'")
                                    .replace("aplicativo", "abono")))
        assert sorted(_found("pariona")) == ["LIM-2024-000001", "LIM-2024-000002"]
        assert _found("abono") == ["LIM-2024-000002"]
        db.session.remove()
        db.engine.dispose()


def test_sqlite_migration_indexes_existing_and_new_cases(tmp_path):
    _migrate_with_history(f"sqlite:///{tmp_path / 'm.sqlite3'}")


@pytest.mark.postgres
def test_postgresql_migration_indexes_existing_and_new_cases(empty_postgres_url):
    _migrate_with_history(empty_postgres_url)
