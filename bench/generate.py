"""Generate a realistic national data set of tickets, citizens and events.

    /work/venv/bin/python -m bench.generate --tickets 1200000 --years 10 --database URL

Offices and channels follow annex 8.1 (see bench/profile.py), filings fall on
working hours of mostly working days over `years` years ending `end`, and the
legal dates come from the real BusinessCalendar (its vectorised reception_days and
due_dates, per office, with the seeded días no laborables). Old cases are closed
(most on time, some late, a few annulled); recent ones are still open, so the open
backlog depends on the daily flow, not on how much history there is. Every ticket
has its audit events ("created", then "taken"/"closed"/"annulled").

Rows go in through the fast paths of RECIPES.md: raw `executemany` on SQLite and
`COPY` on PostgreSQL, with the secondary indexes dropped during the load and built
again after it. The database's tables are dropped and re-created first.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from bench import profile
from service_desk import clock, create_app
from service_desk.domain.calendar import LIMA
from service_desk.domain.catalog import DEFAULT_DEADLINES, OFFICES
from service_desk.extensions import db
from service_desk.models import Citizen, Office, Ticket, TicketCounter, TicketEvent, User
from service_desk.models.search import PG_CREATE_INDEXES, PG_INDEXES
from service_desk.services import calendar as calendar_service
from service_desk.services.reference import seed_reference_data

BENCH_PASSWORD = "clave-de-bench-2024"
SEALED_PREFIX = "DEN"
OPEN_STATUSES = np.array(["registrado", "en_proceso", "derivado"])
CHUNK = 50_000


@dataclass(frozen=True)
class Summary:
    tickets: int
    citizens: int
    events: int
    open: int
    seconds: float


def bench_app(url: str):
    """An app on `url` for the bench: no scheduler, no CSRF."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                       "WTF_CSRF_ENABLED": False, "SCHEDULER_ENABLED": False})


def _pick(rng: np.random.Generator, mix: dict[str, float], size: int) -> np.ndarray:
    keys = list(mix)
    weights = np.array([mix[k] for k in keys], dtype=float)
    return np.array(keys)[rng.choice(len(keys), size=size, p=weights / weights.sum())]


# --- planning: every column as a numpy array -------------------------------------------

def plan_tickets(n: int, years: float, end: date, seed: int, cal, office_ids: dict[str, int],
                 agent_ids: dict[str, int], n_citizens: int) -> dict[str, np.ndarray]:
    """The columns of `n` tickets, in filing order (ids 1..n)."""
    rng = np.random.default_rng(seed)
    cells = profile.office_channel_weights()
    keys = list(cells)
    weights = np.array([cells[k] for k in keys])
    cell = rng.choice(len(keys), size=n, p=weights / weights.sum())
    office = np.array([k[0] for k in keys])[cell]
    channel = np.array([k[1] for k in keys])[cell]
    kind = np.empty(n, dtype=object)
    for ch, mix in profile.TYPE_MIX.items():
        mask = channel == ch
        kind[mask] = _pick(rng, mix, int(mask.sum()))
    kind = kind.astype(str)
    filed_local = _filing_instants(rng, n, years, end, channel)
    order = np.argsort(filed_local, kind="stable")
    office, channel, kind, filed_local = office[order], channel[order], kind[order], filed_local[order]
    cols = {"office": office, "channel": channel, "type": kind,
            "subject": _pick(rng, profile.SUBJECT_MIX, n),
            "filed_local": filed_local}
    _legal_dates(cols, cal, rng, end)
    _people(cols, rng, agent_ids, n_citizens)
    cols["office_id"] = np.vectorize(office_ids.get, otypes=[np.int64])(office)
    cols["code"] = _codes(office, kind, filed_local)
    return cols


def _filing_instants(rng, n: int, years: float, end: date, channel: np.ndarray) -> np.ndarray:
    """Lima wall-clock instants: weekdays far likelier than weekends, office hours mostly."""
    first = np.datetime64(end) - np.timedelta64(max(1, round(years * 365.25)) - 1, "D")
    days = np.arange(first, np.datetime64(end) + 1, dtype="datetime64[D]")
    weekday_weight = np.where(np.is_busday(days), 1.0, 0.12)
    day = days[rng.choice(len(days), size=n, p=weekday_weight / weekday_weight.sum())]
    always_open = np.isin(channel, profile.SEDE_ONLY)
    seconds = np.where(always_open, rng.integers(0, 86_400, n), rng.integers(8 * 3600, 17 * 3600, n))
    instants = day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    # Nothing is filed after "now": today's late filings move to the day before.
    return np.where(instants > _now_local(), instants - np.timedelta64(1, "D"), instants)


