"""What staff do all day, over HTTP against hand-written anchors (issue 16).

(8) Text search in the queue: one office and national, open cases and every
status, against the same search written by hand on the best index (bare.py:
the GIN index of the search column on PostgreSQL, FTS5 on SQLite).
(9) The case page, the supervisor overview and the office queue over every
status (ten years of history), each against its bare SELECT.

Every row goes into the flatness comparison between the two scales (run.py).
"""

from __future__ import annotations

from sqlalchemy import text

from bench.measure import HttpClient, Measurement, latencies
from bench.serve import Server
from service_desk.extensions import db

SEARCH_WORD = "aplicativo"  # in the description of 7 % of cases (bench/profile.py, mi_juntos)
SEARCH_STEM = "aplicativo"  # what the anchor hands to to_tsquery / MATCH


def sample_codes(limit: int = 20) -> list[str]:
    """Codes of ordinary Lima cases, newest first, for the case page."""
    return list(db.session.scalars(text(
        "SELECT t.code FROM tickets t JOIN offices o ON o.id = t.office_id WHERE o.code = 'LIM' "
        "AND t.type <> 'denuncia' ORDER BY t.id DESC LIMIT :n"), {"n": limit}))


def user_reads(real: Server, bare: Server, scale: str, password: str, codes: list[str],
               requests: int) -> list[Measurement]:
    agent = HttpClient(real.url)
    agent.login("agente_lim", password)
    national = HttpClient(real.url)
    national.login("uci", password)
    supervisor = HttpClient(real.url)
    supervisor.login("supervisor_lim", password)
    anchor = HttpClient(bare.url)

    def row(number, name, client, path, anchor_path, how):
        return Measurement(number, name, scale, latencies(client, [path], requests),
                           latencies(anchor, [anchor_path], requests), 5.0 if number == "8" else 3.0,
                           how=how)

    search = f"/agente/bandeja?text={SEARCH_WORD}"
    hand = f"/search?q={SEARCH_STEM}"
    rows = [
        row("8", "Búsqueda de texto: oficina, abiertos", agent, search, hand + "&office=LIM&open=1",
            f"GET /agente/bandeja?text={SEARCH_WORD} (agente LIM; ordenada por pertinencia, "
            "ciudadano e insignias) vs la misma búsqueda escrita a mano sobre el mejor índice "
            "(25 más recientes)"),
        row("8", "Búsqueda de texto: oficina, todos los estados", agent, search + "&status=",
            hand + "&office=LIM", f"GET /agente/bandeja?text={SEARCH_WORD}&status= (agente LIM)"),
        row("8", "Búsqueda de texto: nacional, abiertos", national, search, hand + "&open=1",
            f"GET /agente/bandeja?text={SEARCH_WORD} (supervisor nacional)"),
        row("8", "Búsqueda de texto: nacional, todos los estados", national, search + "&status=", hand,
            f"GET /agente/bandeja?text={SEARCH_WORD}&status= (supervisor nacional; el caso del "
            "issue: 3,7 s antes)"),
        Measurement("9", "Página del caso", scale,
                    latencies(agent, [f"/agente/casos/{c}" for c in codes], requests),
                    latencies(anchor, [f"/case?code={c}" for c in codes], requests), 3.0,
                    how="GET /agente/casos/<código> (agente LIM: caso, ciudadano, historial, acciones, "
                        "registro de accesos) vs un SELECT del caso con su historial"),
        row("9", "Resumen del supervisor (todas las oficinas)", national, "/supervision/",
            "/overview", "GET /supervision/ (supervisor nacional: abiertos por oficina y estado de "
                         "plazo) vs un GROUP BY a mano"),
        row("9", "Bandeja de la oficina con todos los estados", agent, "/agente/bandeja?status=",
            "/queue-all?office=LIM", "GET /agente/bandeja?status= (agente LIM, diez años de "
                                     "historia a gran escala) vs SELECT a mano de 25 por vencimiento"),
    ]
    return rows
