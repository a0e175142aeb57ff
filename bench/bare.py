"""The anchor of the HTTP measurements: a bare Flask app doing the same work by hand.

No ORM, no authentication, no templates, no validation: one hand-written SQL
statement per endpoint on a pooled SQLAlchemy engine, answered as JSON. It is
served exactly like the real app (gunicorn, deploy/gunicorn.conf.py), so the
ratio between the two is what the app's layers cost on top of the database work
any implementation must do.

    gunicorn -c deploy/gunicorn.conf.py bench.bare:app   (DATABASE_URL names the database)
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from sqlalchemy import create_engine, text

OPEN = "('registrado', 'en_proceso', 'derivado')"

QUEUE_SQL = text(f"""
    SELECT t.code, t.type, t.status, t.received_on, t.due_on, c.first_name, c.last_name
    FROM tickets t JOIN offices o ON o.id = t.office_id
    LEFT JOIN citizens c ON c.id = t.citizen_id
    WHERE o.code = :office AND t.status IN {OPEN} AND t.type <> 'denuncia'
    ORDER BY t.due_on IS NULL, t.due_on, t.id LIMIT 50""")

CITIZEN_SQL = text("""
    SELECT id, first_name, last_name, phone FROM citizens
    WHERE document_type = 'DNI' AND document_number = :number""")

HISTORY_SQL = text("""
    SELECT code, type, status, received_on FROM tickets
    WHERE citizen_id = :citizen AND type <> 'denuncia' ORDER BY filed_at DESC LIMIT 20""")

QUEUE_ALL_SQL = text("""
    SELECT t.code, t.type, t.status, t.received_on, t.due_on, c.first_name, c.last_name
    FROM tickets t LEFT JOIN citizens c ON c.id = t.citizen_id
    WHERE t.office_id = (SELECT id FROM offices WHERE code = :office) AND t.type <> 'denuncia'
    ORDER BY t.due_on, t.id LIMIT 25""")

CASE_SQL = text("""
    SELECT t.code, t.type, t.status, t.description, t.received_on, t.due_on, c.first_name,
           c.last_name, e.kind, e.at, e.note
    FROM tickets t LEFT JOIN citizens c ON c.id = t.citizen_id
    LEFT JOIN ticket_events e ON e.ticket_id = t.id WHERE t.code = :code ORDER BY e.id""")

OVERVIEW_SQL = text(f"""
    SELECT o.code, COUNT(*) AS open, SUM(CASE WHEN t.due_on < :today THEN 1 ELSE 0 END) AS overdue
    FROM tickets t JOIN offices o ON o.id = t.office_id
    WHERE t.status IN {OPEN} AND t.type <> 'denuncia' GROUP BY o.code""")

# The hand-written text search with the best index: the GIN index of the search column on
# PostgreSQL (the planner's pick), the FTS5 table on SQLite; newest 25 matches, no ranking.
SEARCH_PG = """SELECT t.id, t.code FROM tickets t WHERE t.type <> 'denuncia'
    AND t.search_vector @@ to_tsquery('es_unaccent', :word) {office} {status}
    ORDER BY t.id DESC LIMIT 25"""
SEARCH_SQLITE = """SELECT t.id, t.code FROM ticket_search s JOIN tickets t ON t.id = s.rowid
    WHERE ticket_search MATCH :word AND t.type <> 'denuncia' {office} {status}
    ORDER BY t.id DESC LIMIT 25"""

INSERT_SQL = text("""
    INSERT INTO tickets (code, type, channel, office_id, subject, description, status, filed_at,
                         received_on, created_at, updated_at)
    VALUES (:code, :type, :channel, (SELECT id FROM offices WHERE code = :office), :subject,
            :description, 'registrado', :now, :today, :now, :now)""")


def create_bare_app(url: str | None = None) -> Flask:
    """The anchor app on `url` (default: the DATABASE_URL environment variable)."""
    url = url or os.environ["DATABASE_URL"]
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.get("/queue")
    def queue():
        with engine.connect() as conn:
            rows = conn.execute(QUEUE_SQL, {"office": request.args.get("office", "LIM")}).all()
        return jsonify(items=[_row(r) for r in rows])

    @app.get("/citizen")
    def citizen():
        with engine.connect() as conn:
            found = conn.execute(CITIZEN_SQL, {"number": request.args.get("document_number")}).first()
            history = conn.execute(HISTORY_SQL, {"citizen": found.id}).all() if found else []
        return jsonify(found=found is not None, history=[_row(r) for r in history])

    @app.get("/queue-all")
    def queue_all():
        with engine.connect() as conn:
            rows = conn.execute(QUEUE_ALL_SQL, {"office": request.args.get("office", "LIM")}).all()
        return jsonify(items=[_row(r) for r in rows])

    @app.get("/case")
    def case():
        with engine.connect() as conn:
            rows = conn.execute(CASE_SQL, {"code": request.args.get("code")}).all()
        return jsonify(items=[_row(r) for r in rows])

    @app.get("/overview")
    def overview():
        with engine.connect() as conn:
            rows = conn.execute(OVERVIEW_SQL, {"today": datetime.now(UTC).date()}).all()
        return jsonify(items=[_row(r) for r in rows])

    @app.get("/search")
    def search():
        office = "AND t.office_id = (SELECT id FROM offices WHERE code = :office)" \
            if request.args.get("office") else ""
        status = f"AND t.status IN {OPEN}" if request.args.get("open") else ""
        sql = SEARCH_PG if engine.dialect.name == "postgresql" else SEARCH_SQLITE
        params = {"word": request.args.get("q", ""), "office": request.args.get("office")}
        with engine.connect() as conn:
            rows = conn.execute(text(sql.format(office=office, status=status)), params).all()
        return jsonify(items=[_row(r) for r in rows])

    @app.post("/tickets")
    def register():
        body = request.get_json()
        now = datetime.now(UTC)
        stored_now = now.replace(tzinfo=None) if engine.dialect.name == "sqlite" else now
        values = {**{k: body[k] for k in ("type", "channel", "office", "subject", "description")},
                  "code": body["client_uuid"].replace("-", "")[-24:], "now": stored_now, "today": now.date()}
        with engine.begin() as conn:
            conn.execute(INSERT_SQL, values)
        return jsonify(code=values["code"]), 201

    return app


def _row(row) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row._mapping.items()}


app = create_bare_app() if os.environ.get("DATABASE_URL") else None
