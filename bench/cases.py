"""The seven measurements, one function each; every one returns Measurement rows.

In-process measurements (deadline engine, Indicador 3, SLA scan, sync batch)
call the real services inside an app context, as a request or a job would; the
HTTP ones go through gunicorn (see run.py). Parts another issue has not
delivered yet are measured through the HTTP API that exists, and say so.
"""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import numpy as np
from sqlalchemy import delete, insert, select, text

from bench.measure import HttpClient, Measurement, latencies, load_test, timed
from bench.serve import ROOT, Server, child_env, rss_mib, stop, worker_pids
from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.calendar import BusinessCalendar, NonWorkingDay
from service_desk.domain.sla import sla_bounds
from service_desk.extensions import db
from service_desk.models import Office, Ticket, User
from service_desk.services.calendar import business_calendar
from service_desk.services.reference import DECREED_DAYS

OPEN_SQL = "('registrado', 'en_proceso', 'derivado')"


def available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


# --- (1) deadline engine ----------------------------------------------------------------------

def deadline_engine(count: int, repeats: int) -> Measurement:
    """`count` due dates with BusinessCalendar.due_dates vs numpy's busday_offset, same holidays."""
    cal = BusinessCalendar([NonWorkingDay(d, r, frozenset(o) if o else None) for d, o, r in DECREED_DAYS])
    rng = np.random.default_rng(1)
    received = np.datetime64("2016-01-04") + rng.integers(0, 3650, count).astype("timedelta64[D]")
    received = np.busday_offset(received, 0, roll="forward")
    days = rng.choice([15, 30], count)
    holidays = sorted(set(cal.holidays) | {n.day for n in cal.non_working_days if n.applies_to("LIM")})
    numpy_cal = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    ours = cal.due_dates(received, days, "LIM")
    theirs = np.busday_offset(received, days, roll="forward", busdaycal=numpy_cal)
    assert (ours == theirs).all(), "the calendar disagrees with numpy on the same holidays"
    return Measurement(
        "1", f"Plazo legal: {count:,} fechas de vencimiento".replace(",", " "), "—",
        timed(lambda: cal.due_dates(received, days, "LIM"), repeats),
        timed(lambda: np.busday_offset(received, days, roll="forward", busdaycal=numpy_cal), repeats),
        1.5, how="BusinessCalendar.due_dates (Lima, feriados + DNL + APEC) vs np.busday_offset "
                  "con el mismo busdaycalendar; resultados idénticos verificados")


# --- (2) office queue and DNI search over HTTP ---------------------------------------------------

def sample_documents(limit: int = 40) -> list[str]:
    """DNIs of citizens with ordinary (non-denuncia) cases in Lima, spread over the table."""
    return list(db.session.scalars(text(
        "SELECT c.document_number FROM citizens c WHERE c.document_type = 'DNI' AND EXISTS ("
        " SELECT 1 FROM tickets t JOIN offices o ON o.id = t.office_id WHERE t.citizen_id = c.id"
        " AND o.code = 'LIM' AND t.type <> 'denuncia') ORDER BY c.id DESC LIMIT :n"), {"n": limit}))


