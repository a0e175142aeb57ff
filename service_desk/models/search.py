"""The full-text index of tickets, kept by the database itself.

What a case is found by: its code and its citizen's document (weight A), the
citizen's names (B) and the description (C). Sealed denuncias carry neither a
citizen nor their text (services/sealing.py), so nothing of a complainant is
indexed; scoping still applies on top (services/search.py).

- PostgreSQL: a `search_vector` tsvector column on tickets under the text search
  configuration `es_unaccent` (Spanish stemming after `unaccent`, so "Huamán"
  and "huaman" meet), filled by a trigger, with a GIN index; plus a pg_trgm GIN
  index on the code for fragments such as "24-0001".
- SQLite: an FTS5 table `ticket_search` (unicode61 without diacritics) whose rowid
  is the ticket id, filled by triggers.

Triggers (not the ORM) keep it current, so every writer is covered: registration,
the field sync's bulk insert, reclassification and sealing, a citizen's new name,
the retention job's anonymisation. These objects are not SQLAlchemy models: they
are created after the tickets table (db.create_all() in tests and quickstart) and
by migration 0016; `include_object` keeps Alembic's comparison from flagging them.
A later migration that makes SQLite recreate the tickets table (batch "move and
copy") drops its triggers and must call `install_search` again (it is idempotent).
"""

from __future__ import annotations

from sqlalchemy import event

from service_desk.models.tickets import Ticket

SEARCH_COLUMN = "search_vector"
PG_INDEXES = ("ix_tickets_search_vector", "ix_tickets_code_trgm")
SQLITE_TABLE = "ticket_search"

_PG_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'es_unaccent') THEN
           CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = spanish);
           ALTER TEXT SEARCH CONFIGURATION es_unaccent
             ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
         END IF;
       END $$""",
    "ALTER TABLE tickets ADD COLUMN IF NOT EXISTS search_vector tsvector",
    # Hyphens become spaces: "LIM-2024-000123" is the words lim, 2024 and 000123.
    # PL/pgSQL, not SQL: its plan is cached, which halves the cost per row (~70 µs here).
    """CREATE OR REPLACE FUNCTION ticket_search_vector(p_code text, p_description text,
                                                       p_citizen_id integer)
       RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
       DECLARE v_document text; v_first text; v_last text;
       BEGIN
         IF p_citizen_id IS NOT NULL THEN
           SELECT document_number, first_name, last_name INTO v_document, v_first, v_last
           FROM citizens WHERE id = p_citizen_id;
         END IF;
         RETURN setweight(to_tsvector('es_unaccent', translate(coalesce(p_code, ''), '-', ' ')
                                      || ' ' || coalesce(v_document, '')), 'A')
             || setweight(to_tsvector('es_unaccent', coalesce(v_first, '') || ' '
                                      || coalesce(v_last, '')), 'B')
             || setweight(to_tsvector('es_unaccent', coalesce(p_description, '')), 'C');
       END $$""",
    """CREATE OR REPLACE FUNCTION tickets_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.search_vector := ticket_search_vector(NEW.code, NEW.description, NEW.citizen_id);
         RETURN NEW;
       END $$""",
    """CREATE OR REPLACE FUNCTION citizens_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE tickets SET search_vector = ticket_search_vector(code, description, citizen_id)
         WHERE citizen_id = NEW.id;
         RETURN NULL;
       END $$""",
    "DROP TRIGGER IF EXISTS tickets_search_refresh ON tickets",
    """CREATE TRIGGER tickets_search_refresh BEFORE INSERT OR UPDATE OF code, description, citizen_id
       ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_search_refresh()""",
    "DROP TRIGGER IF EXISTS citizens_search_refresh ON citizens",
    """CREATE TRIGGER citizens_search_refresh AFTER UPDATE OF first_name, last_name, document_number
       ON citizens FOR EACH ROW
       WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name
             OR OLD.last_name IS DISTINCT FROM NEW.last_name
             OR OLD.document_number IS DISTINCT FROM NEW.document_number)
       EXECUTE FUNCTION citizens_search_refresh()""",
]

PG_CREATE_INDEXES = [
    "CREATE INDEX IF NOT EXISTS ix_tickets_search_vector ON tickets USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS ix_tickets_code_trgm ON tickets USING gin (code gin_trgm_ops)",
]

_PG_BACKFILL = ("UPDATE tickets SET search_vector = ticket_search_vector(code, description, "
                "citizen_id) WHERE search_vector IS NULL")

# One FTS row per ticket: code and document, the citizen's names, the description.
_SQLITE_ROW = """SELECT {id}, {code} || ' ' || coalesce(c.document_number, ''),
                        coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, ''), {description}
                 FROM (SELECT 1) AS one LEFT JOIN citizens c ON c.id = {citizen_id}"""
_SQLITE_NEW = _SQLITE_ROW.format(id="NEW.id", code="NEW.code", description="NEW.description",
                                 citizen_id="NEW.citizen_id")

_SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5(
          code_document, names, description, tokenize = 'unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS tickets_search_insert AFTER INSERT ON tickets BEGIN
          INSERT INTO {SQLITE_TABLE} (rowid, code_document, names, description) {_SQLITE_NEW};
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS tickets_search_update
          AFTER UPDATE OF code, description, citizen_id ON tickets BEGIN
          DELETE FROM {SQLITE_TABLE} WHERE rowid = OLD.id;
          INSERT INTO {SQLITE_TABLE} (rowid, code_document, names, description) {_SQLITE_NEW};
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS tickets_search_delete AFTER DELETE ON tickets BEGIN
          DELETE FROM {SQLITE_TABLE} WHERE rowid = OLD.id;
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS citizens_search_update
          AFTER UPDATE OF first_name, last_name, document_number ON citizens BEGIN
          UPDATE {SQLITE_TABLE} SET
            code_document = (SELECT t.code FROM tickets t WHERE t.id = {SQLITE_TABLE}.rowid)
                            || ' ' || coalesce(NEW.document_number, ''),
            names = coalesce(NEW.first_name, '') || ' ' || coalesce(NEW.last_name, '')
          WHERE rowid IN (SELECT id FROM tickets WHERE citizen_id = NEW.id);
        END""",
]