def _now_local() -> np.datetime64:
    """clock.now() as a Lima wall-clock datetime64[s]."""
    return np.datetime64(clock.now().astimezone(LIMA).replace(tzinfo=None), "s")


def _legal_dates(cols: dict, cal, rng, end: date) -> None:
    """received_on/due_on with the real calendar; closing day, status and response dates."""
    n = len(cols["office"])
    filed_day = cols["filed_local"].astype("datetime64[D]")
    deadline = np.array([DEFAULT_DEADLINES.get(t) or 0 for t in cols["type"]])
    received = np.empty(n, dtype="datetime64[D]")
    due = np.empty(n, dtype="datetime64[D]")
    # Business days the office took to answer: consultas at once, others mostly in time.
    late = rng.random(n) < 0.12
    took = np.where(late, deadline + rng.integers(1, 21, n), rng.integers(1, np.maximum(deadline, 1) + 1))
    took = np.where(deadline == 0, np.where(rng.random(n) < 0.9, 0, rng.integers(1, 6, n)), took)
    closed = np.empty(n, dtype="datetime64[D]")
    for code in np.unique(cols["office"]):
        mask = cols["office"] == code
        received[mask] = cal.reception_days(filed_day[mask], code)
        due[mask] = cal.due_dates(received[mask], deadline[mask], code)
        closed[mask] = cal.due_dates(received[mask], took[mask], code)
    has_deadline = deadline > 0
    stuck = has_deadline & (rng.random(n) < 0.002)  # the legacy backlog nobody closed
    annulled = rng.random(n) < 0.015
    still_open = (closed > np.datetime64(end)) | stuck
    status = np.where(still_open, OPEN_STATUSES[rng.choice(3, n, p=[.4, .45, .15])], "cerrado")
    status = np.where(annulled, "anulado", status)
    cols.update(received_on=received, due_on=np.where(has_deadline, due, np.datetime64("NaT")),
                status=status, closed_on=np.where(status == "cerrado", closed, np.datetime64("NaT")))
    seconds = rng.integers(9 * 3600, 17 * 3600, n).astype("timedelta64[s]")
    closed_local = cols["closed_on"].astype("datetime64[s]") + seconds
    closed_local = np.minimum(closed_local, _now_local())
    cols["closed_local"] = np.maximum(closed_local, cols["filed_local"])


def _people(cols: dict, rng, agent_ids: dict[str, int], n_citizens: int) -> None:
    """Citizen (skewed: some households come back often; none for denuncias) and agents."""
    n = len(cols["office"])
    citizen = (n_citizens * rng.random(n) ** 1.5).astype(np.int64) + 1
    cols["citizen_id"] = np.where(cols["type"] == "denuncia", 0, citizen)
    agent = np.vectorize(agent_ids.get, otypes=[np.int64])(cols["office"])
    cols["created_by_id"] = agent
    cols["assignee_id"] = np.where(cols["status"] == "registrado", 0, agent)


def _codes(office: np.ndarray, kind: np.ndarray, filed_local: np.ndarray) -> np.ndarray:
    """OFFICE-YEAR-NNNNNN per office and year in filing order; denuncias share DEN-YEAR."""
    prefix = np.where(kind == "denuncia", SEALED_PREFIX, office)
    year = filed_local.astype("datetime64[Y]").astype(int) + 1970
    key = np.char.add(np.char.add(prefix, "-"), year.astype(str))
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.r_[0, np.flatnonzero(sorted_key[1:] != sorted_key[:-1]) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(key)]))
    seq = np.empty(len(key), dtype=np.int64)
    seq[order] = np.arange(len(key)) - group_start + 1
    return np.char.add(np.char.add(key, "-"), np.char.zfill(seq.astype(str), 6))


# --- formatting and loading ---------------------------------------------------------------

def _utc_text(local: np.ndarray, dialect: str) -> np.ndarray:
    """Lima wall-clock datetime64 -> UTC text as each database stores UTCDateTime."""
    utc = local.astype("datetime64[us]") + np.timedelta64(5, "h")
    out = np.char.replace(np.datetime_as_string(utc, unit="us"), "T", " ")
    return np.char.add(out, "+00") if dialect == "postgresql" else out


def _maybe(values: np.ndarray, present: np.ndarray) -> list:
    return np.where(present, values.astype(object), None).tolist()


