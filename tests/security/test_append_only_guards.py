"""On PostgreSQL the audit tables refuse UPDATE and DELETE even from raw SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from service_desk.extensions import db
from service_desk.models import AccessLogEntry, UserChange
from service_desk.models.guards import install_append_only_guards
from service_desk.services.access_log import record_access
from service_desk.services.admin import update_user
from service_desk.services.users import actor_of
from tests.factories import make_user

ATTEMPTS = [
    "UPDATE access_log SET username = 'otro'",
    "DELETE FROM access_log",
    "UPDATE user_changes SET new_value = 'admin'",
    "DELETE FROM user_changes",
]


@pytest.fixture
def audited(app):
    """One access log entry and one user change."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("los disparadores append-only son de PostgreSQL (TEST_DATABASE_URL)")
    admin, _ = make_user("admin")
    person, _ = make_user("agent", "LIM")
    record_access(person, "view", "ticket", "LIM-2024-000001", "127.0.0.1")
    update_user(actor_of(admin), person.id, "supervisor", "LIM", True)


@pytest.mark.parametrize("statement", ATTEMPTS)
def test_raw_sql_cannot_rewrite_nor_erase_the_audit_tables(audited, statement):
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.scalar(select(func.count(AccessLogEntry.id))) == 1
    assert db.session.scalar(select(UserChange.new_value)) == "supervisor"


def test_installing_the_guards_again_is_harmless_and_inserts_still_work(audited):
    assert install_append_only_guards(db.engine) is True
    assert install_append_only_guards(db.engine) is True
    record_access(None, "export", "citizen", "DNI 12345678")
    assert db.session.scalar(select(func.count(AccessLogEntry.id))) == 2


def test_other_databases_get_no_guards_and_say_so(app):
    if db.engine.dialect.name == "postgresql":
        pytest.skip("prueba para SQLite")
    assert install_append_only_guards(db.engine) is False