def http_reads(real: Server, bare: Server, scale: str, api_token: str, password: str,
               documents: list[str], requests: int, has_pages: bool) -> list[Measurement]:
    """Office queue (page and API) and DNI search against the bare endpoints, same gunicorn."""
    bare_client = HttpClient(bare.url)
    api = HttpClient(real.url, {"Authorization": f"Bearer {api_token}"})
    bare_queue = latencies(bare_client, ["/queue?office=LIM"], requests)
    bare_dni = latencies(bare_client, [f"/citizen?document_number={d}" for d in documents], requests)
    rows = [Measurement("2", "Cola de la oficina (API, 50 filas por vencimiento)", scale,
                        latencies(api, ["/api/v1/tickets?office=LIM&sla=en_plazo&per_page=50"],
                                  requests), bare_queue, 3.0,
                        how="GET /api/v1/tickets?office=LIM&sla=en_plazo&per_page=50 (agente LIM) "
                            "vs Flask mínimo con una consulta SQL escrita a mano")]
    if not has_pages:
        rows[0].how += "; las páginas del agente no están registradas: solo se mide la API"
        return rows
    page = HttpClient(real.url)
    page.login("agente_lim", password)
    rows.insert(0, Measurement(
        "2", "Bandeja de la oficina (página, con insignias de plazo)", scale,
        latencies(page, ["/agente/bandeja"], requests), bare_queue, 3.0,
        how="GET /agente/bandeja (agente LIM: abiertos por vencimiento, 25 por página, "
            "insignias, plantilla) vs Flask mínimo con SQL a mano (50 filas, JSON)"))
    rows.append(Measurement(
        "2", "Búsqueda por DNI (ciudadano e historial)", scale,
        latencies(page, [f"/agente/ciudadano?document_type=DNI&document_number={d}"
                         for d in documents], requests), bare_dni, 3.0,
        how="GET /agente/ciudadano?document_type=DNI&document_number=… (sesión del agente) "
            "vs Flask mínimo: dos SELECT a mano"))
    return rows


def flatness(small: list[Measurement], large: list[Measurement]) -> list[Measurement]:
    """Each HTTP read at the large scale against itself at the small scale (goal 1.3×)."""
    return [Measurement("2", f"Plano: {b.name}", f"{b.scale} vs {a.scale}", b.subject, a.subject, 1.3,
                        how="mediana a gran escala / mediana a 12 000 casos, misma consulta")
            for a, b in zip(small, large, strict=True)]


def statement_counts(app, api_token: str, password: str, document: str) -> dict[str, int]:
    """SQL statements one request of each kind sends (in-process, after a warm-up request)."""
    from sqlalchemy import event

    api = {"Authorization": f"Bearer {api_token}"}
    page = app.test_client()
    page.post("/login", data={"username": "agente_lim", "password": password})
    calls = {
        "queue_api": lambda: app.test_client().get(
            "/api/v1/tickets?office=LIM&sla=en_plazo&per_page=50", headers=api),
        "queue_page": lambda: page.get("/agente/bandeja"),
        "dni": lambda: page.get(f"/agente/ciudadano?document_type=DNI&document_number={document}"),
        "register": lambda: app.test_client().post("/api/v1/tickets", headers=api,
                                                   json=_load_body(7_777_777)),
    }
    counts, seen = {}, []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(1)  # noqa: E731
    for name, call in calls.items():
        call()
        event.listen(engine, "before_cursor_execute", listener)
        seen.clear()
        call()
        event.remove(engine, "before_cursor_execute", listener)
        counts[name] = len(seen)
    return counts


# --- (3) Indicador 3 ---------------------------------------------------------------------------

def indicator_sql() -> str:
    figures = {
        "numerator": "t.status = 'cerrado' AND (t.due_on IS NULL OR t.closed_on <= t.due_on)",
        "closed_late": "t.status = 'cerrado' AND t.closed_on > t.due_on",
        "open_overdue": f"t.status IN {OPEN_SQL} AND t.due_on < :overdue",
        "open_in_time": f"t.status IN {OPEN_SQL} AND NOT (t.due_on < :overdue)",
    }
    sums = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}" for name, cond in figures.items())
    return (f"SELECT o.code, COUNT(*) AS denominator, {sums} FROM tickets t "
            "JOIN offices o ON o.id = t.office_id WHERE t.type IN ('reclamo', 'queja') "
            "AND t.status <> 'anulado' AND t.received_on BETWEEN :start AND :end GROUP BY o.code")


