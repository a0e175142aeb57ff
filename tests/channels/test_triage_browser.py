"""Done when of issue 11, in Chromium: a signed WhatsApp message with a photo arrives, the Sede
agent triages it as a reclamo of Cusco, the Cusco agent sees the due date counted from the
message day, opens the photo and responds, the fake Twilio API receives the response for that
number, and Indicador 3 counts the case as closed within its deadline."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import requests

from service_desk import clock
from service_desk.services import delivery
from tests.channels.conftest import ACCOUNT_SID, WEBHOOK_PATH, sign, whatsapp_params
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

CITIZEN = "whatsapp:+51984555666"
PHOTO = b"\xff\xd8\xff\xe0" + b"voucher del banco" * 8
RESPONSE = "Su abono de febrero se repone el 25 de marzo en la agencia del Banco de la Nación."


def lima(iso: str) -> None:
    clock.freeze(datetime.fromisoformat(iso + "-05:00"))


def sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()  # the next person at the same browser
    page.goto(base + "/login")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Ingresar").click()


def whatsapp(base: str, sid: str, body: str, **extra) -> None:
    params = whatsapp_params(sid, body=body, sender=CITIZEN, **extra)
    answer = requests.post(base + WEBHOOK_PATH, data=params, timeout=10,
                           headers={"X-Twilio-Signature": sign(params)})
    assert answer.status_code == 200, answer.text


def test_whatsapp_to_cusco_reclamo_answered_on_whatsapp_and_counted_in_indicador_3(
        app, page, live_server, fake_twilio, user, api, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page.set_default_timeout(10_000)
    user("agent", "SEDE", username="toau.sede")
    user("agent", "CUS", username="toau.cusco")
    photo_url = fake_twilio.add_media(ACCOUNT_SID, "MMfoto1", PHOTO, "image/jpeg")

    lima("2024-03-04T10:00:00")  # Monday: the first contact starts the legal clock
    whatsapp(live_server, "MMfoto1", "No me depositaron el abono de febrero, les mando el voucher.",
             NumMedia="1", MediaUrl0=photo_url, MediaContentType0="image/jpeg")

    lima("2024-03-11T09:00:00")  # triaged a week later
    sign_in(page, live_server, "toau.sede")
    page.get_by_role("link", name="Por clasificar").click()
    case = page.locator("section.untriaged").first
    code = case.get_attribute("data-code")
    case.get_by_label("Tipo").select_option("reclamo")
    case.get_by_label("Tema").select_option("pagos")
    case.get_by_label("Oficina").select_option("CUS")
    case.get_by_label("Motivo (reclamos y quejas)").select_option("resultado_gestion")
    case.get_by_label("Motivo de la reclasificación (obligatorio)").fill("Reclamo por abono; hogar de Cusco.")
    case.get_by_role("button", name="Clasificar").click()
    page.get_by_text(f"Caso {code} clasificado.").wait_for()
    assert page.locator("section.untriaged").count() == 0

    lima("2024-03-20T08:00:00")
    whatsapp(live_server, "SMseguimiento", "¿Ya tienen respuesta?")  # joins the case; opens a 24 h window
    lima("2024-03-20T10:00:00")
    sign_in(page, live_server, "toau.cusco")
    page.get_by_role("link", name="Bandeja de la oficina").click()
    page.get_by_role("link", name=code).click()
    dates = page.locator("dl.grid").first.inner_text()
    assert "04/03/2024" in dates and "17/04/2024" in dates
    with page.expect_download() as download:
        page.get_by_role("link", name="Archivo enviado por WhatsApp 1 (image/jpeg)").click()
    assert Path(download.value.path()).read_bytes() == PHOTO
    page.get_by_label("Respuesta al ciudadano").fill(RESPONSE)
    page.get_by_role("button", name="Responder y cerrar").click()
    page.get_by_text("Respuesta registrada y caso cerrado.").wait_for()

    assert delivery.send_pending().sent >= 1
    answer = next(r for r in fake_twilio.accepted if r.get("Body", "").endswith(RESPONSE))
    assert answer["To"] == CITIZEN and code in answer["Body"]
    page.reload()
    assert "Enviado" in page.locator("ol.conversation").inner_text()
    lima("2024-04-22T09:00:00")
    indicator = api("national_supervisor").get("/api/v1/indicators/3?period=2024-T1").json
    cusco = next(r for r in indicator["rows"] if r["office"] == "CUS")
    assert (cusco["numerator"], cusco["denominator"], cusco["value"]) == (1, 1, 100.0)
