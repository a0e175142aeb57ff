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
         "El ancla hace una o dos consultas sin sesión, sin plantilla y sin control de acceso; la app "
         "autentica (token o sesión y su usuario y oficina: 2–3 consultas), aplica el alcance por oficina "
         "y la reserva de denuncias, cuenta el total para paginar, carga oficina, ciudadano y asignado, "
         "lee el calendario, calcula las insignias en días hábiles y renderiza la plantilla: de 5 a 9 "
         "idas y vueltas y unos 15–30 ms de Python por petición en esta máquina. Con anclas de 2–4 ms, "
         "3× no es alcanzable sin juntar consultas (usuario+oficina en una sola, calendario en memoria "
         "del proceso) en código de otros módulos. «Plano» es lo que depende de los datos, y se cumple; "
         "entre corridas en esta máquina compartida el ancla misma varía hasta 2×.",
    "3": "con el índice parcial `ix_tickets_indicator3` (solo reclamos y quejas, por día de recepción) "
         "el GROUP BY de un trimestre nacional cuesta 1–2 ms en PostgreSQL a 1,2 millones de casos "
         "(sin él, ambos recorrían la tabla: ~210 ms el servicio y ~165 ms el SQL a mano, 1,27×). Lo que "
         "queda es un costo fijo de unos 4 ms del servicio: contexto nuevo, lectura del calendario, "
         "armado y compilación de la consulta de SQLAlchemy (cinco sumas CASE y un término de «vencido» "
         "por grupo de calendario regional) y las filas del informe. Se prefirió el índice: 40× más "
         "rápido en absoluto aunque la razón empeore.",
    "4": "el barrido en régimen cuesta unos 8–10 ms a 1,2 millones de casos: lee el calendario, hace por "
         "cada nivel un INSERT … SELECT con NOT EXISTS sobre las alertas ya levantadas, busca a quién "
         "notificar y arma los correos (unas 5 sentencias y un commit); el ancla es un único "
         "SELECT de 1–2 ms. La razón refleja ese número fijo de sentencias, no el tamaño: el "
         "barrido es plano.",
    "5": "cada registro del lote pasa por validación, permisos de retrofechado, cálculo de plazos, "
         "código de su oficina, alta o actualización del ciudadano, evento de auditoría y una fila de "
         "resultado por registro para auditar el lote (se guardan por tramos de 250, un commit por "
         "tramo); el ancla es un único INSERT de las mismas filas sin comprobar nada. Alrededor de "
         "0,6–1,3 ms por registro según la carga de la máquina.",
    "6": "un registro por la API envía 18 sentencias: token, usuario y oficina (3), client_uuid (1), "
         "oficina por código (1), días no laborables (1), plazo del tipo (1), ciudadano (2), contador "
         "de códigos (2, y su fila queda bloqueada hasta el commit, de modo que los registros de una "
         "misma oficina se serializan), caso y evento (2), y tras el commit 5 lecturas para armar la "
         "respuesta (caso, oficina, ciudadano, eventos, usuario). El ancla envía una. Llegar a 25 % "
         "pide, en los servicios de registro: armar la respuesta antes del commit (o "
         "expire_on_commit=False), un solo INSERT … ON CONFLICT DO UPDATE … RETURNING para el contador, "
         "usuario y oficina en una consulta, y plazos y calendario en memoria del proceso; con dos "
         "núcleos compartidos por wrk, gunicorn y PostgreSQL cada ida y vuelta cuesta 1–2 ms.",
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