_SQLITE_BACKFILL = (f"INSERT INTO {SQLITE_TABLE} (rowid, code_document, names, description) "
                    + _SQLITE_ROW.format(id="t.id", code="t.code", description="t.description",
                                         citizen_id="t.citizen_id")
                    .replace("FROM (SELECT 1) AS one LEFT JOIN", "FROM tickets t LEFT JOIN")
                    + f" WHERE t.id NOT IN (SELECT rowid FROM {SQLITE_TABLE})")


def install_search(connection) -> None:
    """Create (or complete) the search objects and index the tickets already stored."""
    statements = _statements(connection)
    for statement in statements:
        connection.exec_driver_sql(statement)


def _statements(connection) -> list[str]:
    if connection.dialect.name == "postgresql":
        return [*_PG_INSTALL, _PG_BACKFILL, *PG_CREATE_INDEXES]
    return [*_SQLITE_INSTALL, _SQLITE_BACKFILL]


def uninstall_search(connection) -> None:
    """Drop what install_search created on the tables (extensions and configuration stay)."""
    if connection.dialect.name == "postgresql":
        for statement in ("DROP TRIGGER IF EXISTS citizens_search_refresh ON citizens",
                          "DROP TRIGGER IF EXISTS tickets_search_refresh ON tickets",
                          *(f"DROP INDEX IF EXISTS {name}" for name in PG_INDEXES),
                          "ALTER TABLE tickets DROP COLUMN IF EXISTS search_vector"):
            connection.exec_driver_sql(statement)
    else:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS citizens_search_update")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: the search objects live outside the models (see the module docstring)."""
    if type_ == "column" and name == SEARCH_COLUMN:
        return False
    if type_ == "index" and name in PG_INDEXES:
        return False
    return not (type_ == "table" and name and name.startswith(SQLITE_TABLE))


@event.listens_for(Ticket.__table__, "after_create")
def _after_create(target, connection, **kw) -> None:
    install_search(connection)


@event.listens_for(Ticket.__table__, "before_drop")
def _before_drop(target, connection, **kw) -> None:
    uninstall_search(connection)
