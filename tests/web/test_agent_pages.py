"""The TOAU workspace through the Flask client: registering, lookup, queues and the case page."""

from __future__ import annotations

from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import Ticket

NEW_RECLAMO = {
    "office": "LIM", "channel": "presencial", "type": "reclamo", "subject": "pagos",
    "description": "No recibió el abono de noviembre.", "document_type": "DNI",
    "document_number": "70112233", "first_name": "Rosa", "last_name": "Quispe Mamani",
    "phone": "987654321", "language": "qu",
}


def test_registering_a_reclamo_shows_its_code_reception_day_and_due_date(client, login, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    login("agent", "LIM")
    response = client.post("/agente/registrar", data=NEW_RECLAMO, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Atención registrada" in body and "LIM-2024-000001" in body
    assert "lunes 04/03/2024" in body
    assert "miércoles 17/04/2024" in body


def test_registration_form_offers_the_controlled_topics_with_labels(client, login):
    login("agent", "LIM")
    body = client.get("/agente/registrar").get_data(as_text=True)
    for label in ("Afiliación", "Pagos / abonos", "Corresponsabilidades", "Mi Juntos (aplicativo)"):
        assert label in body
    assert '<label for="document_number">Número de documento</label>' in body


def test_bad_input_shows_spanish_messages_beside_the_fields_and_keeps_what_was_typed(client, login):
    login("agent", "LIM")
    data = {**NEW_RECLAMO, "document_number": "123", "description": "", "phone": "12"}
    response = client.post("/agente/registrar", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "El DNI debe tener exactamente 8 dígitos." in body
    assert "La descripción es obligatoria." in body
    assert "Teléfono no válido" in body
    assert 'value="Quispe Mamani"' in body and 'value="123"' in body
    assert db.session.scalar(select(Ticket)) is None


def test_a_consulta_answered_on_the_spot_is_registered_and_closed_in_one_step(client, login):
    login("agent", "LIM")
    data = {**NEW_RECLAMO, "type": "consulta", "answered_now": "y",
            "answer": "Se le indicó la fecha de pago en la agencia."}
    body = client.post("/agente/registrar", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Cerrado" in body
    ticket = db.session.scalar(select(Ticket))
    assert ticket.status == "cerrado" and ticket.response.startswith("Se le indicó")


def test_answer_on_the_spot_without_text_saves_nothing(client, login):
    login("agent", "LIM")
    data = {**NEW_RECLAMO, "type": "consulta", "answered_now": "y", "answer": " "}
    response = client.post("/agente/registrar", data=data)
    assert response.status_code == 422
    assert "La respuesta dada al ciudadano es obligatoria" in response.get_data(as_text=True)
    assert db.session.scalar(select(Ticket)) is None


def test_the_same_form_sent_twice_registers_one_case(client, login):
    login("agent", "LIM")
    data = {**NEW_RECLAMO, "client_uuid": "0d8f5a0e-2f7b-4a4c-9d9c-9f7e0e0a1b2c"}
    client.post("/agente/registrar", data=data)
    client.post("/agente/registrar", data=data)
    assert len(db.session.scalars(select(Ticket)).all()) == 1


def test_an_agent_registers_only_in_its_own_office(client, login):
    login("agent", "LIM")
    response = client.post("/agente/registrar", data={**NEW_RECLAMO, "office": "CUS"})
    assert response.status_code == 422
    assert "No puede registrar atenciones en esa oficina." in response.get_data(as_text=True)


def test_a_denuncia_registered_by_an_agent_is_sealed_from_that_agent(client, login):
    login("agent", "LIM")
    body = client.post("/agente/registrar", data={**NEW_RECLAMO, "type": "denuncia"},
                       follow_redirects=True).get_data(as_text=True)
    assert "solo la Oficina de Integridad puede verla" in body
    code = db.session.scalar(select(Ticket.code))
    assert client.get(f"/agente/casos/{code}").status_code == 404


def test_typing_a_dni_finds_the_citizen_and_their_cases_in_the_office(client, login, case):
    mine = case(office="LIM", citizen={"document_number": "70112233", "first_name": "Rosa"})
    other = case(office="CUS", citizen={"document_number": "70112233"})
    login("agent", "LIM")
    found = client.get("/agente/ciudadano?document_type=DNI&document_number=70112233").json
    assert found["found"] is True
    assert found["citizen"]["first_name"] == "Rosa"
    codes = [row["code"] for row in found["history"]]
    assert codes == [mine.code] and other.code not in codes


def test_lookup_of_an_unknown_or_malformed_dni(client, login):
    login("agent", "LIM")
    assert client.get("/agente/ciudadano?document_number=99999999").json == {"found": False}
    bad = client.get("/agente/ciudadano?document_type=DNI&document_number=12")
    assert bad.status_code == 400 and "8 dígitos" in bad.json["error"]


def test_the_office_inbox_is_ordered_by_due_date_with_sla_badges(client, login, case, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    later = case(type="reclamo", citizen={"document_number": "10000001"})
    sooner = case(type="pedido", citizen={"document_number": "10000002"})
    frozen("2024-04-10T10:00:00-05:00")
    login("agent", "LIM")
    body = client.get("/agente/bandeja").get_data(as_text=True)
    assert body.index(sooner.code) < body.index(later.code)
    assert "Vencido" in body and "de atraso" in body
    assert "Por vencer · 5 días hábiles" in body


def test_inbox_filters_by_type_channel_status_and_text(client, login, case):
    reclamo = case(type="reclamo", channel="telefonico", description="Abono retenido",
                   citizen={"document_number": "10000001"})
    pedido = case(type="pedido", channel="presencial", description="Cambio de titular",
                  citizen={"document_number": "10000002", "last_name": "Huamán"})
    login("agent", "LIM")

    def listed(query: str) -> set[str]:
        body = client.get("/agente/bandeja?" + query).get_data(as_text=True)
        return {code for code in (reclamo.code, pedido.code) if code in body}

    assert listed("type=pedido") == {pedido.code}
    assert listed("channel=telefonico") == {reclamo.code}
    assert listed("text=retenido") == {reclamo.code}
    assert listed("text=10000002") == {pedido.code}
    assert listed("text=Huamán") == {pedido.code}
    assert listed("status=cerrado") == set()
    assert listed("type=nonsense") == {reclamo.code, pedido.code}


def test_inbox_is_paginated(client, login, case):
    for n in range(27):
        case(citizen={"document_number": f"2000{n:04d}"})
    login("agent", "LIM")
    first = client.get("/agente/bandeja").get_data(as_text=True)
    assert "Página 1 de 2" in first and "27 casos" in first
    second = client.get("/agente/bandeja?page=2").get_data(as_text=True)
    assert second.count('href="/agente/casos/') == 2


def test_taking_a_case_puts_it_in_my_cases(client, login, case):
    ticket = case()
    login("agent", "LIM")
    assert ticket.code not in client.get("/agente/mis-casos").get_data(as_text=True)
    assert client.post(f"/agente/casos/{ticket.code}/tomar").status_code == 302
    assert ticket.code in client.get("/agente/mis-casos").get_data(as_text=True)
    db.session.refresh(ticket)
    assert ticket.status == "en_proceso"


def test_a_case_taken_by_someone_else_cannot_be_taken(client, login, user, case):
    from service_desk.services.ticket_actions import take_ticket
    from service_desk.services.users import actor_of

    ticket = case()
    take_ticket(actor_of(user("agent", "LIM")), ticket.code)
    login("agent", "LIM")
    page = client.get(f"/agente/casos/{ticket.code}").get_data(as_text=True)
    assert "Tomar el caso" not in page
    assert client.post(f"/agente/casos/{ticket.code}/tomar").status_code == 409


def test_the_case_page_shows_citizen_deadline_and_the_timeline(client, login, case, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    ticket = case()
    login("agent", "LIM")
    client.post(f"/agente/casos/{ticket.code}/nota", data={"note-note": "Llamar el lunes."})
    client.post(f"/agente/casos/{ticket.code}/derivar",
                data={"derive-unit": "UOT", "derive-note": "Verificar el abono."})
    body = client.get(f"/agente/casos/{ticket.code}").get_data(as_text=True)
    assert "Rosa Quispe Mamani" in body and "miércoles 17/04/2024" in body
    assert "Nota interna" in body and "Llamar el lunes." in body
    assert "Unidad de Operaciones de Transferencias" in body
    assert "Estado: Registrado → Derivado" in body


def test_deriving_without_unit_or_note_explains_both_and_changes_nothing(client, login, case):
    ticket = case()
    login("agent", "LIM")
    response = client.post(f"/agente/casos/{ticket.code}/derivar",
                           data={"derive-unit": "", "derive-note": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Elija la unidad" in body and "La nota de derivación es obligatoria" in body
    db.session.refresh(ticket)
    assert ticket.status == "registrado"


def test_responding_closes_the_case_and_offers_no_more_transitions(client, login, case):
    ticket = case()
    login("agent", "LIM")
    client.post(f"/agente/casos/{ticket.code}/cerrar",
                data={"close-response": "Se regularizó su abono."})
    body = client.get(f"/agente/casos/{ticket.code}").get_data(as_text=True)
    assert "Respuesta al ciudadano" in body and "Se regularizó su abono." in body
    assert "Responder y cerrar" not in body and "Derivar" not in body
    assert client.post(f"/agente/casos/{ticket.code}/cerrar",
                       data={"close-response": "otra"}).status_code == 409


def test_an_empty_response_keeps_the_case_open_with_a_message(client, login, case):
    ticket = case()
    login("agent", "LIM")
    response = client.post(f"/agente/casos/{ticket.code}/cerrar", data={"close-response": ""})
    assert response.status_code == 422
    assert "La respuesta al ciudadano es obligatoria" in response.get_data(as_text=True)


def test_a_supervisor_annuls_with_a_reason(client, login, case):
    ticket = case()
    login("supervisor", "LIM")
    client.post(f"/agente/casos/{ticket.code}/anular", data={"annul-reason": "Duplicado"})
    db.session.refresh(ticket)
    assert ticket.status == "anulado" and ticket.annul_reason == "Duplicado"


def test_only_itinerant_staff_are_offered_the_itinerant_channel(client, login):
    login("agent", "LIM")
    assert 'value="itinerante"' not in client.get("/agente/registrar").get_data(as_text=True)
    client.post("/logout")
    login("itinerant", "CUS")
    assert 'value="itinerante"' in client.get("/agente/registrar").get_data(as_text=True)
