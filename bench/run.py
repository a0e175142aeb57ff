"""One command for every measurement; writes docs/performance.md.

    python -m bench --database postgresql+psycopg://postgres@127.0.0.1:5432/sd_bench
    python -m bench --small                      # CI: 12,000 tickets, few repetitions

For each scale the database is regenerated (bench/generate.py) at the national
rate of 120,000 attentions a year, so 12,000 tickets are the desk's first five
weeks and 1,200,000 its first ten years, with the same daily flow and so about
the same open backlog: what must stay flat is the cost of the history. The real
app (`wsgi:app`) and the bare anchor (`bench.bare:app`) are served the same way,
by gunicorn with deploy/gunicorn.conf.py and two sync workers on 127.0.0.1.
Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench import cases
from bench import reads as user_reads
from bench.generate import BENCH_PASSWORD, bench_app, default_url, generate
from bench.measure import Measurement
from bench.report import render
from bench.serve import ROOT, start_gunicorn, stop
from service_desk.extensions import db
from service_desk.models import Ticket, User
from service_desk.services.users import create_token

NATIONAL_RATE = 120_000  # attentions a year (DOMAIN.md)


@dataclass(frozen=True)
class Settings:
    scales: tuple[int, ...]
    due_dates: int
    repeats: int
    requests: int
    sync_records: int
    sync_repeats: int
    load_seconds: float


FULL = Settings((12_000, 1_200_000), 1_000_000, 15, 200, 1_000, 5, 15)
SMALL = Settings((12_000,), 100_000, 3, 20, 100, 2, 2)


def tokens(app) -> dict[str, str]:
    """Fresh API tokens of the generator's users the bench acts as."""
    with app.app_context():
        users = db.session.scalars(select(User).where(
            User.username.in_(("agente_lim", "itinerante_cus", "uci")))).all()
        return {u.username: create_token(u) for u in users}


def measure_scale(url: str, tickets: int, settings: Settings, last: bool,
                  results: list[Measurement], keep_data: bool = False) -> list[Measurement]:
    """Generate one scale and run what is measured there; returns its HTTP read rows."""
    scale = f"{tickets:,}".replace(",", " ")
    if keep_data and _holds(url, tickets):
        print(f"· {scale} casos: se reutiliza la base ya generada", flush=True)
    else:
        summary = generate(url, tickets, years=tickets / NATIONAL_RATE)
        print(f"· {scale} casos generados en {summary.seconds:.0f} s ({summary.events:,} eventos, "
              f"{summary.open:,} abiertos)", flush=True)
    app = bench_app(url)
    keys = tokens(app)
    with app.app_context():
        documents = cases.sample_documents()
        codes = user_reads.sample_codes()
    has_pages = {"auth.login", "agent.inbox", "agent.citizen_lookup"} <= set(app.view_functions)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench-secret", "WTF_CSRF_ENABLED": "false",
           "GUNICORN_ACCESSLOG": "", "LOG_LEVEL": "warning",
           # The bench is one agent looking up hundreds of DNIs: lift the per-user lookup limit.
           "CITIZEN_LOOKUP_RATE_LIMIT": "1000000 per minute"}
    real = start_gunicorn("wsgi:app", env)
    bare = start_gunicorn("bench.bare:app", env)
    try:
        reads = cases.http_reads(real, bare, scale, keys["agente_lim"], BENCH_PASSWORD, documents,
                                 settings.requests, has_pages)
        if has_pages:
            reads += user_reads.user_reads(real, bare, scale, BENCH_PASSWORD, codes, settings.requests)
        print(f"· lecturas HTTP a {scale}: listo", flush=True)
        if last:  # reads first, then what writes: registrations would grow the queues and quarter
            results.append(cases.indicator(app, scale, settings.repeats))
            results.append(cases.sla_scan(app, scale, settings.repeats))
            print("· indicador y barrido: listo", flush=True)
            results.append(cases.registration(real, bare, scale, keys["agente_lim"], settings.load_seconds))
            results.extend(cases.memory(real, bare, scale, url, "scheduler" in app.cli.commands))
            print("· carga y memoria: listo", flush=True)
    finally:
        stop(real)
        stop(bare)
    if last:
        results.append(cases.sync_batch(app, scale, keys["itinerante_cus"], settings.sync_records,
                                        settings.sync_repeats))
        print("· sincronización: listo", flush=True)
    results.extend(reads)
    if last and has_pages:
        _note_statements(results, cases.statement_counts(app, keys["agente_lim"], BENCH_PASSWORD,
                                                         documents[0]))
    with app.app_context():
        db.engine.dispose()
    return reads


