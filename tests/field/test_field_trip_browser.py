"""The issue's "Done when" in Chromium: offline, pick a downloaded trip, capture in Quechua,
a 7-digit DNI refused on the spot, reconnect and sync; the trip's page shows both."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import Ticket
from service_desk.services import trips
from tests.factories import make_user
from tests.field.test_field_browser import sign_in

pytestmark = pytest.mark.browser


def capture(page, description: str, dni: str) -> None:
    page.get_by_label("Tipo", exact=True).select_option(label="Consulta")
    page.get_by_label("Tema").select_option(label="Pagos / abonos")
    page.get_by_label("Descripción").fill(description)
    page.get_by_label("Documento").select_option("DNI")
    page.get_by_label("Número").fill(dni)
    page.get_by_label("Nombres").fill("Teodora")
    page.get_by_label("Idioma del ciudadano").select_option(label="Quechua")
    page.get_by_role("button", name="Guardar en este equipo").click()


def test_offline_capture_on_a_downloaded_trip_in_quechua_reaches_the_trips_page(
        app, live_server, page, browser_context, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    make_user("itinerant", "CUS", "itinerante.cusco")
    today = clock.today_in_lima()
    trip = trips.create_trip(Actor(None, "national_supervisor", "SEDE"), {
        "office": "CUS", "ubigeo": "080102", "starts_on": (today - timedelta(days=1)).isoformat(),
        "ends_on": (today + timedelta(days=1)).isoformat(), "languages": ["qu", "es"],
        "staff": ["itinerante.cusco"]})
    sign_in(page, live_server, "itinerante.cusco")
    expect(page.locator("#campo[data-ready=true]")).to_be_attached()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    browser_context.set_offline(True)
    page.reload()  # the app opens offline, with the trips it downloaded
    expect(page.locator("#campo[data-ready=true]")).to_be_attached()
    expect(page.get_by_test_id("network-status")).to_contain_text("Sin conexión")
    # The district picker works offline: the office's districts were downloaded with the app.
    assert page.locator("#distritos option[value^='Ccorca (Cusco, Cusco)']").count() == 1
    page.get_by_label("Distrito del viaje").fill("Ccorca (Cusco, Cusco) · 080102")
    page.get_by_label("Distrito del viaje").dispatch_event("change")
    page.get_by_test_id("trip-picker").select_option(label=f"N.º {trip.id} · Ccorca (Cusco, Cusco) · "
                                                     f"{trip.starts_on:%d/%m} al {trip.ends_on:%d/%m/%Y}")
    capture(page, "Pregunta en quechua por el abono.", "41234567")
    expect(page.get_by_test_id("pending-count")).to_have_text("1")
    capture(page, "Consulta en quechua por Mi Juntos.", "4123456")  # seven digits
    expect(page.locator("[data-error-for='citizen.document_number']")).to_have_text(
        "El DNI debe tener exactamente 8 dígitos.")
    expect(page.get_by_test_id("pending-count")).to_have_text("1")  # refused on the spot
    page.get_by_label("Número").fill("42345678")
    page.get_by_role("button", name="Guardar en este equipo").click()
    expect(page.get_by_test_id("pending-count")).to_have_text("2")
    expect(page.get_by_test_id("pending-list")).to_contain_text(f"viaje N.º {trip.id}")
    assert db.session.scalar(select(Ticket.id)) is None

    browser_context.set_offline(False)
    page.get_by_role("button", name="Sincronizar").click()
    expect(page.get_by_test_id("sync-message")).to_contain_text("Enviadas: 2 nuevas")
    db.session.expire_all()
    saved = db.session.scalars(select(Ticket).order_by(Ticket.code)).all()
    assert [(t.trip_id, t.language, t.channel) for t in saved] == [(trip.id, "qu", "itinerante")] * 2

    page.goto(f"{live_server}/viajes/{trip.id}")
    expect(page.get_by_role("heading", name="Atenciones (2)")).to_be_visible()
    table = page.locator("#atenciones-viaje")
    expect(table.locator("tr.total td[data-language='qu']")).to_have_text("2")
    for ticket in saved:
        expect(page.locator("#casos-abiertos")).to_contain_text(ticket.code)
