"""Hand-made hostile input that used to end in a 500 (issue 12, findings 2 and 3).

Each request here answers a 4xx with a stable code and saves nothing. On PostgreSQL a NUL
byte reached the database and failed there; a lone surrogate failed UTF-8 encoding on any
database; deep JSON blew the recursion limit; absurd dates left the calendar's years.
"""

from __future__ import annotations

import json

from service_desk.models import Citizen, SyncBatch, Ticket
from tests.factories import ticket_body
from tests.field.helpers import count, field_record, sync

NUL = "\u0000"
SURROGATE = "\ud800"


def _raw_json(api_client, path: str, text: str):
    """POST a body written by hand: json.dumps would refuse nothing, but the test client's
    encoder would choke on a lone surrogate before the app saw it."""
    return api_client.client.post(path, data=text.encode("utf-8", "surrogatepass"),
                                  content_type="application/json",
                                  headers={"Authorization": f"Bearer {api_client.token}"})


def test_a_nul_byte_in_a_description_is_refused_and_nothing_is_saved(api):
    agent = api("agent", "LIM")
    response = agent.post("/api/v1/tickets", json=ticket_body(description=f"abono{NUL}perdido"))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_text"
    assert (count(Ticket), count(Citizen)) == (0, 0)


def test_a_nul_byte_in_a_nested_citizen_name_is_refused(api):
    agent = api("agent", "LIM")
    response = agent.post("/api/v1/tickets", json=ticket_body(citizen={"first_name": f"Ro{NUL}sa"}))
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {"first_name": response.get_json()["error"]
                                                      ["fields"]["first_name"]}
    assert count(Ticket) == 0


