"""Every API v1 action times every role: allowed, forbidden (403) or invisible (404)."""

import pytest

from service_desk.domain.access import Actor
from service_desk.services.tickets import register_ticket
from tests.factories import ticket_body

ROLES = ["agent", "itinerant", "supervisor", "national_supervisor", "integrity", "admin"]

# action -> expected status per role, in ROLES order. Office-scoped users belong to LIM.
MATRIX = {
    "list offices":            [200, 200, 200, 200, 200, 200],
    "list tickets":            [200, 200, 200, 200, 200, 200],
    "due date":                [200, 200, 200, 200, 200, 200],
    "get own-office ticket":   [200, 200, 200, 200, 404, 200],
    "get other-office ticket": [404, 404, 404, 200, 404, 200],
    "get denuncia":            [404, 404, 404, 404, 200, 404],
    "create in own office":    [201, 201, 201, 201, 403, 201],
    "create in other office":  [403, 403, 403, 201, 403, 201],
    "close own-office ticket": [200, 200, 200, 200, 404, 403],
    "close other-office":      [404, 404, 404, 200, 404, 403],
    "close denuncia":          [404, 404, 404, 404, 200, 404],
    "annul own-office ticket": [403, 403, 200, 200, 404, 403],
    "declare non-working day": [403, 403, 403, 403, 403, 201],
    "reclassify own-office":   [200, 403, 200, 200, 404, 403],
    "reclassify other-office": [404, 404, 404, 200, 404, 403],
    "reclassify denuncia":     [404, 404, 404, 404, 200, 404],
}


@pytest.fixture
def tickets(app):
    system = Actor(id=None, role="national_supervisor", office="SEDE")
    integrity = Actor(id=None, role="integrity", office="SEDE")
    return {
        "LIM": register_ticket(system, ticket_body(office="LIM")).ticket.code,
        "CUS": register_ticket(system, ticket_body(office="CUS")).ticket.code,
        "DEN": register_ticket(integrity, ticket_body(type="denuncia")).ticket.code,
    }


def perform(client, action: str, codes: dict):
    close = {"response": "Atendido conforme."}
    triage = {"subject": "afiliacion", "reason": "El tema era afiliación."}
    requests = {
        "list offices": ("get", "/api/v1/offices", None),
        "list tickets": ("get", "/api/v1/tickets", None),
        "due date": ("get", "/api/v1/calendar/due-date?from=2024-03-04", None),
        "get own-office ticket": ("get", f"/api/v1/tickets/{codes['LIM']}", None),
        "get other-office ticket": ("get", f"/api/v1/tickets/{codes['CUS']}", None),
        "get denuncia": ("get", f"/api/v1/tickets/{codes['DEN']}", None),
        "create in own office": ("post", "/api/v1/tickets", ticket_body(office="LIM")),
        "create in other office": ("post", "/api/v1/tickets", ticket_body(office="CUS")),
        "close own-office ticket": ("post", f"/api/v1/tickets/{codes['LIM']}/close", close),
        "close other-office": ("post", f"/api/v1/tickets/{codes['CUS']}/close", close),
        "close denuncia": ("post", f"/api/v1/tickets/{codes['DEN']}/close", close),
        "annul own-office ticket": ("post", f"/api/v1/tickets/{codes['LIM']}/annul",
                                    {"reason": "Registro duplicado."}),
        "declare non-working day": ("post", "/api/v1/calendar/non-working-days",
                                    {"date": "2030-03-15", "offices": None, "reason": "DS prueba"}),
        "reclassify own-office": ("post", f"/api/v1/tickets/{codes['LIM']}/reclassify", triage),
        "reclassify other-office": ("post", f"/api/v1/tickets/{codes['CUS']}/reclassify", triage),
        "reclassify denuncia": ("post", f"/api/v1/tickets/{codes['DEN']}/reclassify", triage),
    }
    method, path, body = requests[action]
    return client.get(path) if method == "get" else client.post(path, json=body)


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_role_gets_the_expected_outcome(api, tickets, action, role_index):
    role = ROLES[role_index]
    response = perform(api(role, "LIM" if role in ("agent", "itinerant", "supervisor") else None),
                       action, tickets)
    assert response.status_code == MATRIX[action][role_index], response.json
    if response.status_code >= 400:
        assert response.json["error"]["code"] in ("forbidden", "not_found")


def test_every_api_route_is_covered_by_the_matrix(app):
    """A new API route must get a row in MATRIX (or a matrix of its own module)."""
    from tests.api.route_coverage import uncovered_api_routes

    assert uncovered_api_routes(app) == []
