"""Itinerant trips through the API: register, scope, attentions carrying a trip, sync."""

import pytest
from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import Ticket
from tests.factories import make_user, ticket_body
from tests.field.helpers import field_record, sync

# Ccorca, province and department of Cusco.
CCORCA = "080102"


def trip_body(**overrides) -> dict:
    body = {"office": "CUS", "ubigeo": CCORCA, "starts_on": "2024-03-04", "ends_on": "2024-03-08",
            "languages": ["qu", "es"], "notes": "Comunidades altas de Ccorca."}
    body.update(overrides)
    return body


@pytest.fixture
def planner(api):
    return api("itinerant", "CUS", "itinerante.cusco")


def new_trip(planner, **overrides) -> dict:
    response = planner.post("/api/v1/trips", json=trip_body(**overrides))
    assert response.status_code == 201, response.json
    return response.json


def test_a_trip_is_registered_with_its_district_staff_and_languages(planner):
    make_user("itinerant", "CUS", "itinerante.dos")
    trip = new_trip(planner, staff=["itinerante.cusco", "itinerante.dos"])
    assert trip["district"] == {"ubigeo": CCORCA, "department": "Cusco", "province": "Cusco",
                                "district": "Ccorca"}
    assert (trip["office"], trip["starts_on"], trip["ends_on"]) == ("CUS", "2024-03-04", "2024-03-08")
    assert trip["staff"] == ["itinerante.cusco", "itinerante.dos"]
    assert trip["languages"] == ["qu", "es"]
    listed = planner.get("/api/v1/trips").json["items"]
    assert [t["id"] for t in listed] == [trip["id"]]


def test_a_bad_trip_gets_every_problem_at_once_and_nothing_is_saved(planner, api):
    make_user("itinerant", "PUN", "itinerante.puno")
    response = planner.post("/api/v1/trips", json=trip_body(
        ubigeo="150101", ends_on="2024-03-01", staff=["itinerante.puno", "nadie"],
        languages=["quechua"]))
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert set(fields) == {"ends_on", "languages"}  # the shape first; territory needs a valid shape
    response = planner.post("/api/v1/trips", json=trip_body(ubigeo="150101",
                                                            staff=["itinerante.puno", "nadie"]))
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert "ámbito de la oficina" in fields["ubigeo"]  # Lima is not Cusco's territory
    assert "itinerante.puno" in fields["staff"] and "nadie" in fields["staff"]
    assert planner.get("/api/v1/trips").json["items"] == []


def test_trips_are_scoped_to_the_office(planner, api):
    trip = new_trip(planner)
    lima = api("supervisor", "LIM")
    assert lima.get("/api/v1/trips").json["items"] == []
    assert lima.get(f"/api/v1/trips/{trip['id']}").status_code == 404
    assert lima.post("/api/v1/trips", json=trip_body()).status_code == 403
    national = api("national_supervisor")
    assert [t["id"] for t in national.get("/api/v1/trips").json["items"]] == [trip["id"]]


# Who may do what with trips (office-scoped users belong to CUS here, the trip's office).
TRIP_MATRIX = {
    "list trips":   {"agent": 200, "itinerant": 200, "supervisor": 200, "national_supervisor": 200,
                     "integrity": 403, "admin": 403},
    "create trip":  {"agent": 403, "itinerant": 201, "supervisor": 201, "national_supervisor": 201,
                     "integrity": 403, "admin": 403},
    "get trip":     {"agent": 200, "itinerant": 200, "supervisor": 200, "national_supervisor": 200,
                     "integrity": 403, "admin": 403},
}


@pytest.mark.parametrize("action", list(TRIP_MATRIX))
@pytest.mark.parametrize("role", ["agent", "itinerant", "supervisor", "national_supervisor",
                                  "integrity", "admin"])
def test_each_role_gets_the_expected_outcome_on_trips(api, planner, action, role):
    trip = new_trip(planner)
    client = api(role, "CUS" if role in ("agent", "itinerant", "supervisor") else None)
    response = {"list trips": lambda: client.get("/api/v1/trips"),
                "create trip": lambda: client.post("/api/v1/trips", json=trip_body()),
                "get trip": lambda: client.get(f"/api/v1/trips/{trip['id']}")}[action]()
    assert response.status_code == TRIP_MATRIX[action][role], response.json


def test_a_ticket_carries_its_trip_and_the_trip_lists_it(planner, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    trip = new_trip(planner)
    body = ticket_body(office="CUS", channel="itinerante", trip=trip["id"],
                       filed_at="2024-03-05T10:00:00-05:00", language="qu")
    created = planner.post("/api/v1/tickets", json=body)
    assert created.status_code == 201, created.json
    assert (created.json["trip"], created.json["language"]) == (trip["id"], "qu")
    listed = planner.get(f"/api/v1/tickets?trip={trip['id']}").json["items"]
    assert [t["code"] for t in listed] == [created.json["code"]]
    report = planner.get(f"/api/v1/trips/{trip['id']}").json["attentions"]
    assert report == {"total": 1, "by_type": {"reclamo": 1}, "by_language": {"qu": 1},
                      "open_cases": [created.json["code"]]}


@pytest.mark.parametrize(("overrides", "message"), [
    ({"filed_at": "2024-03-02T10:00:00-05:00"}, "fuera del viaje"),
    ({"office": "PUN"}, "otra oficina"),
    ({"channel": "presencial"}, "canal Itinerante"),
    ({"trip": 999999}, "No existe"),
])
def test_a_ticket_outside_its_trip_gets_a_clear_422_and_nothing_is_saved(
        planner, api, frozen, overrides, message):
    frozen("2024-03-06T18:00:00-05:00")
    trip = new_trip(planner)
    client = api("national_supervisor") if overrides.get("office") else planner
    body = ticket_body(**{"office": "CUS", "channel": "itinerante", "trip": trip["id"],
                          "filed_at": "2024-03-05T10:00:00-05:00", **overrides})
    response = client.post("/api/v1/tickets", json=body)
    assert response.status_code == 422, response.json
    assert message in response.json["error"]["fields"]["trip"]
    assert db.session.scalar(select(Ticket.id)) is None


def test_a_sync_batch_carries_the_trip_and_refuses_a_record_outside_it(planner, frozen):
    frozen("2024-03-09T18:00:00-05:00")
    trip = new_trip(planner)
    inside = field_record(trip=trip["id"], filed_at="2024-03-07T09:00:00-05:00", language="qu")
    outside = field_record(trip=trip["id"], filed_at="2024-03-09T09:00:00-05:00")
    results = sync(planner, [inside, outside])["results"]
    assert [r["status"] for r in results] == ["created", "rejected"]
    assert "fuera del viaje" in results[1]["errors"]["trip"]
    saved = db.session.scalar(select(Ticket).where(Ticket.code == results[0]["code"]))
    assert (saved.trip_id, saved.language) == (trip["id"], "qu")
