"""Indicador 3 and the DNI search served by the streaming replica, beside the primary.

    python -m bench.replica --database postgresql+psycopg://postgres@127.0.0.1:5432/DB \
        --replica postgresql+psycopg://postgres@127.0.0.1:5433/DB [--generate 12000]

Both apps are the real one in-process (Flask test client, no HTTP server), one with
DATABASE_REPLICA_URL and one without, over the same data (the replica is a physical
copy: it waits until the replica has replayed the primary's WAL before timing). The
routed app must really read from the standby: the bench checks pg_is_in_recovery()
on the replica engine before it starts. Timings are reported, never asserted; the
table is printed and written to docs/performance-replica.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.cases import sample_documents
from bench.generate import BENCH_PASSWORD, generate
from bench.measure import median, p95, timed
from service_desk import clock, create_app
from service_desk.domain.indicators import quarter_of
from service_desk.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def _app(url: str, replica: str | None):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "DATABASE_REPLICA_URL": replica,
                       "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "SCHEDULER_ENABLED": False})


def _wait_for_replay(primary: str, replica: str, timeout: float = 300) -> None:
    with create_engine(primary).connect() as connection:
        lsn = connection.execute(text("SELECT pg_current_wal_lsn()::text")).scalar()
    engine = create_engine(replica)
    deadline = time.monotonic() + timeout
    with engine.connect() as connection:
        while not connection.execute(text(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'")).scalar():
            if time.monotonic() > deadline:
                raise SystemExit(f"the replica did not replay {lsn} in {timeout} s")
            time.sleep(0.5)
            connection.rollback()
        if not connection.execute(text("SELECT pg_is_in_recovery()")).scalar():
            raise SystemExit("--replica is not a standby (pg_is_in_recovery() is false)")
    engine.dispose()


def _signed_in(app):
    client = app.test_client()
    response = client.post("/login", data={"username": "uci", "password": BENCH_PASSWORD})
    assert response.status_code == 302, "sign-in of the bench user failed: generate the data first"
    return client


def measure(primary: str, replica: str, repeats: int) -> list[tuple[str, list[float], list[float]]]:
    """(name, samples from the replica, samples from the primary) per request."""
    apps = {"replica": _app(primary, replica), "primary": _app(primary, None)}
    with apps["primary"].app_context():
        documents = sample_documents(repeats + 1)
    period = quarter_of(clock.today_in_lima())
    requests = {
        f"Indicador 3, todas las oficinas, {period.code} (página)":
            lambda c, _n: c.get(f"/reportes/indicador-3?period={period.code}"),
        f"Indicador 3, año {period.year} (Excel)":
            lambda c, _n: c.get(f"/reportes/indicador-3.xlsx?period={period.year}"),
        "Búsqueda por DNI en la bandeja nacional":
            lambda c, n: c.get(f"/agente/bandeja?status=&text={documents[n % len(documents)]}"),
    }
    results = []
    for name, call in requests.items():
        samples = {}
        for side, app in apps.items():
            client, counter = _signed_in(app), iter(range(10**6))

            def request(client=client, call=call, counter=counter):
                response = call(client, next(counter))
                assert response.status_code == 200, response.status_code
            samples[side] = timed(request, repeats)
        results.append((name, samples["replica"], samples["primary"]))
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()
        if "replica" in app.extensions:
            app.extensions["replica"].engine.dispose()
    return results


def render(results, tickets: str, command: str) -> str:
    lines = [
        "# Lecturas servidas por la réplica (bench/replica.py)", "",
        f"Medido el {datetime.now(UTC):%Y-%m-%d %H:%M} UTC con `{command}`; {tickets}.",
        "La app real en proceso (cliente de pruebas de Flask, sin servidor HTTP), con y sin",
        "`DATABASE_REPLICA_URL`, sobre los mismos datos; la réplica es un hot standby en",
        "streaming en la misma máquina (`.ci/replica-up`: PostgreSQL 15, `shared_buffers` de",
        "32 MB) y el bench comprueba `pg_is_in_recovery()` antes de medir. En una sola máquina",
        "compartida no se espera ganancia de velocidad: la réplica sirve para que estas lecturas",
        "no compitan con los registros en el primario. Milisegundos por petición.", "",
        "| Petición | Réplica mediana | Réplica p95 | Primario mediana | Primario p95 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, replica, primary in results:
        lines.append(f"| {name} | {median(replica):.1f} | {p95(replica):.1f} | "
                     f"{median(primary):.1f} | {p95(primary):.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="the primary's URL")
    parser.add_argument("--replica", required=True, help="the same database on the replica")
    parser.add_argument("--generate", type=int, default=0, help="first regenerate N tickets")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance-replica.md")
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    if args.generate:
        generate(args.database, args.generate)
    _wait_for_replay(args.database, args.replica)
    with _app(args.database, None).app_context():
        tickets = f"{db.session.scalar(text('SELECT count(*) FROM tickets')):,} casos".replace(",", " ")
    command = "python -m bench.replica " + " ".join(
        "…/DB" if "://" in a else a for a in argv)
    table = render(measure(args.database, args.replica, args.repeats), tickets, command.strip())
    print(table)
    args.out.write_text(table)


if __name__ == "__main__":
    main()