def indicator(app, scale: str, repeats: int) -> Measurement:
    """Indicador 3, every office, the current quarter: the service vs hand-written SQL."""
    today = clock.today_in_lima()
    quarter = (today.month - 1) // 3
    code = f"{today.year}-T{quarter + 1}"
    start = today.replace(month=3 * quarter + 1, day=1)
    end = (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    with app.app_context():
        uci = db.session.scalar(select(User.id).where(User.username == "uci"))
        overdue = sla_bounds(business_calendar(), None, today).overdue_before
    sql, params = text(indicator_sql()), {"start": start, "end": end, "overdue": overdue}

    def anchor():
        with app.app_context():
            db.session.execute(sql, params).all()

    if available("service_desk.services.indicators"):
        from service_desk.services.indicators import indicator_3, parse_period

        def subject():
            with app.app_context():
                indicator_3(Actor(uci, "national_supervisor", "SEDE"), parse_period(code))
        how = f"services.indicators.indicator_3 (supervisor nacional, {code}, todas las oficinas)"
    else:
        subject, how = _api_get(app, f"/api/v1/indicators/3?period={code}"), "GET /api/v1/indicators/3"
    return Measurement("3", "Indicador 3: todas las oficinas, un trimestre", scale,
                       timed(subject, repeats), timed(anchor, repeats), 1.5,
                       how=how + " vs un GROUP BY escrito a mano sobre los mismos índices")


def _api_get(app, path: str):
    with app.app_context():
        from service_desk.services.users import create_token

        token = create_token(db.session.scalar(select(User).where(User.username == "uci")))
    client = app.test_client()

    def call():
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return call


# --- (4) SLA scan --------------------------------------------------------------------------------

def sla_scan(app, scale: str, repeats: int) -> Measurement:
    """The scheduler's sla-scan in steady state vs a raw indexed select of the open tickets."""
    with app.app_context():
        warning = sla_bounds(business_calendar(), None, clock.today_in_lima()).warning_before
    sql = text(f"SELECT id, office_id, due_on FROM tickets WHERE status IN {OPEN_SQL} "
               "AND due_on < :warning")

    def anchor():
        with app.app_context():
            db.session.execute(sql, {"warning": warning}).all()

    from service_desk.services.alerts import scan_sla

    def subject():
        with app.app_context():
            scan_sla()
    with app.app_context():
        _clear_alerts()
    cold = timed(subject, 1, warmup=0)[0]
    return Measurement("4", "Barrido de plazos (sla-scan)", scale, timed(subject, repeats, warmup=0),
                       timed(anchor, repeats), 2.0, extra={"cold_ms": cold},
                       how="services.alerts.scan_sla en régimen (alertas ya levantadas; el primer "
                           f"barrido, que las inserta todas, tomó {cold:,.0f} ms) vs SELECT de los "
                           "abiertos con vencimiento próximo por (status, due_on)")


def _clear_alerts() -> None:
    from service_desk.models import Alert, Notification, OutboxMessage

    for model in (Notification, Alert, OutboxMessage):
        db.session.execute(delete(model))
    db.session.commit()


# --- (5) sync batch -------------------------------------------------------------------------------

def sync_records(count: int) -> list[dict]:
    """`count` itinerant attentions in Cusco over the last days (a quarter answered on the spot)."""
    now = clock.now()
    kinds = ("consulta", "pedido", "reclamo", "queja")
    out = []
    for i in range(count):
        body = {"client_uuid": str(uuid.uuid4()), "type": kinds[i % 4], "channel": "itinerante",
                "office": "CUS", "subject": "pagos", "description": f"Atención itinerante {i}.",
                "filed_at": (now - timedelta(days=3, seconds=-i)).isoformat(),
                "citizen": {"document_type": "DNI", "document_number": f"{30000000 + i:08d}",
                            "first_name": "Juana", "last_name": "Huamán", "language": "qu"}}
        if body["type"] == "consulta":
            body["response"] = "Se explicó el cronograma de pagos."
        out.append(body)
    return out


def sync_batch(app, scale: str, token: str, count: int, repeats: int) -> Measurement:
    """POST /api/v1/sync/batches with `count` new records vs one executemany of the same rows."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    has_sync = "api.sync_batch" in app.view_functions

    def subject():
        batch = sync_records(count)
        if has_sync:
            response = client.post("/api/v1/sync/batches", headers=headers,
                                   json={"device_id": "bench", "records": batch})
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
        else:
            for body in batch:
                assert client.post("/api/v1/tickets", headers=headers, json=body).status_code == 201

    def anchor():
        with app.app_context():
            office_id = db.session.scalar(select(Office.id).where(Office.code == "CUS"))
            now = clock.now()
            rows = [{"code": f"RAW-{uuid.uuid4().hex[:18]}", "type": r["type"], "channel": r["channel"],
                     "office_id": office_id, "subject": r["subject"], "description": r["description"],
                     "status": "registrado", "filed_at": now, "received_on": now.date(),
                     "client_uuid": "raw-" + r["client_uuid"], "created_at": now, "updated_at": now}
                    for r in sync_records(count)]
            db.session.execute(insert(Ticket), rows)
            db.session.commit()
    how = ("POST /api/v1/sync/batches (itinerante CUS; validación, fechas legales, código, ciudadano, "
           "auditoría)" if has_sync else "POST /api/v1/tickets uno por uno (no hay API de lotes)")
    return Measurement("5", f"Lote de sincronización de {count:,} registros".replace(",", " "), scale,
                       timed(subject, repeats), timed(anchor, repeats), 10.0,
                       how=how + " vs un INSERT executemany de las mismas filas sin validar")


# --- (6) registration under load, (7) memory ------------------------------------------------------

def registration(real: Server, bare: Server, scale: str, token: str, seconds: float) -> Measurement:
    """Requests per second registering reclamos under load: the API vs the bare insert."""
    ours = load_test(real.url, "/api/v1/tickets", {"Authorization": f"Bearer {token}"},
                     _load_body, seconds)
    theirs = load_test(bare.url, "/tickets", {}, _load_body, seconds)
    if ours.errors or theirs.errors:
        raise RuntimeError(f"errors under load: app {ours.errors}, bare {theirs.errors}")
    return Measurement("6", "Registro bajo carga (req/s)", scale, [ours.requests_per_second],
                       [theirs.requests_per_second], 0.25, unit="req/s", higher_is_better=True,
                       extra={"p50": (ours.p50_ms, theirs.p50_ms), "p95": (ours.p95_ms, theirs.p95_ms)},
                       how=f"{ours.tool}, 8 conexiones, {seconds:g} s, gunicorn 2 workers sync; POST "
                           "/api/v1/tickets (reclamo, DNI distinto cada vez) vs INSERT a mano")


def _load_body(n: int) -> dict:
    return {"type": "reclamo", "channel": "presencial", "office": "LIM", "subject": "pagos",
            "description": "No recibió el abono del bimestre.",
            "client_uuid": str(uuid.uuid4()),
            "citizen": {"document_type": "DNI", "document_number": f"{20000000 + n:08d}",
                        "first_name": "Rosa", "last_name": "Quispe"}}


def memory(real: Server, bare: Server, scale: str, url: str, has_scheduler: bool) -> list[Measurement]:
    """Resident size of a web worker and of the scheduler process, against a bare Flask worker."""
    bare_rss = [rss_mib(pid) for pid in worker_pids(bare.process.pid)]
    rows = [Measurement("7", "Memoria residente de un worker web (MiB)", scale,
                        [rss_mib(pid) for pid in worker_pids(real.process.pid)], bare_rss, None,
                        unit="MiB", how="VmRSS tras la prueba de carga; ancla: worker Flask mínimo")]
    if has_scheduler:
        rows.append(Measurement("7", "Memoria residente del planificador (MiB)", scale,
                                [scheduler_rss(url)], bare_rss, None, unit="MiB",
                                how="VmRSS de `flask --app wsgi scheduler` 3 s después de arrancar"))
    return rows


def scheduler_rss(url: str) -> float:
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"], cwd=ROOT,
                               env=child_env(DATABASE_URL=url, SECRET_KEY="bench"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        process.stdout.readline()
        time.sleep(3)
        return rss_mib(process.pid)
    finally:
        stop(process, signal.SIGINT)
        process.stdout.close()
