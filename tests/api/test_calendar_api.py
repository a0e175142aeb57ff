"""Calendar endpoints: due dates and non-working days, with re-dating of open tickets."""

from tests.factories import ticket_body


def test_due_date_endpoint_follows_the_legal_clock(api):
    agent = api("agent", "LIM")
    body = agent.get("/api/v1/calendar/due-date?from=2024-12-21&days=30").json
    assert body == {"received_on": "2024-12-26", "due_on": "2025-02-11"}
    lima = agent.get("/api/v1/calendar/due-date?from=2024-11-13&days=1&office=LIM").json
    cusco = agent.get("/api/v1/calendar/due-date?from=2024-11-13&days=1&office=CUS").json
    assert (lima["due_on"], cusco["due_on"]) == ("2024-11-18", "2024-11-14")


def test_due_date_endpoint_rejects_bad_input_with_field_errors(api):
    agent = api("agent", "LIM")
    for query, field in (("", "from"), ("from=2024-13-01", "from"), ("from=2024-03-04&days=x", "days"),
                         ("from=2024-03-04&office=NOPE", "office")):
        response = agent.get(f"/api/v1/calendar/due-date?{query}")
        assert response.status_code == 422, query
        assert field in response.json["error"]["fields"]


def test_non_working_days_list_includes_the_seeded_decrees(api):
    items = api("agent", "LIM").get("/api/v1/calendar/non-working-days?year=2024").json["items"]
    assert any(i["date"] == "2024-12-23" and i["office"] is None and "011-2024-PCM" in i["reason"]
               for i in items)
    assert any(i["date"] == "2024-11-14" and i["office"] == "LIM" for i in items)


def test_only_admin_declares_non_working_days(api):
    body = {"date": "2024-03-15", "offices": None, "reason": "DS 999-2024-PCM"}
    for role in ("agent", "supervisor", "national_supervisor", "integrity"):
        assert api(role).post("/api/v1/calendar/non-working-days", json=body).status_code == 403


def test_declaring_a_national_day_redates_open_tickets_but_not_closed_ones(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    agent = api("agent", "LIM")
    open_code = agent.post("/api/v1/tickets", json=ticket_body()).json["code"]
    closed_code = agent.post("/api/v1/tickets", json=ticket_body()).json["code"]
    agent.post(f"/api/v1/tickets/{closed_code}/close", json={"response": "Atendido."})
    admin = api("admin")
    response = admin.post("/api/v1/calendar/non-working-days",
                          json={"date": "2024-03-15", "offices": None, "reason": "DS 999-2024-PCM"})
    assert response.status_code == 201
    assert response.json["redated_tickets"] == 1
    moved = agent.get(f"/api/v1/tickets/{open_code}").json
    assert moved["due_on"] == "2024-04-18"
    assert moved["events"][-1]["kind"] == "redated"
    assert moved["events"][-1]["changes"]["due_on"] == ["2024-04-17", "2024-04-18"]
    assert agent.get(f"/api/v1/tickets/{closed_code}").json["due_on"] == "2024-04-17"


def test_a_regional_day_redates_only_tickets_of_that_office(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    lima = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body()).json["code"]
    cusco = api("agent", "CUS").post("/api/v1/tickets", json=ticket_body(office="CUS")).json["code"]
    response = api("admin").post("/api/v1/calendar/non-working-days",
                                 json={"date": "2024-03-15", "offices": ["CUS"], "reason": "DS regional"})
    assert response.json["redated_tickets"] == 1
    national = api("national_supervisor")
    assert national.get(f"/api/v1/tickets/{lima}").json["due_on"] == "2024-04-17"
    assert national.get(f"/api/v1/tickets/{cusco}").json["due_on"] == "2024-04-18"


def test_a_day_declared_on_the_reception_day_moves_reception_too(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    code = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body()).json["code"]
    api("admin").post("/api/v1/calendar/non-working-days",
                      json={"date": "2024-03-04", "offices": None, "reason": "DS 998-2024-PCM"})
    ticket = api("national_supervisor").get(f"/api/v1/tickets/{code}").json
    assert (ticket["received_on"], ticket["due_on"]) == ("2024-03-05", "2024-04-18")


def test_bad_non_working_day_bodies_are_field_errors(api):
    admin = api("admin")
    cases = [({"offices": None, "reason": "DS"}, "date"),
             ({"date": "15/03/2024", "reason": "DS"}, "date"),
             ({"date": "2024-03-15", "offices": ["NOPE"], "reason": "DS"}, "offices"),
             ({"date": "2024-03-15", "offices": "LIM", "reason": "DS"}, "offices"),
             ({"date": "2024-03-15", "offices": None, "reason": ""}, "reason")]
    for body, field in cases:
        response = admin.post("/api/v1/calendar/non-working-days", json=body)
        assert response.status_code == 422, body
        assert field in response.json["error"]["fields"]


def test_non_text_reason_is_a_field_error_not_a_crash(api):
    response = api("admin").post("/api/v1/calendar/non-working-days",
                                 json={"date": "2024-03-15", "offices": None, "reason": ["DS"]})
    assert response.status_code == 422 and "reason" in response.json["error"]["fields"]
