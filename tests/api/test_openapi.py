"""The OpenAPI document describes every API v1 route and is a valid OpenAPI 3 document."""

import re

from openapi_spec_validator import validate

from tests.factories import ticket_body


def test_openapi_document_is_public_and_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json)
    assert response.json["openapi"].startswith("3.")


def test_every_api_route_and_method_is_documented(app, client):
    documented = client.get("/api/v1/openapi.json").json["paths"]
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi":
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if method.lower() not in documented.get(path, {}):
                missing.append(f"{method} {path}")
    assert missing == []


def test_documented_ticket_fields_are_what_the_api_returns(api, client):
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Ticket"]
    body = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body()).json
    assert set(body) <= set(schema["properties"])
    assert set(schema["required"]) <= set(body)


def test_the_documented_name_lengths_are_the_real_limits(client):
    """Issue 12, finding 10: OpenAPI said 300 characters where the API allows 100."""
    from service_desk.domain.validation import LIMITS

    spec = client.get("/api/v1/openapi.json").get_json()
    body = spec["paths"]["/api/v1/tickets"]["post"]["requestBody"]["content"]["application/json"]
    citizen = body["schema"]["properties"]["citizen"]["properties"]
    names = ("first_name", "last_name", "email", "address")
    assert {f: citizen[f]["maxLength"] for f in names} == {f: LIMITS[f] for f in names}
