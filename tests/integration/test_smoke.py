from tests.factories import ticket_body


def test_agent_registers_reclamo_and_gets_code_and_due_date(api, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    agent = api("agent", "LIM")
    response = agent.post("/api/v1/tickets", json=ticket_body())
    assert response.status_code == 201, response.json
    assert response.json["code"] == "LIM-2024-000001"
    assert response.json["received_on"] == "2024-03-04"
    assert response.json["due_on"] == "2024-04-17"
