"""Trip pages and the per-UT itinerant progress against the annex 8.1 target."""

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.services import itinerancy, trips
from service_desk.services.targets import save_targets
from service_desk.services.tickets import register_ticket
from tests.factories import ticket_body

SYSTEM = Actor(None, "national_supervisor", "SEDE")


def cusco_trip(**overrides):
    return trips.create_trip(SYSTEM, {"office": "CUS", "ubigeo": "080102", "starts_on": "2024-03-04",
                                      "ends_on": "2024-03-08", "languages": ["qu"], **overrides})


def attend(trip, day: str, **overrides):
    return register_ticket(SYSTEM, ticket_body(
        office="CUS", channel="itinerante", trip=trip.id, filed_at=f"{day}T10:00:00-05:00",
        **overrides)).ticket


def test_itinerant_attentions_are_counted_by_month_against_the_annual_target(app, frozen):
    frozen("2024-05-20T12:00:00-05:00")
    save_targets(Actor(None, "admin", "SEDE"), 2024, {("CUS", "itinerante"): 1200})
    march, april = cusco_trip(), cusco_trip(starts_on="2024-04-10", ends_on="2024-04-12")
    for day in ("2024-03-04", "2024-03-05", "2024-03-06"):
        attend(march, day)
    attend(april, "2024-04-11")
    register_ticket(SYSTEM, ticket_body(office="CUS", channel="presencial",
                                        filed_at="2024-04-11T10:00:00-05:00"))  # not itinerant
    report = itinerancy.itinerant_progress(SYSTEM, 2024, "CUS")
    [row] = report.rows
    assert row.months[:5] == [0, 0, 3, 1, 0]
    assert (row.actual, row.target, row.logro) == (4, 1200, 0.3)


def test_the_itinerant_page_shows_the_supervisors_office(app, frozen, client, login):
    frozen("2024-05-20T12:00:00-05:00")
    attend(cusco_trip(), "2024-03-05")
    login("supervisor", "CUS")
    page = client.get("/reportes/itinerante?year=2024").get_data(as_text=True)
    assert 'data-office="CUS"' in page and '<td class="actual">1</td>' in page
    assert client.get("/reportes/itinerante?year=2024&office=LIM").status_code == 403


def test_the_trip_page_shows_attentions_by_type_and_language_and_the_open_cases(
        app, frozen, client, login):
    frozen("2024-03-09T12:00:00-05:00")
    trip = cusco_trip()
    open_case = attend(trip, "2024-03-05", type="reclamo")
    attend(trip, "2024-03-06", type="consulta", language="es")
    closed = attend(trip, "2024-03-06", type="consulta")
    closed.status = "cerrado"
    db.session.commit()
    login("agent", "CUS")
    page = client.get(f"/viajes/{trip.id}").get_data(as_text=True)
    assert "Ccorca (Cusco, Cusco)" in page
    assert "Atenciones (3)" in page
    assert '<tr data-type="consulta"><th scope="row">Consulta</th>' in page
    assert open_case.code in page and closed.code not in page.split("Casos abiertos")[1]
    listing = client.get("/viajes/").get_data(as_text=True)
    assert f'data-trip="{trip.id}"' in listing


def test_a_trip_is_registered_from_its_page_and_errors_are_shown_in_spanish(app, client, login):
    planner = login("itinerant", "CUS")
    bad = client.post("/viajes/nuevo", data={"office": "CUS", "ubigeo": "150101",
                                              "starts_on": "2024-03-08", "ends_on": "2024-03-04"})
    assert bad.status_code == 422
    assert "anterior a la de inicio" in bad.get_data(as_text=True)
    good = client.post("/viajes/nuevo", data={
        "office": "CUS", "ubigeo": "080102", "starts_on": "2024-03-04", "ends_on": "2024-03-08",
        "staff": [planner.username], "languages": ["qu", "es"], "notes": "Ccorca alta"})
    assert good.status_code == 302
    [trip] = trips.list_trips(SYSTEM)
    assert ([u.username for u in trip.staff], trip.languages) == ([planner.username], ["qu", "es"])


def test_the_registration_form_offers_only_the_offices_districts(app, client, login):
    login("itinerant", "CUS")
    form = client.get("/viajes/nuevo").get_data(as_text=True)
    assert 'value="080102"' in form and 'value="150101"' not in form
