"""A citizen answers the satisfaction survey on a basic phone's 360 px wide screen (CSRF on)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import Survey
from service_desk.services import tickets as ticket_service
from tests.factories import ticket_body

pytestmark = pytest.mark.browser


def test_a_citizen_answers_the_survey_on_a_360_px_screen(app, _browser, live_server, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    actor = Actor(None, "national_supervisor", "SEDE")
    ticket = ticket_service.register_ticket(actor, ticket_body()).ticket
    token = ticket_service.close_ticket(actor, ticket.code, "Se regularizó su abono.").survey.token
    context = _browser.new_context(viewport={"width": 360, "height": 640}, locale="es-PE",
                                   is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/encuesta/{token}")
        # Nothing wider than the screen: no sideways scrolling on a basic phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        button = page.get_by_role("button", name="4 Satisfecho", exact=True)
        box = button.bounding_box()
        assert box["width"] >= 300 and box["height"] >= 44  # a comfortable thumb target

        page.get_by_label("Comentario (opcional)").fill("Me explicaron con paciencia.")
        button.tap()

        assert "¡Gracias!" in page.locator("#gracias").inner_text()
        page.goto(f"{live_server}/encuesta/{token}")
        assert "ya fue respondida" in page.locator("#ya-respondida").inner_text()
    finally:
        context.close()
    survey = db.session.scalar(select(Survey).where(Survey.token == token))
    db.session.refresh(survey)
    assert (survey.rating, survey.comment) == (4, "Me explicaron con paciencia.")
