"""The language of the attention: on every ticket, in the API, filters, pages and the report."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from service_desk.domain.access import Actor
from service_desk.domain.indicators import parse_period
from service_desk.extensions import db
from service_desk.models import Ticket
from service_desk.services import itinerancy
from service_desk.services.tickets import register_ticket
from tests.factories import ticket_body
from tests.field.helpers import field_record, sync

SYSTEM = Actor(None, "national_supervisor", "SEDE")


def test_the_attention_language_defaults_to_the_citizens_stated_language(api):
    body = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body()).json  # citizen says qu
    assert body["language"] == "qu"


def test_a_stated_attention_language_wins_over_the_citizens_preference(api):
    body = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body(language="ay")).json
    assert (body["language"], body["citizen"]["language"]) == ("ay", "qu")


def test_without_any_language_the_stored_preference_of_a_known_citizen_is_used(api):
    agent = api("agent", "LIM")
    agent.post("/api/v1/tickets", json=ticket_body())  # the citizen is saved speaking quechua
    again = agent.post("/api/v1/tickets", json=ticket_body(citizen={"language": None})).json
    assert (again["language"], again["citizen"]["language"]) == ("qu", "qu")


def test_a_new_citizen_without_language_is_attended_in_castellano(api):
    body = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body(
        citizen={"language": None, "document_number": "44556677"})).json
    assert body["language"] == "es"


def test_a_sealed_denuncia_takes_its_language_from_the_body_or_castellano(api):
    integrity = api("integrity")
    stated = integrity.post("/api/v1/tickets", json=ticket_body(type="denuncia", language="qu")).json
    anonymous = {**ticket_body(type="denuncia"), "citizen": None}
    bare = integrity.post("/api/v1/tickets", json=anonymous).json
    languages = dict(db.session.execute(select(Ticket.code, Ticket.language)).all())
    assert (languages[stated["code"]], languages[bare["code"]]) == ("qu", "es")


def test_a_bad_language_code_gets_a_422_on_the_field(api):
    response = api("agent", "LIM").post("/api/v1/tickets", json=ticket_body(language="Quechua"))
    assert response.status_code == 422
    assert "ISO 639" in response.json["error"]["fields"]["language"]


def test_the_ticket_list_filters_by_language(api):
    agent = api("agent", "LIM")
    quechua = agent.post("/api/v1/tickets", json=ticket_body()).json["code"]
    agent.post("/api/v1/tickets", json=ticket_body(language="es"))
    listed = agent.get("/api/v1/tickets?language=qu").json["items"]
    assert [t["code"] for t in listed] == [quechua]
    assert agent.get("/api/v1/tickets?language=QU!").status_code == 422


def test_synced_records_carry_their_language(api, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    results = sync(api("itinerant", "CUS"), [field_record(language="cni"), field_record()])["results"]
    saved = dict(db.session.execute(select(Ticket.code, Ticket.language)).all())
    assert [saved[r["code"]] for r in results] == ["cni", "qu"]


@pytest.fixture
def spread(app, frozen):
    """Lima: 2 in quechua, 1 in castellano, 1 annulled quechua; Cusco: 1 aimara, 1 in 'ash'."""
    frozen("2024-03-06T12:00:00-05:00")
    for office, language in [("LIM", "qu"), ("LIM", "qu"), ("LIM", "es"), ("CUS", "ay"),
                             ("CUS", "ash")]:
        register_ticket(SYSTEM, ticket_body(office=office, language=language))
    annulled = register_ticket(SYSTEM, ticket_body(office="LIM", language="qu")).ticket
    annulled.status = "anulado"
    register_ticket(Actor(None, "integrity", "SEDE"), ticket_body(type="denuncia", language="qu"))
    db.session.commit()


def test_the_report_counts_attentions_in_lenguas_originarias_per_office(spread):
    report = itinerancy.native_language_report(SYSTEM, parse_period("2024-T1"))
    rows = {r.office: r for r in report.rows}
    assert (rows["LIM"].counts["qu"], rows["LIM"].native, rows["LIM"].total) == (2, 2, 3)
    assert (rows["CUS"].counts["ay"], rows["CUS"].counts["otro"], rows["CUS"].native) == (1, 1, 2)
    assert rows["LIM"].share == 66.7
    assert (report.total.native, report.total.total) == (4, 5)
    empty = itinerancy.native_language_report(SYSTEM, parse_period("2024-T2"))
    assert empty.rows == [] and empty.total.total == 0


def test_the_report_page_is_scoped_to_the_supervisors_office_and_exports(spread, client, login):
    login("supervisor", "CUS")
    page = client.get("/reportes/lenguas?period=2024-T1").get_data(as_text=True)
    assert 'data-office="CUS"' in page and 'data-office="LIM"' not in page
    assert client.get("/reportes/lenguas?period=2024-T1&office=LIM").status_code == 403
    export = client.get("/reportes/lenguas.xlsx?period=2024-T1")
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.data)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert ["CUS", "Cusco", 0, 1, 0, 0, 0, 1, 2, 2, 100.0] in rows



def test_the_queue_export_carries_the_language_of_each_attention(app, api):
    from service_desk.services.queue_export import COLUMNS, export_rows
    from service_desk.services.queues import QueueFilters

    agent = api("agent", "LIM")
    agent.post("/api/v1/tickets", json=ticket_body())
    agent.post("/api/v1/tickets", json=ticket_body(language="es"))
    rows = list(export_rows(SYSTEM, QueueFilters(status=None)))
    column = COLUMNS.index("Idioma de la atención")
    assert sorted(r[column] for r in rows) == ["Castellano", "Quechua"]