def ticket_rows(cols: dict, start: int, stop: int, dialect: str) -> list[tuple]:
    """Rows of tickets [start, stop) in TICKET_COLUMNS order."""
    s = slice(start, stop)
    closed = cols["status"][s] == "cerrado"
    annulled = cols["status"][s] == "anulado"
    filed = _utc_text(cols["filed_local"][s], dialect)
    closed_at = _utc_text(cols["closed_local"][s], dialect)
    itinerant = cols["channel"][s] == "itinerante"
    ids = np.arange(start + 1, stop + 1)
    columns = [
        ids.tolist(), cols["code"][s].tolist(), cols["type"][s].tolist(), cols["channel"][s].tolist(),
        cols["office_id"][s].tolist(), cols["subject"][s].tolist(),
        [profile.DESCRIPTIONS[x] for x in cols["subject"][s]], cols["status"][s].tolist(),
        _maybe(cols["citizen_id"][s], cols["citizen_id"][s] > 0), filed.tolist(),
        np.datetime_as_string(cols["received_on"][s]).tolist(),
        _maybe(np.datetime_as_string(cols["due_on"][s]), ~np.isnat(cols["due_on"][s])),
        _maybe(closed_at, closed), _maybe(np.datetime_as_string(cols["closed_on"][s]), closed),
        _maybe(np.full(stop - start, "Se atendió lo solicitado."), closed),
        _maybe(np.full(stop - start, "Registro duplicado."), annulled),
        _maybe(cols["assignee_id"][s], cols["assignee_id"][s] > 0),
        cols["created_by_id"][s].tolist(),
        _maybe(np.char.add("gen-", ids.astype(str)), itinerant),
        filed.tolist(), np.where(closed, closed_at, filed).tolist(),
    ]
    return list(zip(*columns, strict=True))


TICKET_COLUMNS = ("id", "code", "type", "channel", "office_id", "subject", "description", "status",
                  "citizen_id", "filed_at", "received_on", "due_on", "closed_at", "closed_on",
                  "response", "annul_reason", "assignee_id", "created_by_id", "client_uuid",
                  "created_at", "updated_at")
EVENT_COLUMNS = ("ticket_id", "actor_id", "at", "kind", "changes", "note")


def event_rows(tickets: list[tuple]) -> list[tuple]:
    """The audit trail of each ticket row: created, then taken / closed / annulled."""
    out = []
    for row in tickets:
        tid, status, filed, received, due = row[0], row[7], row[9], row[10], row[11]
        actor, assignee = row[17], row[16]
        out.append((tid, actor, filed, "created", json.dumps(
            {"status": [None, "registrado"], "received_on": [None, received], "due_on": [None, due],
             "source": "generator"}), None))
        if assignee is not None:
            out.append((tid, assignee, filed, "taken", '{"status": ["registrado", "en_proceso"]}', None))
        if status == "cerrado":
            out.append((tid, assignee, row[12], "closed", '{"status": ["en_proceso", "cerrado"]}',
                        row[14]))
        elif status == "anulado":
            out.append((tid, actor, row[20], "annulled", '{"status": ["registrado", "anulado"]}',
                        row[15]))
    return out


def citizen_rows(n: int, seed: int, now_text: str) -> list[tuple]:
    """Citizens with unique DNIs (a few carnés de extranjería), names and languages."""
    rng = np.random.default_rng(seed + 1)
    ids = np.arange(1, n + 1)
    number = 10_000_000 + ids * 89 + rng.integers(0, 89, n)  # unique, 8 digits
    foreign = rng.random(n) < 0.03
    doc_type = np.where(foreign, "CE", "DNI")
    doc = np.where(foreign, np.char.zfill((number % 1_000_000_000).astype(str), 9), number.astype(str))
    first = np.array(["Juana", "María", "Rosa", "Luz", "Carmen", "Julia", "Pedro", "José"])
    last = np.array(["Quispe", "Huamán", "Mamani", "Condori", "Flores", "Chávez", "Rojas"])
    phone = np.char.add("9", np.char.zfill(rng.integers(0, 99_999_999, n).astype(str), 8))
    language = _pick(rng, profile.LANGUAGE_MIX, n)
    columns = [ids.tolist(), doc_type.tolist(), doc.tolist(), first[rng.integers(0, 8, n)].tolist(),
               last[rng.integers(0, 7, n)].tolist(), phone.tolist(), language.tolist(),
               [now_text] * n, [now_text] * n]
    return list(zip(*columns, strict=True))


CITIZEN_COLUMNS = ("id", "document_type", "document_number", "first_name", "last_name", "phone",
                   "language", "created_at", "updated_at")


