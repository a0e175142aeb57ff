"""The field-capture app in Chromium: capture offline, survive a reload, sync when back online."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import Ticket
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login?next=/campo/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()


def capture(page, description: str, dni: str, language: str, kind: str = "Consulta") -> None:
    page.get_by_label("Tipo").select_option(label=kind)
    page.get_by_label("Tema").select_option(label="Pagos / abonos")
    page.get_by_label("Descripción").fill(description)
    page.get_by_label("Documento").select_option("DNI")
    page.get_by_label("Número").fill(dni)
    page.get_by_label("Nombres").fill("Rosa")
    page.get_by_label("Idioma del ciudadano").select_option(label=language)
    page.get_by_role("button", name="Guardar en este equipo").click()


def test_attentions_captured_offline_survive_a_reload_and_sync_with_codes(
        app, live_server, page, browser_context, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # the browser flow works with CSRF on
    make_user("itinerant", "CUS", "itinerante.cusco")
    sign_in(page, live_server, "itinerante.cusco")
    expect(page).to_have_url(f"{live_server}/campo/")
    expect(page.locator("#campo[data-ready=true]")).to_be_attached()
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    browser_context.set_offline(True)
    expect(page.get_by_test_id("network-status")).to_contain_text("Sin conexión")
    capture(page, "Pregunta por la fecha de cobro.", "41234567", "Quechua")
    capture(page, "No recibió el abono de marzo.", "42345678", "Asháninka", kind="Reclamo")
    expect(page.get_by_test_id("pending-count")).to_have_text("2")
    expect(page.get_by_role("button", name="Sincronizar")).to_be_disabled()

    page.reload()
    expect(page.get_by_role("heading", name="Captura de campo")).to_be_visible()
    pending = page.get_by_test_id("pending-list")
    expect(pending).to_contain_text("Pregunta por la fecha de cobro.")
    expect(pending).to_contain_text("No recibió el abono de marzo.")
    expect(pending).to_contain_text("Asháninka")
    assert db.session.scalar(select(Ticket.id)) is None

    browser_context.set_offline(False)
    page.get_by_role("button", name="Sincronizar").click()
    expect(page.get_by_test_id("sync-message")).to_contain_text("Enviadas: 2 nuevas")
    sent = page.get_by_test_id("sent-list")
    expect(sent).to_contain_text(re.compile(r"CUS-\d{4}-000001"))
    expect(sent).to_contain_text(re.compile(r"CUS-\d{4}-000002"))
    expect(page.get_by_test_id("pending-count")).to_have_text("0")
    db.session.expire_all()
    languages = db.session.scalars(select(Ticket).order_by(Ticket.code)).all()
    assert [t.citizen.language for t in languages] == ["qu", "cni"]


def test_a_rejected_attention_shows_its_errors_is_corrected_and_sent_and_a_discarded_one_never_is(
        app, live_server, page, browser_context, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    make_user("itinerant", "CUS", "itinerante.cusco")
    sign_in(page, live_server, "itinerante.cusco")
    expect(page.locator("#campo[data-ready=true]")).to_be_attached()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    browser_context.set_offline(True)
    # A record kept by an earlier version of the app, which did not check DNIs on the device:
    # today the app refuses a 7-digit DNI on the spot, so only the server can refuse this one.
    page.evaluate("""async () => {
      const { store } = await import('/static/field/store.js');
      const record = { client_uuid: crypto.randomUUID(), filed_at: new Date().toISOString(),
        type: 'consulta', subject: 'pagos', channel: 'itinerante', office: 'CUS',
        description: 'DNI mal copiado.', citizen: { document_type: 'DNI',
        document_number: '4123456', first_name: 'Rosa', language: 'ay' } };
      await store.put({ client_uuid: record.client_uuid, record, state: 'pendiente', errors: {},
                        code: null, saved_at: new Date(Date.now() - 60000).toISOString() });
    }""")
    capture(page, "Registro de prueba por error.", "43456789", "Castellano")
    expect(page.get_by_test_id("pending-count")).to_have_text("2")
    page.close()  # like closing the browser: the next page starts from the device's storage
    page = browser_context.new_page()
    page.goto(f"{live_server}/campo/")
    expect(page.get_by_test_id("pending-count")).to_have_text("2")

    page.once("dialog", lambda dialog: dialog.accept())
    mistaken = page.locator("li", has_text="Registro de prueba por error.")
    mistaken.get_by_role("button", name="Descartar").click()
    expect(page.get_by_test_id("pending-count")).to_have_text("1")

    expect(page.locator("#sesion")).to_contain_text("(sin conexión)")
    browser_context.set_offline(False)
    expect(page.locator("#sesion")).not_to_contain_text("sin conexión")  # back online, it says so
    page.get_by_role("button", name="Sincronizar").click()
    expect(page.get_by_test_id("sync-message")).to_contain_text("1 por corregir")
    rejected = page.locator("li", has_text="DNI mal copiado.")
    expect(rejected).to_contain_text("El DNI debe tener exactamente 8 dígitos.")
    expect(rejected).not_to_contain_text("citizen.document_number")  # no field keys shown to people

    rejected.get_by_role("button", name="Editar").click()
    expect(page.locator("[data-error-for='citizen.document_number']")).to_have_text(
        "El DNI debe tener exactamente 8 dígitos.")
    page.get_by_label("Número").fill("41234567")
    page.get_by_role("button", name="Guardar cambios").click()
    page.get_by_role("button", name="Sincronizar").click()
    expect(page.get_by_test_id("sync-message")).to_contain_text("Enviadas: 1 nuevas")
    expect(page.get_by_test_id("sent-list")).to_contain_text(re.compile(r"CUS-\d{4}-000001"))
    db.session.expire_all()
    saved = db.session.scalars(select(Ticket)).all()
    assert [(t.description, t.citizen.document_number, t.citizen.language) for t in saved] == [
        ("DNI mal copiado.", "41234567", "ay")]
