"""How long a field sync of 1,000 and 5,000 records takes, against a raw bulk insert.

    /work/venv/bin/python bench/sync_batch.py [--sizes 1000,5000] [--database URL]

Each size runs on an empty database (a temporary SQLite file unless --database or
BENCH_DATABASE_URL names one; its tables are dropped and re-created). The API path is
`POST /api/v1/sync/batches` through the Flask test client: validation, office and
backdating checks, legal dates, ticket code, citizen upsert, audit event and one
commit per record. The baseline inserts the same tickets with one `executemany` and
one commit, with nothing checked: the floor the API cannot go under. A resend of the
same batch (all duplicates) is timed too. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from service_desk import clock, create_app  # noqa: E402
from service_desk.extensions import db  # noqa: E402
from service_desk.models import Office, Ticket, User  # noqa: E402
from service_desk.services.reference import seed_reference_data  # noqa: E402
from service_desk.services.users import create_token, create_user  # noqa: E402

NOW = datetime(2024, 6, 14, 17, 0, tzinfo=UTC)
SUBJECTS = ("pagos", "afiliacion", "corresponsabilidades", "actualizacion_datos", "otros")
TYPES = ("consulta", "pedido", "reclamo", "queja")


def records(count: int) -> list[dict]:
    """`count` itinerant attentions in Cusco over the past week, a quarter answered on the spot."""
    out = []
    for i in range(count):
        kind = TYPES[i % len(TYPES)]
        body = {
            "client_uuid": str(uuid.uuid4()), "type": kind, "channel": "itinerante",
            "office": "CUS", "subject": SUBJECTS[i % len(SUBJECTS)],
            "description": f"Atención itinerante número {i} en la comunidad.",
            "filed_at": (NOW - timedelta(days=7, minutes=-i)).isoformat(),
            "citizen": {"document_type": "DNI", "document_number": f"{40000000 + i:08d}",
                        "first_name": "Juana", "last_name": "Huamán", "language": "qu"},
        }
        if kind == "consulta":
            body["response"] = "Se explicó el cronograma de pagos."
        out.append(body)
    return out


def fresh_app(url: str):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_reference_data()
    return app


def time_api(app, batch: list[dict]) -> tuple[float, float]:
    """Seconds for the first sync and for a resend of the same batch."""
    with app.app_context():
        user = create_user(f"itinerante{len(batch)}", "itinerant", "CUS", "clave-segura-123")
        token = create_token(user)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        response = client.post("/api/v1/sync/batches", headers=headers,
                               json={"device_id": "bench", "records": batch})
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return timings[0], timings[1]


def time_raw(app, batch: list[dict]) -> float:
    """Seconds to insert the same tickets with one executemany and one commit."""
    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.code == "CUS"))
        user_id = db.session.scalar(select(User.id))
        rows = [{
            "code": f"RAW-2024-{i:06d}", "type": r["type"], "channel": r["channel"],
            "office_id": office_id, "subject": r["subject"], "description": r["description"],
            "status": "registrado", "filed_at": datetime.fromisoformat(r["filed_at"]),
            "received_on": NOW.date(), "due_on": None, "client_uuid": "raw-" + r["client_uuid"],
            "created_by_id": user_id, "created_at": NOW, "updated_at": NOW,
        } for i, r in enumerate(batch)]
        started = time.perf_counter()
        db.session.execute(insert(Ticket), rows)
        db.session.commit()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    print(f"{'registros':>9}  {'API (s)':>8}  {'reg/s':>7}  {'reenvío (s)':>11}  {'bulk (s)':>8}  {'x':>5}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database or f"sqlite:///{tmp}/bench.sqlite3"
            app = fresh_app(url)
            batch = records(size)
            with clock.frozen(NOW):
                first, resend = time_api(app, batch)
                raw = time_raw(app, batch)
            with app.app_context():
                db.engine.dispose()
        print(f"{size:>9}  {first:>8.2f}  {size / first:>7.0f}  {resend:>11.2f}  {raw:>8.3f}  "
              f"{first / raw:>5.0f}")


if __name__ == "__main__":
    main()
