"""docs/performance.md: the machine, the data sets, one table row per measurement, and the misses."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from bench.measure import Measurement, median, p95

# Why a goal can be missed, per measurement number: printed under the table when it is.
WHY = {
    "1": "numpy hace todo el trabajo en ambos casos; lo que sobra es la conversión de la entrada "
         "(`np.asarray`) y la búsqueda del calendario de la oficina, un costo fijo por llamada.",
    "2": "el tiempo no está en la base de datos: con los índices del modelo cada consulta de estas "
         "páginas se ejecuta en PostgreSQL en menos de 1 ms a 1,2 millones de casos (EXPLAIN ANALYZE). "
         "El ancla hace una o dos consultas sin sesión, sin plantilla y sin control de acceso. La app ya "
         "autentica en una sola consulta (token o sesión, con usuario y oficina), trae oficina, ciudadano "
         "y asignado en el mismo SELECT de la página, cuenta el total solo si la página está llena y no "
         "relee nada tras el commit del registro de accesos: 5 sentencias la API, 6 la bandeja (más el "
         "contador de avisos), 4 la búsqueda por DNI, contra 10, 11 y 7 antes. Lo que queda es Python: "
         "alcance por oficina y reserva de denuncias, armado de 25–50 objetos del ORM con sus "
         "relaciones, insignias en días hábiles, la plantilla o el JSON, el registro de accesos y su "
         "commit; unos 5–8 ms por petición en esta máquina frente a anclas de 1,5–2 ms. 3× pediría "
         "saltarse el ORM y la plantilla compartidos en las listas. «Plano» es lo que depende de los "
         "datos, y se cumplía a 1,2 millones; entre corridas en esta máquina compartida el ancla misma "
         "varía hasta 2×.",
    "3": "con el índice parcial `ix_tickets_indicator3` (solo reclamos y quejas, por día de recepción) "
         "el GROUP BY de un trimestre nacional cuesta 1–2 ms en PostgreSQL a 1,2 millones de casos "
         "(sin él, ambos recorrían la tabla: ~210 ms el servicio y ~165 ms el SQL a mano, 1,27×). Lo que "
         "queda es un costo fijo de unos 2,5–4 ms del servicio: contexto nuevo, lectura del calendario "
         "(una consulta por contexto, porque los administradores lo editan) y la consulta de SQLAlchemy "
         "(cinco sumas CASE y un término de «vencido» por grupo de calendario regional; el término ya "
         "se arma una vez por contenido del calendario y día, no en cada llamada). Se prefirió el "
         "índice: 40× más rápido en absoluto aunque la razón empeore.",
    "4": "en régimen el barrido envía 3 sentencias y un commit: lee el calendario y hace por cada nivel "
         "un INSERT … SELECT con NOT EXISTS sobre las alertas ya levantadas (las consultas de "
         "destinatarios y correos solo corren si levantó alguna alerta); el ancla es un único SELECT "
         "de 1–2 ms. La razón refleja ese número fijo de sentencias, no el tamaño: el barrido es plano.",
    "5": "cada registro del lote pasa por validación, permisos de retrofechado, cálculo de plazos, "
         "código de su oficina, alta o actualización del ciudadano, evento de auditoría y una fila de "
         "resultado por registro para auditar el lote (se guardan por tramos de 250, un commit por "
         "tramo); el ancla es un único INSERT de las mismas filas sin comprobar nada. Alrededor de "
         "0,6–1,3 ms por registro según la carga de la máquina.",
    "6": "un registro por la API envía 9 sentencias (17 antes): token con usuario y oficina (1), "
         "client_uuid (1), días no laborables (1), plazo del tipo (1), ciudadano (1 a 3), contador de "
         "códigos (1, y su fila queda bloqueada hasta el commit, de modo que los registros de una misma "
         "oficina se serializan), caso y evento (2); la oficina sale de un mapa código→id del proceso y "
         "la respuesta se arma con los objetos recién escritos, sin releerlos. El ancla envía una. Lo "
         "que falta hasta 25 % es Python por petición (validación, unidad de trabajo del ORM, JSON, "
         "registro de la petición) y la máquina: dos núcleos compartidos por wrk, gunicorn y "
         "PostgreSQL. Calendario y plazos no se guardan en memoria del proceso porque los "
         "administradores los editan.",
    "8": "la búsqueda de la app hace lo que el ancla no: ordena por pertinencia (ts_rank_cd / bm25) "
         "las 201 coincidencias más recientes, cuenta hasta 200, resuelve el alcance por oficina y la "
         "reserva de denuncias, carga ciudadano y asignado, calcula insignias, arma la plantilla y "
         "escribe el registro de accesos; el ancla devuelve los 25 identificadores más recientes.",
    "9": "como en 2: una o dos consultas del ancla frente a sesión, control de acceso, ORM, "
         "plantilla y registro de accesos de la página; la parte de la base de datos es plana.",
}


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem = next((line.split()[1] for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal")), "0")
    load = _read("/proc/loadavg").split()[:3]
    return [
        f"- CPU: {cpu}, {os.cpu_count()} núcleos lógicos; memoria: {int(mem) / 1048576:.1f} GiB",
        f"- Carga del sistema al empezar: {' '.join(load)} (máquina compartida con otras suites)",
        f"- {platform.platform()}; Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; "
        f"{_postgres_version()}",
    ]


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _postgres_version() -> str:
    try:
        out = subprocess.run(["psql", "--version"], capture_output=True, text=True, timeout=10).stdout
    except OSError:
        return "PostgreSQL: cliente no instalado"
    return out.strip().replace("psql (PostgreSQL)", "PostgreSQL")


def _fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:,.2f} ms" if value < 100 else f"{value:,.0f} ms"
    return f"{value:,.1f} {unit}"


def row(m: Measurement) -> str:
    met = {True: "sí", False: "**no**", None: "—"}[m.met]
    return (f"| {m.number} | {m.name} | {m.scale} | {_fmt(median(m.subject), m.unit)} | "
            f"{_fmt(p95(m.subject), m.unit)} | {_fmt(median(m.anchor), m.unit)} | "
            f"{_fmt(p95(m.anchor), m.unit)} | {m.ratio:.2f}× | {m.goal_text} | {met} |")


def render(results: list[Measurement], datasets: list[str], command: str, database: str,
           started: datetime) -> str:
    lines = [
        "# Rendimiento a escala nacional",
        "",
        "Generado por `python -m bench` (no editar a mano: volver a ejecutar). Cada medición se "
        "compara con su ancla, medida en la misma corrida sobre la misma base de datos; la razón es "
        "mediana del sujeto / mediana del ancla (para req/s, sujeto / ancla: más es mejor).",
        "",
        f"- Comando: `{command}`",
        f"- Fecha: {started:%Y-%m-%d %H:%M} UTC; duración {(datetime.now(UTC) - started).seconds // 60} min",
        f"- Base de datos: {database}",
        *machine(),
        *(f"- Datos: {d}" for d in datasets),
        "",
        "| # | Medición | Escala | Mediana | p95 | Ancla mediana | Ancla p95 | Razón | Meta | ¿Cumple? |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *(row(m) for m in results),
        "",
        "## Cómo se midió",
        "",
        *(f"- **{m.number}. {m.name}** ({m.scale}): {m.how}." for m in results),
        "",
    ]
    lines += _misses(results)
    lines += _load_details(results)
    return "\n".join(lines) + "\n"


def _misses(results: list[Measurement]) -> list[str]:
    missed = [m for m in results if m.met is False]
    if not missed:
        return ["## Metas", "", "Todas las metas con valor se cumplieron en esta corrida.", ""]
    out = ["## Metas no alcanzadas y por qué", ""]
    for number in dict.fromkeys(m.number for m in missed):
        rows = "; ".join(f"{m.name} ({m.scale}): {m.ratio:.2f}× frente a {m.goal_text}"
                         for m in missed if m.number == number)
        out.append(f"- **{number}.** {rows}. Por qué: {WHY.get(number, '')}")
    return out + [""]


def _load_details(results: list[Measurement]) -> list[str]:
    out = []
    for m in results:
        if "p50" in m.extra:
            (a50, b50), (a95, b95) = m.extra["p50"], m.extra["p95"]
            out.append(f"- {m.name} ({m.scale}): latencia app p50 {a50:.1f} ms / p95 {a95:.1f} ms; "
                       f"ancla p50 {b50:.1f} ms / p95 {b95:.1f} ms.")
    return ["## Latencias bajo carga", "", *out, ""] if out else []
