"""The "Por clasificar" queue at Sede Central: message cases waiting for triage, oldest first."""

from __future__ import annotations

from service_desk.services.conversations import receive_whatsapp
from tests.web.conftest import sign_in


def test_sede_sees_untriaged_messages_oldest_first_with_their_thread_and_triages_from_there(
        client, user, frozen):
    frozen("2024-03-04T08:00:00-05:00")
    older = receive_whatsapp("SM1", "whatsapp:+51987000001", "Quiero reclamar por el pago", [], "Ana").ticket
    frozen("2024-03-04T09:00:00-05:00")
    receive_whatsapp("SM2", "whatsapp:+51987000001", "No llegó el abono de febrero", [], "Ana")
    newer = receive_whatsapp("SM3", "whatsapp:+51987000002", "¿Cuándo pagan?", [], "Luis").ticket
    sign_in(client, user("agent", "SEDE"))

    page = client.get("/agente/por-clasificar").get_data(as_text=True)
    triaged = client.post(f"/agente/casos/{older.code}/reclasificar", data={
        "form_prefix": f"t{older.id}", "next": "por-clasificar", f"t{older.id}-type": "reclamo",
        f"t{older.id}-subject": "pagos", f"t{older.id}-office": "CUS",
        f"t{older.id}-reason": "Reclamo por pago; UT Cusco."})
    after = client.get("/agente/por-clasificar").get_data(as_text=True)

    assert "(2 en espera)" in page
    assert page.index(older.code) < page.index(newer.code)
    assert "Quiero reclamar por el pago" in page and "No llegó el abono de febrero" in page
    assert triaged.status_code == 302 and triaged.headers["Location"].endswith("/agente/por-clasificar")
    assert f'data-code="{older.code}"' not in after and f"Caso {older.code} clasificado." in after
    assert "(1 en espera)" in after and newer.code in after


def test_a_triage_without_reason_comes_back_to_the_queue_with_the_message(client, user, frozen):
    frozen("2024-03-04T08:00:00-05:00")
    ticket = receive_whatsapp("SM9", "whatsapp:+51987000009", "Hola", [], "Ana").ticket
    sign_in(client, user("agent", "SEDE"))

    refused = client.post(f"/agente/casos/{ticket.code}/reclasificar", data={
        "form_prefix": f"t{ticket.id}", "next": "por-clasificar", f"t{ticket.id}-type": "reclamo",
        f"t{ticket.id}-subject": "otros", f"t{ticket.id}-office": "SEDE", f"t{ticket.id}-reason": ""},
        follow_redirects=True)

    assert "El motivo de la reclasificación es obligatorio." in refused.get_data(as_text=True)
    assert "(1 en espera)" in refused.get_data(as_text=True)
