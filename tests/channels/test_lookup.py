""""Consulta tu reclamo": one case's status by code and document number, and nothing else."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import Ticket
from service_desk.services.conversations import SYSTEM_ACTOR
from service_desk.services.tickets import close_ticket, register_ticket
from tests.channels.test_libro import file_reclamo
from tests.factories import ticket_body

LOOKUP = "/libro-de-reclamaciones/consulta"


def filed_code(client, **overrides) -> str:
    file_reclamo(client, **overrides)
    return db.session.scalars(select(Ticket.code).order_by(Ticket.id.desc())).first()


def lookup(client, code: str, document_number: str):
    return client.post(LOOKUP, data={"code": code, "document_number": document_number})


def result_area(response) -> str:
    """The page below the form: what the lookup revealed."""
    page = html.unescape(response.get_data(as_text=True))
    return re.split(r"</form>", page, maxsplit=1)[1]


def test_the_right_code_and_document_show_status_and_dates(client, frozen):
    frozen("2024-03-04T10:00:00-05:00")
    code = filed_code(client)

    response = lookup(client, code.lower(), "45678912")

    shown = result_area(response)
    assert response.status_code == 200
    assert f"Reclamo {code}" in shown and "Registrado" in shown
    assert "04/03/2024" in shown and "17/04/2024" in shown
    assert "Rosa" not in shown and "Sicuani" not in shown  # no personal data nor the text filed


def test_a_closed_case_shows_the_response(client):
    code = filed_code(client)
    close_ticket(SYSTEM_ACTOR, code, "Se programó su abono para el 20 de marzo.", "resultado_gestion")

    shown = result_area(lookup(client, code, "45678912"))

    assert "Cerrado" in shown and "Se programó su abono para el 20 de marzo." in shown


def test_a_wrong_document_gets_the_same_answer_as_a_missing_code(client):
    code = filed_code(client)

    wrong_pair = lookup(client, code, "11111111")
    missing = lookup(client, "LIM-2024-999999", "45678912")

    assert wrong_pair.status_code == missing.status_code == 404
    assert result_area(wrong_pair) == result_area(missing)
    message = "No encontramos un reclamo con ese código y ese número de documento."
    for response in (wrong_pair, missing):
        assert message in html.unescape(response.get_data(as_text=True))
    assert "Estado" not in result_area(wrong_pair)


def test_a_denuncia_is_never_shown_even_with_the_right_document(client):
    integrity = SYSTEM_ACTOR.__class__(id=None, role="integrity", office="SEDE")
    denuncia = register_ticket(integrity, ticket_body(type="denuncia", office="SEDE",
                                                      citizen={"document_number": "45678912"})).ticket

    response = lookup(client, denuncia.code, "45678912")

    assert response.status_code == 404


def test_missing_fields_get_their_errors_beside_them(client):
    response = lookup(client, "", "")

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert 'id="code-error" role="alert">Indique el código.' in page
    assert 'id="document_number-error" role="alert">Indique su número de documento.' in page


def test_lookups_from_one_address_are_rate_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LIBRO_LOOKUP_RATE_LIMIT", "3 per minute")

    statuses = [lookup(client, "LIM-2024-000001", str(n) * 8).status_code for n in range(4)]

    assert statuses == [404, 404, 404, 429]