def _holds(url: str, tickets: int) -> bool:
    """Whether `url` already holds a generated data set of about `tickets` cases."""
    app = bench_app(url)
    try:
        with app.app_context():
            count = db.session.scalar(select(func.count()).select_from(Ticket))
            db.engine.dispose()
    except Exception:  # no tables yet: generate
        return False
    return tickets * 0.99 <= (count or 0) <= tickets * 1.05


def _note_statements(results: list[Measurement], counts: dict[str, int]) -> None:
    """Add to each HTTP row how many SQL statements one request of the app sends (anchor: 1–2)."""
    names = {"Bandeja": "queue_page", "Cola": "queue_api", "Búsqueda": "dni", "Registro": "register"}
    for m in results:
        key = next((v for k, v in names.items() if m.name.startswith(k)), None)
        if key and m.number in ("2", "6"):
            m.how += f"; la app envía {counts[key]} sentencias SQL por petición (el ancla, 1 o 2)"


def describe(tickets: int) -> str:
    years = tickets / NATIONAL_RATE
    span = f"{years:g} años" if years >= 1 else f"{years * 52:.0f} semanas"
    return (f"{tickets:,} casos ({span} a 120 000 atenciones/año), ~0,55 ciudadanos por caso, "
            "2–3 eventos por caso; canales y oficinas según el anexo 8.1")


def run(url: str, settings: Settings, out: Path, command: str,
        keep_data: bool = False) -> list[Measurement]:
    """Measure every scale; `url` may list one database per scale, comma-separated."""
    started = datetime.now(UTC)
    urls = url.split(",")
    urls += [urls[-1]] * (len(settings.scales) - len(urls))
    results = [cases.deadline_engine(settings.due_dates, max(settings.repeats, 5))]
    print("· motor de plazos: listo", flush=True)
    reads = [measure_scale(urls[i], n, settings, i == len(settings.scales) - 1, results, keep_data)
             for i, n in enumerate(settings.scales)]
    url = urls[-1]
    if len(reads) > 1:
        results.extend(cases.flatness(reads[0], reads[-1]))
    results.sort(key=lambda m: m.number)
    database = url.split("@")[-1] if "@" in url else url
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(results, [describe(n) for n in settings.scales], command, database, started),
                   encoding="utf-8")
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="one small scale, few repetitions (CI)")
    parser.add_argument("--database", default=default_url(), help="SQLite or PostgreSQL URL (replaced!)")
    parser.add_argument("--tickets", default=None, help="comma-separated scales, e.g. 12000,1200000")
    parser.add_argument("--out", type=Path, default=None, help="report file")
    parser.add_argument("--keep-data", action="store_true",
                        help="reuse a database that already holds a data set of that scale")
    args = parser.parse_args(argv)
    settings = SMALL if args.small else FULL
    if args.tickets:
        settings = replace(settings, scales=tuple(int(n) for n in args.tickets.split(",")))
    out = args.out or (ROOT / ("instance/performance-small.md" if args.small else "docs/performance.md"))
    shown = ["URL" if "://" in a else a for a in (argv if argv is not None else sys.argv[1:])]
    command = "python -m bench " + shlex.join(shown)
    for m in run(args.database, settings, out, command.strip(), args.keep_data):
        flag = {True: "ok", False: "NO", None: "--"}[m.met]
        print(f"{m.number:>2} {flag:>2} {m.ratio:7.2f}x ({m.goal_text:>7})  {m.name} [{m.scale}]")
    print(f"Informe: {out}")