def copy_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk insert: COPY on PostgreSQL, executemany on SQLite (RECIPES.md fast paths)."""
    if not rows:
        return
    raw = db.session.connection().connection.dbapi_connection
    names = ", ".join(columns)
    if db.engine.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" * len(columns))
        cursor = raw.cursor()
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        cursor.close()


# --- the whole run ---------------------------------------------------------------------------

def reset_schema() -> None:
    """Drop and re-create every table, then load the reference data."""
    db.drop_all()
    db.create_all()
    seed_reference_data()


def create_bench_users() -> dict[str, int]:
    """One agent per office plus the roles the bench acts as; returns office -> agent id."""
    password = generate_password_hash(BENCH_PASSWORD)
    offices = dict(db.session.execute(select(Office.code, Office.id)).all())
    now = clock.now()
    users = [User(username=f"agente_{code.lower()}", role="agent", office_id=offices[code],
                  full_name=f"TOAU {OFFICES[code]}", password_hash=password, created_at=now)
             for code in OFFICES]
    users += [User(username=name, role=role, office_id=offices[office], full_name=name,
                   password_hash=password, created_at=now)
              for name, role, office in (("uci", "national_supervisor", "SEDE"),
                                         ("itinerante_cus", "itinerant", "CUS"),
                                         ("supervisor_lim", "supervisor", "LIM"),
                                         ("admin", "admin", "SEDE"))]
    db.session.add_all(users)
    db.session.commit()
    return {u.office.code if u.office else "": u.id for u in users if u.role == "agent"}


def _secondary_indexes():
    return [ix for table in (Ticket.__table__, TicketEvent.__table__, Citizen.__table__)
            for ix in table.indexes]


def _drop_search_indexes(dialect: str) -> None:
    """The GIN indexes of the text search are built once after the load (the trigger that
    fills the search column keeps running: COPY fires row triggers)."""
    if dialect == "postgresql":
        for name in PG_INDEXES:
            db.session.execute(text(f"DROP INDEX IF EXISTS {name}"))


def _store_counters(cols: dict) -> None:
    """Ticket counters at the last number used, so new registrations get fresh codes."""
    last: dict[tuple[str, int], int] = {}
    for code in cols["code"]:
        prefix, year, number = code.rsplit("-", 2)
        key = (prefix, int(year))
        last[key] = max(last.get(key, 0), int(number))
    db.session.add_all(TicketCounter(office_code=p, year=y, last_number=n) for (p, y), n in last.items())


def load(cols: dict, n_citizens: int, seed: int) -> tuple[int, int]:
    """Write citizens, tickets and events; returns (events, open tickets)."""
    dialect = db.engine.dialect.name
    now_text = str(_utc_text(np.array([_now_local()]), dialect)[0])
    connection = db.session.connection()
    for index in _secondary_indexes():
        index.drop(connection)
    _drop_search_indexes(dialect)
    copy_rows("citizens", CITIZEN_COLUMNS, citizen_rows(n_citizens, seed, now_text))
    events = 0
    n = len(cols["code"])
    for start in range(0, n, CHUNK):
        rows = ticket_rows(cols, start, min(n, start + CHUNK), dialect)
        copy_rows("tickets", TICKET_COLUMNS, rows)
        trail = event_rows(rows)
        copy_rows("ticket_events", EVENT_COLUMNS, trail)
        events += len(trail)
    for index in _secondary_indexes():
        index.create(connection)
    for statement in PG_CREATE_INDEXES if dialect == "postgresql" else ():
        db.session.execute(text(statement))
    _store_counters(cols)
    if dialect == "postgresql":
        for table in ("tickets", "citizens", "ticket_events"):
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    db.session.commit()
    _analyze(dialect)
    return events, int(np.isin(cols["status"], OPEN_STATUSES).sum())


def _analyze(dialect: str) -> None:
    if dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def generate(url: str, tickets: int, years: float = 10, end: date | None = None,
             seed: int = 2024) -> Summary:
    """Replace the database at `url` with a national data set of `tickets` tickets."""
    started = time.perf_counter()
    app = bench_app(url)
    end = end or clock.today_in_lima()
    n_citizens = max(1, int(tickets * 0.55))
    with app.app_context():
        reset_schema()
        agent_ids = create_bench_users()
        office_ids = dict(db.session.execute(select(Office.code, Office.id)).all())
        cal = calendar_service.business_calendar()
        cols = plan_tickets(tickets, years, end, seed, cal, office_ids, agent_ids, n_citizens)
        events, still_open = load(cols, n_citizens, seed)
        db.session.remove()
        db.engine.dispose()
    return Summary(tickets, n_citizens, events, still_open, time.perf_counter() - started)


def default_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or "sqlite:///instance/bench.sqlite3"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=12_000)
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--end", type=date.fromisoformat, default=None, help="last filing day")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--database", default=default_url())
    args = parser.parse_args(argv)
    s = generate(args.database, args.tickets, args.years, args.end, args.seed)
    print(f"{s.tickets} casos, {s.citizens} ciudadanos, {s.events} eventos, {s.open} abiertos "
          f"en {s.seconds:.1f} s")


if __name__ == "__main__":
    main()

