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
