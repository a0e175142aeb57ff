"""Text search in the queues: words without accents, name and document prefixes, codes,
ranking, office scoping and sealed denuncias. Runs on SQLite (FTS5) and, with
TEST_DATABASE_URL, on PostgreSQL (tsvector + pg_trgm)."""

from __future__ import annotations

import re

from service_desk.extensions import db
from service_desk.models import Citizen
from service_desk.services import queues, search


def codes_found(client, query: str, path: str = "/agente/bandeja") -> list[str]:
    """Codes listed, in page order, for a search over every status."""
    response = client.get(path, query_string={"text": query, "status": ""})
    assert response.status_code == 200
    return re.findall(r'href="/agente/casos/([A-Z]+-\d{4}-\d{6})"', response.get_data(as_text=True))


def test_a_word_is_found_without_accents_or_case(client, login, case):
    app_case = case(description="No puede ingresar al aplicativo Mi Juntos; pidió información.")
    other = case(description="Cambio de titular del hogar.", citizen={"document_number": "40000002"})
    login("agent", "LIM")
    assert codes_found(client, "APLICATIVO") == [app_case.code]
    assert codes_found(client, "informacion") == [app_case.code]
    assert codes_found(client, "titular") == [other.code]
    assert codes_found(client, "ingresar titular") == []  # every word must match


def test_partial_names_documents_and_codes_find_the_case(client, login, case):
    huaman = case(citizen={"document_number": "45127788", "first_name": "Rosa", "last_name": "Huamán"})
    mamani = case(citizen={"document_number": "41110000", "first_name": "Julia", "last_name": "Mamani"})
    login("agent", "LIM")
    assert codes_found(client, "huam") == [huaman.code]
    assert codes_found(client, "ROSA huaman") == [huaman.code]
    assert codes_found(client, "45127788") == [huaman.code]
    assert codes_found(client, "4512") == [huaman.code]
    assert codes_found(client, mamani.code) == [mamani.code]
    assert codes_found(client, mamani.code.lower()) == [mamani.code]
    fragment = mamani.code[6:13]  # "26-0000…": the end of the year and the start of the number
    assert mamani.code in codes_found(client, fragment)


def test_closed_history_is_reached_through_search(client, login, case, api):
    old = case(description="Reclamo por abono retenido en 2019.",
               citizen={"document_number": "42222222"})
    supervisor = api("supervisor", "LIM")
    closed = supervisor.post(f"/api/v1/tickets/{old.code}/close", json={"response": "Se pagó."})
    assert closed.status_code == 200, closed.get_json()
    login("agent", "LIM")
    assert codes_found(client, "retenido") == [old.code]
    open_only = client.get("/agente/bandeja", query_string={"text": "retenido"}).get_data(as_text=True)
    assert old.code not in open_only  # the default queue (open cases) still filters by status


def test_a_match_in_the_name_ranks_above_one_in_the_description(client, login, case):
    in_text = case(description="Trámite pedido por la señora Condori en ventanilla.",
                   citizen={"document_number": "43333333", "last_name": "Flores"})
    in_name = case(description="Cambio de titular.",
                   citizen={"document_number": "44444444", "last_name": "Condori"})
    login("agent", "LIM")
    assert codes_found(client, "condori") == [in_name.code, in_text.code]


def test_search_stays_inside_the_agents_office(client, login, case):
    lima = case(office="LIM", description="Pago pendiente de Lima.",
                citizen={"document_number": "45555555"})
    cusco = case(office="CUS", description="Pago pendiente de Cusco.",
                 citizen={"document_number": "46666666"})
    login("agent", "CUS")
    assert codes_found(client, "pendiente") == [cusco.code]
    assert codes_found(client, lima.code) == []
    assert codes_found(client, "45555555") == []


def test_denuncias_are_never_matched_outside_integrity(client, login, case):
    denuncia = case(type="denuncia", description="Cobro indebido del gestor local Zapata.",
                    citizen={"document_number": "47777777", "last_name": "Ticona"})
    reclamo = case(description="Reclamo por cobro indebido.", citizen={"document_number": "48888888"})
    login("national_supervisor")
    assert codes_found(client, "indebido") == [reclamo.code]
    assert codes_found(client, "Zapata") == []
    assert codes_found(client, "Ticona") == []
    assert codes_found(client, "47777777") == []
    assert codes_found(client, denuncia.code) == []


