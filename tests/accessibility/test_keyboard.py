"""Registration, responding and closing with the keyboard alone, in Chromium.

No click and no fill(): the focus moves with Tab, selects change with the arrow
keys and type-ahead, links and buttons run with Enter. Each step also checks
that the focused element is visibly outlined (WCAG 2.4.7).
"""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

FOCUSED = "document.activeElement"


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


class Keyboard:
    def __init__(self, page) -> None:
        self.page = page

    def focused(self, expression: str):
        return self.page.evaluate(f"(() => {{ const e = {FOCUSED}; return {expression}; }})()")

    def tab_to(self, description: str, test: str, limit: int = 80) -> None:
        """Press Tab until the focused element passes `test` (a JS expression over `e`)."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.focused(f"!!e && ({test})"):
                assert self.focused("getComputedStyle(e).outlineStyle") != "none", \
                    f"{description}: the focus is not visible"
                return
        raise AssertionError(f"Tab never reached {description}")

    def tab_to_field(self, label: str) -> None:
        self.tab_to(label, "e.labels && [...e.labels].some(l => l.textContent.trim().startsWith("
                    f"{label!r}))")

    def tab_to_text(self, text: str) -> None:
        self.tab_to(text, f"e.textContent.trim().startsWith({text!r})")

    def choose(self, label: str, option_text: str) -> None:
        """Focus a select and pick an option by typing its first letters (type-ahead)."""
        self.tab_to_field(label)
        self.page.keyboard.type(option_text)
        chosen = self.focused("e.options[e.selectedIndex].text")
        assert chosen.startswith(option_text), f"{label}: {chosen}"

    def type_into(self, label: str, text: str) -> None:
        self.tab_to_field(label)
        self.page.keyboard.type(text)

    def press_enter_and_wait(self) -> None:
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


def test_register_respond_and_close_a_reclamo_with_the_keyboard_alone(
        page, live_server, csrf_on, user, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    user("agent", "LIM", username="toau.teclado", full_name="Luz Teclado")
    keys = Keyboard(page)
    page.set_default_timeout(10_000)
    page.goto(live_server + "/login")
    page.wait_for_function("document.activeElement.id === 'username'")
    page.keyboard.type("toau.teclado")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    keys.press_enter_and_wait()

    # The first Tab reaches the skip link, which is visible when focused and jumps to the content.
    page.keyboard.press("Tab")
    assert keys.focused("e.textContent.trim()") == "Saltar al contenido"
    assert page.locator("a.skip").bounding_box()["x"] >= 0
    keys.tab_to_text("Registrar atención")
    keys.press_enter_and_wait()

    keys.choose("Canal", "Presencial")
    keys.choose("Tipo", "Reclamo")
    keys.choose("Tema", "Pagos")
    keys.type_into("Descripción", "No recibió el abono de febrero.")
    keys.type_into("Número de documento", "70112299")
    page.get_by_text("Ciudadano nuevo: complete sus datos.").wait_for()
    keys.type_into("Nombres", "Teodora")
    keys.type_into("Apellidos", "Ccahuana Tito")
    keys.tab_to("the Registrar button", "e.tagName === 'BUTTON' && e.textContent.trim() === 'Registrar'")
    keys.press_enter_and_wait()
    receipt = page.locator(".receipt")
    assert "LIM-2024-000001" in receipt.inner_text()

    keys.tab_to_text("Ver el caso LIM-2024-000001")
    keys.press_enter_and_wait()
    keys.tab_to_text("Tomar el caso")
    keys.press_enter_and_wait()
    assert "Caso tomado." in page.locator(".flashes").inner_text()
    keys.type_into("Respuesta al ciudadano", "Se verificó el abono; puede cobrarlo desde el 8 de marzo.")
    keys.choose("Motivo del reclamo o queja (DS 007-2020-PCM art. 4)", "Resultado")  # required to close
    keys.tab_to_text("Responder y cerrar")
    keys.press_enter_and_wait()
    assert "Respuesta registrada y caso cerrado." in page.locator(".flashes").inner_text()
    assert page.locator("h1 .status").inner_text() == "Cerrado"
