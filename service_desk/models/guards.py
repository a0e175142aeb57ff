"""Append-only guards for the audit tables: in the ORM, and in PostgreSQL.

`refuse_changes` makes the ORM refuse to update or delete a model's rows; the
triggers also refuse it to anyone with a SQL prompt (PostgreSQL only). They live here rather than in a
migration because migrations are regenerated from the models; the `seed`
path installs them, idempotently, every time it runs. TRUNCATE fires no
row trigger (the tests empty tables that way): in production, do not grant
TRUNCATE on these tables to the application's database role.
"""

from __future__ import annotations

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

APPEND_ONLY_TABLES = ("access_log", "user_changes")
FUNCTION_NAME = "service_desk_append_only"

_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION_NAME}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'la tabla % solo admite inserciones (append-only)', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def refuse_changes(model: type, what: str) -> None:
    """Make the ORM raise PermissionError on any update or delete of `model` rows."""

    def _refuse(*_args) -> None:
        raise PermissionError(f"{what} is append-only")

    event.listen(model, "before_update", _refuse)
    event.listen(model, "before_delete", _refuse)


def install_append_only_guards(engine: Engine) -> bool:
    """Create (or replace) the triggers refusing UPDATE and DELETE; False when not PostgreSQL."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.begin() as connection:
        connection.execute(text(_FUNCTION))
        for table in APPEND_ONLY_TABLES:
            trigger = f"{table}_append_only"
            connection.execute(text(f'DROP TRIGGER IF EXISTS {trigger} ON "{table}"'))
            connection.execute(text(
                f'CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION_NAME}()"))
    return True