def test_the_complainants_words_are_not_indexed_even_for_integrity(client, login, case):
    denuncia = case(type="denuncia", description="Cobro indebido del gestor local Zapata.",
                    citizen={"document_number": "47777777", "last_name": "Ticona"})
    login("integrity")
    assert codes_found(client, denuncia.code) == [denuncia.code]  # integrity finds it by code
    assert codes_found(client, "Zapata") == []  # sealed: the clear text is not in the index
    assert codes_found(client, "Ticona") == []


def test_a_citizens_new_name_is_searchable_on_their_earlier_cases(app, client, login, case):
    earlier = case(citizen={"document_number": "49999999", "last_name": "Quispe"})
    citizen = db.session.get(Citizen, earlier.citizen_id)
    citizen.last_name = "Pariona"
    db.session.commit()
    login("agent", "LIM")
    assert codes_found(client, "pariona") == [earlier.code]
    assert codes_found(client, "49999999") == [earlier.code]


def test_the_supervisor_queue_counts_only_matching_cases(client, login, case):
    case(description="Suspensión del abono sin aviso.", citizen={"document_number": "40000011"})
    case(description="Cambio de titular.", citizen={"document_number": "40000012"})
    login("supervisor", "LIM")
    body = client.get("/supervision/cola", query_string={"text": "suspension"}).get_data(as_text=True)
    assert "1 caso" in body


def test_broad_searches_and_long_queues_say_there_are_more(client, login, case, monkeypatch):
    for n in range(4):
        case(description=f"Consulta número {n} sobre el abono.",
             citizen={"document_number": f"4100000{n}"})
    monkeypatch.setattr(search, "SEARCH_LIMIT", 2)
    monkeypatch.setattr(queues, "COUNT_LIMIT", 2)
    login("agent", "LIM")
    searched = client.get("/agente/bandeja", query_string={"text": "abono"}).get_data(as_text=True)
    assert "Más de 2 casos coinciden" in searched
    listed = client.get("/agente/bandeja", query_string={"status": ""}).get_data(as_text=True)
    assert "Más de 2 casos" in listed


def test_a_query_without_words_finds_nothing(client, login, case):
    case()
    login("agent", "LIM")
    assert codes_found(client, "-- %% __") == []


def test_hostile_search_text_is_harmless(client, login, case):
    found = case(description="Consulta sobre el abono.")
    login("agent", "LIM")
    assert codes_found(client, "¿abono?") == [found.code]
    assert codes_found(client, "24-%_") == []
    for raw in ("text=abono%00", "text=ab%ED%A0%80ono"):  # NUL, invalid UTF-8: refused, never a 5xx
        assert client.get("/agente/bandeja?status=&" + raw).status_code in (200, 400)
    assert search.match("abono\x00 \ud800") is not None  # the service itself drops them too


def test_the_api_list_searches_ranks_and_says_when_the_total_is_capped(api, case, monkeypatch):
    from service_desk.services import tickets as ticket_service

    first = case(description="Reclamo por el aplicativo.", citizen={"document_number": "40000021"})
    case(description="Cambio de titular.", citizen={"document_number": "40000022"})
    agent = api("agent", "LIM")
    body = agent.get("/api/v1/tickets?text=APLICATIVO").get_json()
    assert [t["code"] for t in body["items"]] == [first.code]
    assert body["total"] == 1 and body["total_capped"] is False
    monkeypatch.setattr(ticket_service, "LIST_COUNT_LIMIT", 1)
    body = agent.get("/api/v1/tickets?per_page=1").get_json()
    assert body["total"] == 1 and body["total_capped"] is True and len(body["items"]) == 1
    refused = agent.get("/api/v1/tickets?text=" + "x" * 101)
    assert refused.status_code == 422 and "text" in refused.get_json()["error"]["fields"]


def test_older_cases_are_found_beyond_the_recent_window(client, login, case, monkeypatch):
    oldest = case(description="Reclamo por descuento indebido.", citizen={"document_number": "40000031"})
    middle = case(description="Consulta por el descuento.", citizen={"document_number": "40000032"})
    newest = case(description="Cambio de titular.", citizen={"document_number": "40000033"})
    monkeypatch.setattr(search, "RECENT_WINDOW", 1)  # only the newest case is "recent"
    login("agent", "LIM")
    assert codes_found(client, "indebido") == [oldest.code]
    assert codes_found(client, "descuento") == [middle.code, oldest.code]  # newest first on a tie
    assert codes_found(client, "titular") == [newest.code]
