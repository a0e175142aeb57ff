"""A citizen files a reclamo in the browser (CSRF on, no login) and looks it up."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_a_citizen_files_a_reclamo_and_looks_it_up(app, page, live_server, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    receipt = tmp_path / "boleta.pdf"
    receipt.write_bytes(b"%PDF-1.4\n% boleta\n")

    page.goto(live_server + "/libro-de-reclamaciones")
    page.get_by_label("Tipo de documento").select_option("DNI")
    page.get_by_label("Número de documento").fill("45678912")
    page.get_by_label("Nombres").fill("Rosa")
    page.get_by_label("Apellidos").fill("Quispe Mamani")
    page.get_by_label("Domicilio").fill("Jr. Los Andes 123, Sicuani")
    page.get_by_label("Departamento").select_option("Cusco")
    page.get_by_label("Correo electrónico").fill("rosa.quispe@example.pe")
    page.get_by_label("Servicio materia del reclamo").select_option("pagos")
    page.get_by_label("Detalle de los hechos").fill("No recibí el abono de febrero.")
    page.get_by_label("Pedido").fill("Que se me pague el abono pendiente.")
    page.get_by_label("Archivos de sustento").set_input_files(str(receipt))
    honeypot = page.get_by_label("Sitio web (deje este campo vacío)").bounding_box()
    assert honeypot["x"] + honeypot["width"] < 0  # off-screen: people never see it

    page.get_by_role("button", name="Registrar reclamo").click()
    assert "Debe aceptar el tratamiento" in page.locator("#consent-error").inner_text()
    assert page.get_by_label("Nombres").input_value() == "Rosa"

    page.get_by_label("Acepto el tratamiento de mis datos personales").check()
    page.get_by_label("Archivos de sustento").set_input_files(str(receipt))
    page.get_by_role("button", name="Registrar reclamo").click()

    page.wait_for_url(re.compile(r"/constancia/"))
    code = page.locator("#codigo").inner_text()
    assert re.fullmatch(r"CUS-\d{4}-\d{6}", code)
    assert "boleta.pdf" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar constancia (PDF)").click()
    assert download.value.suggested_filename == f"constancia-{code}.pdf"

    page.get_by_role("link", name="Consultar su reclamo").click()
    page.get_by_label("Código del reclamo").fill(code)
    page.get_by_label("Número de documento").fill("45678912")
    page.get_by_role("button", name="Consultar").click()

    assert page.locator("#estado").inner_text() == "Registrado"
    assert f"Reclamo {code}" in page.locator("#resultado").inner_text()
