"""Every page, for every role that can open it, passes axe-core at WCAG 2.1 AA with no violation.

axe-core runs inside Debian's Chromium (axe-playwright-python ships axe.min.js:
no CDN). The page list lives in tests/accessibility/pages.py; each run prints
the pages it checked. Pages show real content: a case with its timeline, a
closed case, a saved filter, a denuncia for the integrity role.
"""

from __future__ import annotations

import pytest
from flask import url_for

from service_desk.domain.access import Actor
from service_desk.services import saved_filters, ticket_actions
from service_desk.services import tickets as ticket_service
from service_desk.services import trips as trip_service
from service_desk.services.users import actor_of
from service_desk.web.public.routes import _signer
from tests.accessibility.pages import EXTRA_PATHS, PAGES, ROLES, is_outside_pages, pages_for
from tests.factories import PASSWORD, ticket_body

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}


class World:
    """What the pages show: cases of Lima (one closed), a denuncia, another user, a saved filter."""

    def __init__(self, role: str, person) -> None:
        system = Actor(None, "national_supervisor", "SEDE")
        lima = ticket_service.register_ticket(system, ticket_body(office="LIM")).ticket
        closed = ticket_service.register_ticket(
            system, ticket_body(office="LIM", citizen={"document_number": "22334455"})).ticket
        ticket_service.close_ticket(system, closed.code, "Se atendió el pedido.")
        denuncia = ticket_service.register_ticket(
            Actor(None, "integrity", "SEDE"), ticket_body(type="denuncia")).ticket
        if person is not None and role in ("agent", "itinerant", "supervisor"):
            ticket_actions.add_note(actor_of(person), lima.code, "Se llamó a la titular.")
            saved_filters.save_filter(person.id, "Reclamos vencidos", "agent.inbox", "type=reclamo")
        self.code = denuncia.code if role == "integrity" else lima.code
        self.closed_code = closed.code
        self.survey_token = getattr(getattr(closed, "survey", None), "token", "sin-encuesta")
        self.constancia = _signer().dumps(lima.code)
        self.other_user_id = (person.id if person is not None else 1)
        self.trip_id = trip_service.create_trip(system, {
            "office": "LIM", "ubigeo": "150101", "starts_on": "2024-03-04", "ends_on": "2024-03-08"}).id


def test_every_get_route_is_a_listed_page_or_says_why_not(app):
    gets = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods}
    assert sorted(e for e in gets if e not in PAGES and not is_outside_pages(e)) == []
    assert sorted(set(PAGES) - gets) == []


def _urls(app, role: str, world: World) -> list[str]:
    urls = []
    with app.test_request_context():
        for endpoint in pages_for(role):
            _, values, query = PAGES[endpoint]
            urls.append(url_for(endpoint, **values(world)) + (f"?{query}" if query else ""))
    return urls + [path for path, roles in EXTRA_PATHS.items() if role in roles]


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Ingresar").click()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_at_wcag_21_aa(app, page, live_server, user, frozen, role):
    from axe_playwright_python.sync_playwright import Axe

    frozen("2024-03-20T10:00:00-05:00")
    person = None if role == "anonymous" else user(role, username=f"a11y.{role}")
    world = World(role, person)
    if person is not None:
        _sign_in(page, live_server, person.username)
    axe, found, checked = Axe(), {}, []
    for path in _urls(app, role, world):
        response = page.goto(live_server + path)
        status = response.status if response else 0
        assert status < 400 or path in EXTRA_PATHS, f"{path} answered {status}"
        results = axe.run(page, options=AXE_OPTIONS)
        checked.append(f"{path} ({status})")
        for violation in results.response["violations"]:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"]][:4]
            found.setdefault(path, []).append(f"{violation['id']}: {violation['help']} -> {targets}")
    print(f"\naxe-core WCAG 2.1 AA, rol {role}: {len(checked)} páginas revisadas")
    for line in checked:
        print(f"  {line}")
    assert checked, "no page was checked"
    assert found == {}, "\n".join(f"{p}\n  " + "\n  ".join(v) for p, v in found.items())