def test_a_lone_surrogate_in_a_json_body_is_refused(api):
    agent = api("agent", "LIM")
    body = json.dumps(ticket_body(description="X")).replace('"X"', '"\\ud800"')
    response = _raw_json(agent, "/api/v1/tickets", body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_text"
    assert count(Ticket) == 0


def test_a_nul_byte_in_a_query_parameter_or_a_path_part_is_refused(api):
    agent = api("agent", "LIM")
    for path in ("/api/v1/tickets?text=%00", "/api/v1/tickets?status=%00",
                 "/api/v1/tickets/LIM-2024%00", "/api/v1/calendar/due-date?from=2024-03-04%00"):
        response = agent.get(path)
        assert response.status_code == 400, path
        assert response.get_json()["error"]["code"] == "invalid_text"


def test_a_nul_byte_in_a_page_form_is_refused_with_a_spanish_page(login, client):
    login("agent", "LIM")
    form = {"type": "consulta", "channel": "presencial", "office": "LIM", "subject": "pagos",
            "description": f"Pregunta{NUL}", "document_type": "DNI", "document_number": "12345678"}
    response = client.post("/agente/registrar", data=form)
    assert response.status_code == 400
    assert "caracteres no permitidos" in response.get_data(as_text=True)
    assert count(Ticket) == 0


def test_json_nested_a_thousand_deep_is_refused_not_a_recursion_error(api):
    agent = api("agent", "LIM")
    response = _raw_json(agent, "/api/v1/tickets", "[" * 1000 + "]" * 1000)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    response = _raw_json(agent, "/api/v1/tickets", '{"a":' * 50 + "1" + "}" * 50)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


def test_a_body_over_ten_mebibytes_is_refused_with_413_on_the_api(api):
    agent = api("agent", "LIM")
    body = ticket_body(description="x" * (10 * 1024 * 1024 + 1))
    response = agent.post("/api/v1/tickets", json=body)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert count(Ticket) == 0


def test_huge_and_non_finite_numbers_in_json_are_refused(api):
    agent = api("agent", "LIM")
    response = _raw_json(agent, "/api/v1/tickets", '{"type": 1' + "0" * 30 + "}")
    assert response.status_code == 400
    response = _raw_json(agent, "/api/v1/tickets", '{"type": NaN}')
    assert response.status_code == 400


def test_a_filed_at_in_year_one_is_a_field_error(api):
    agent = api("national_supervisor")
    response = agent.post("/api/v1/tickets", json=ticket_body(filed_at="0001-01-01T00:00:00+00:00"))
    assert response.status_code == 422
    assert "2000 y 2080" in response.get_json()["error"]["fields"]["filed_at"]
    assert count(Ticket) == 0


def test_a_due_date_from_the_last_day_of_year_9999_is_a_field_error(api):
    agent = api("agent", "LIM")
    response = agent.get("/api/v1/calendar/due-date?from=9999-12-31&days=365")
    assert response.status_code == 422
    assert "2000 y 2080" in response.get_json()["error"]["fields"]["from"]
    response = agent.get("/api/v1/calendar/due-date?from=1999-12-31&days=1")
    assert response.status_code == 422


def test_twenty_digit_ids_and_years_in_admin_pages_are_not_found_or_ignored(login, client):
    login("admin")
    assert client.get("/admin/usuarios/99999999999999999999").status_code == 404
    assert client.post("/admin/usuarios/99999999999999999999/clave").status_code == 404
    assert client.get("/admin/dias-no-laborables?anio=99999999999999999999").status_code == 200
    assert client.get("/admin/dias-no-laborables?anio=-5").status_code == 200
    response = client.post("/admin/dias-no-laborables", data={"day": "0001-01-01"})
    assert response.status_code == 422
    assert "2000 y 2080" in response.get_data(as_text=True)


def test_cr_lf_in_the_next_parameter_at_login_does_not_reach_the_location_header(user, client):
    person = user("agent", "LIM")
    from tests.factories import PASSWORD

    for target in ("/agente/%0d%0aSet-Cookie:%20x=1", "/%5cevil.example", "/agente%09"):
        response = client.post(f"/login?next={target}",
                               data={"username": person.username, "password": PASSWORD})
        assert response.status_code == 302, target
        assert "\r" not in response.headers["Location"] and "\n" not in response.headers["Location"]
        assert "evil" not in response.headers["Location"]
        client.post("/logout")


def test_a_nul_in_one_field_record_rejects_that_record_alone_and_resending_works(api, frozen):
    frozen("2024-03-04T12:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    records = [field_record(), field_record(description=f"mal{NUL}"), field_record(),
               field_record(client_uuid=f"x{NUL}")]
    first = sync(itinerant, records)
    assert [r["status"] for r in first["results"]] == ["created", "rejected", "created", "rejected"]
    assert "description" in first["results"][1]["errors"]
    assert count(Ticket) == 2
    again = sync(itinerant, records)
    assert [r["status"] for r in again["results"]] == ["duplicate", "rejected", "duplicate",
                                                       "rejected"]
    assert count(Ticket) == 2
    assert count(SyncBatch) == 2


def test_a_lone_surrogate_in_one_field_record_rejects_that_record_alone(api, frozen):
    frozen("2024-03-04T12:00:00-05:00")
    itinerant = api("itinerant", "CUS")
    good, bad = field_record(), field_record(description="Y")
    body = json.dumps({"device_id": "t1", "records": [good, bad]}).replace('"Y"', '"\\udfff"')
    response = _raw_json(itinerant, "/api/v1/sync/batches", body)
    assert response.status_code == 200
    assert [r["status"] for r in response.get_json()["results"]] == ["created", "rejected"]


def test_the_favicon_is_served_where_browsers_look_for_it(client):
    """Issue 12, finding 10: /favicon.ico was a 404 on every page load."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    response.close()


def test_url_for_keywords_in_a_queue_query_string_do_not_break_the_page(client, login):
    """Found by the hostile-input suite: `?formato=` (or `?_scheme=`) on the queue gave a 500."""
    login("supervisor", "LIM")
    for query in ("formato=x", "_scheme=https", "_external=1&page=2", "sort=code&_anchor=x"):
        assert client.get(f"/supervision/cola?{query}").status_code == 200, query
