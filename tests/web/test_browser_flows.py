"""The workspace in Debian's Chromium (1366×768) against the app served on 127.0.0.1.

CSRF protection is switched on for these tests, as in production. Screenshots go
to a temporary folder, or to docs/img when SCREENSHOTS_DIR=docs/img is set (that is
how the manual's images are refreshed).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from service_desk.extensions import db
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return lambda page, name: page.screenshot(path=str(folder / f"{name}.png"))


@pytest.fixture
def web(page, live_server, csrf_on):
    """The page, with helpers to open a path and to sign in with the keyboard."""
    page.set_default_timeout(10_000)

    class Web:
        def open(self, path: str):
            return page.goto(live_server + path)

        def sign_in(self, username: str, password: str = PASSWORD):
            self.open("/login")
            # Keyboard only: the username field takes the focus by itself.
            page.wait_for_function("document.activeElement.id === 'username'")
            page.keyboard.type(username)
            page.keyboard.press("Tab")
            page.keyboard.type(password)
            with page.expect_navigation():
                page.keyboard.press("Enter")

    return Web()


def test_agent_registers_a_reclamo_for_a_new_citizen_finds_it_and_closes_it(
        web, page, user, frozen, shots):
    frozen("2024-03-04T10:00:00-05:00")
    user("agent", "LIM", username="toau.lima", full_name="Luz Ramos")
    web.sign_in("toau.lima")
    page.get_by_role("link", name="Registrar atención").click()
    page.get_by_label("Canal").select_option("presencial")
    page.get_by_label("Tipo", exact=True).select_option("reclamo")
    page.get_by_label("Tema").select_option("pagos")
    page.get_by_label("Descripción").fill("No recibió el abono del periodo de febrero.")
    page.get_by_label("Número de documento").fill("70112233")
    page.get_by_text("Ciudadano nuevo: complete sus datos.").wait_for()
    page.get_by_label("Nombres").fill("Teodora")
    page.get_by_label("Apellidos").fill("Ccahuana Tito")
    page.get_by_label("Teléfono").fill("987 654 321")
    page.get_by_label("Idioma preferido del ciudadano").select_option("qu")
    shots(page, "registrar-atencion")
    page.get_by_role("button", name="Registrar").click()

    receipt = page.locator(".receipt")
    receipt.wait_for()
    assert "LIM-2024-000001" in receipt.inner_text()
    assert "lunes 04/03/2024" in receipt.inner_text()
    assert "miércoles 17/04/2024" in receipt.inner_text()
    shots(page, "constancia")

    page.get_by_role("link", name="Bandeja de la oficina").click()
    row = page.get_by_role("row").filter(has_text="LIM-2024-000001")
    assert "En plazo" in row.inner_text() and "30 días hábiles" in row.inner_text()
    shots(page, "bandeja")
    assert "Quechua" in row.inner_text()  # the attention took the citizen's language
    row.get_by_role("link", name="LIM-2024-000001").click()
    page.get_by_role("button", name="Tomar el caso").click()
    page.get_by_label("Respuesta al ciudadano").fill(
        "Se verificó el abono; puede cobrarlo desde el 8 de marzo en el Banco de la Nación.")
    page.get_by_label("Motivo del reclamo o queja").select_option("resultado_gestion")
    shots(page, "caso")
    page.get_by_role("button", name="Responder y cerrar").click()

    page.get_by_text("Respuesta registrada y caso cerrado.").wait_for()
    assert page.locator("h1 .status").inner_text() == "Cerrado"
    assert "Cerrado en plazo" in page.locator("h1").inner_text()
    assert page.get_by_role("button", name="Responder y cerrar").count() == 0


def test_typing_a_known_dni_fills_the_citizen_and_lists_the_household_cases(
        web, page, user, case, shots):
    earlier = case(citizen={"document_number": "41234567", "first_name": "María",
                            "last_name": "Huamán Rojas", "phone": "912345678"})
    user("agent", "LIM", username="toau.lima")
    web.sign_in("toau.lima")
    web.open("/agente/registrar")
    page.get_by_label("Número de documento").fill("41234567")
    page.get_by_text("Ciudadano encontrado").wait_for()
    assert page.get_by_label("Nombres").input_value() == "María"
    assert page.get_by_label("Apellidos").input_value() == "Huamán Rojas"
    history = page.locator("#history")
    assert history.is_visible() and earlier.code in history.inner_text()
    shots(page, "buscar-dni")


def test_a_consulta_answered_on_the_spot_is_closed_at_once(web, page, user):
    user("agent", "LIM", username="toau.lima")
    web.sign_in("toau.lima")
    web.open("/agente/registrar")
    assert not page.get_by_label("Respuesta dada al ciudadano").is_visible()
    page.get_by_label("Canal").select_option("telefonico")
    page.get_by_label("Tipo", exact=True).select_option("consulta")
    page.get_by_label("Tema").select_option("mi_juntos")
    page.get_by_label("Descripción").fill("Cómo ingresar a Mi Juntos.")
    page.get_by_label("Teléfono").fill("987654321")
    page.get_by_label("Atendida en el momento").check()
    page.get_by_label("Respuesta dada al ciudadano").fill("Se explicó el ingreso con su DNI.")
    page.get_by_role("button", name="Registrar").click()
    assert "Cerrado" in page.locator(".receipt").inner_text()


def test_bad_input_is_explained_beside_the_field_and_typed_data_stays(web, page, user):
    user("agent", "LIM", username="toau.lima")
    web.sign_in("toau.lima")
    web.open("/agente/registrar")
    page.get_by_label("Tipo", exact=True).select_option("reclamo")
    page.get_by_label("Nombres").fill("Santos")
    page.get_by_label("Número de documento").fill("1234")
    page.get_by_role("button", name="Registrar").click()
    assert page.locator("#document_number-error").inner_text() == \
        "El DNI debe tener exactamente 8 dígitos."
    assert page.locator("#subject-error").is_visible()
    assert page.get_by_label("Nombres").input_value() == "Santos"


def test_a_supervisor_reassigns_a_case(web, page, user, case, shots):
    ticket = case()
    user("agent", "LIM", username="toau.lima", full_name="Luz Ramos")
    user("supervisor", "LIM", username="supervisor.lima")
    web.sign_in("supervisor.lima")
    shots(page, "resumen-oficinas")
    page.get_by_role("link", name="Cola por plazo").click()
    page.get_by_role("link", name=ticket.code).click()
    page.get_by_label("Asignar a").select_option(label="Luz Ramos (toau.lima)")
    shots(page, "reasignar")
    page.get_by_role("button", name="Reasignar").click()
    page.get_by_text("Caso asignado a Luz Ramos.").wait_for()
    db.session.expire_all()
    assert ticket.assignee.username == "toau.lima"


def test_a_user_of_another_office_cannot_open_the_case(web, page, user, case):
    ticket = case(office="LIM")
    user("agent", "CUS", username="toau.cusco")
    web.sign_in("toau.cusco")
    response = web.open(f"/agente/casos/{ticket.code}")
    assert response.status == 404
    assert page.get_by_text("No existe un caso con ese código.").is_visible()
    page.get_by_role("link", name="Bandeja de la oficina").click()
    assert ticket.code not in page.content()


def test_wrong_password_then_lock_out_are_explained_on_the_login_page(web, page, user, shots):
    user("agent", "LIM", username="toau.lima")
    web.sign_in("toau.lima", "equivocada")
    assert page.get_by_role("alert").inner_text() == "Usuario o contraseña incorrectos."
    for _ in range(4):
        web.sign_in("toau.lima", "equivocada")
    web.sign_in("toau.lima")
    assert re.search(r"bloqueado.*15 minutos", page.get_by_role("alert").inner_text())
    shots(page, "bloqueo")
    assert page.url.endswith("/login")


def test_pages_fit_a_1366_wide_screen_without_sideways_scrolling(web, page, user, case):
    case()
    user("supervisor", "LIM", username="supervisor.lima")
    web.sign_in("supervisor.lima")
    for path in ("/supervision/", "/supervision/cola", "/agente/bandeja", "/agente/registrar"):
        web.open(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366, path
