"""Every route of the app times every role: one table of expected outcomes.

Built from `app.url_map`: an endpoint without a row fails the suite, so a new
page or API action must say who may reach it. GET routes are requested with a
real object (a reclamo of Lima, another user, a signed constancia link...).
POST-only routes receive an empty form or JSON body, which cannot change
anything: a refused role stops at 401, 403, 404 or the login page; an
authorised one gets past the guards to the form's own answer (400/422, or a
redirect back). The table holds the exact outcome, which says both. Office-scoped
users belong to Lima (LIM), national ones to Sede Central; CSRF is off (conftest).
"""

from __future__ import annotations

import pytest
from flask import url_for

from service_desk.domain.access import Actor
from service_desk.services import tickets as ticket_service
from service_desk.services import trips as trip_service
from service_desk.services.attachments import attach_file
from service_desk.services.saved_filters import save_filter
from service_desk.services.users import create_token
from service_desk.web.public import limiter
from service_desk.web.public.routes import _signer
from tests.factories import UserFactory, office, ticket_body
from tests.web.conftest import PASSWORD_HASH, sign_in

ROLES = ("anonymous", "agent", "itinerant", "supervisor", "national_supervisor", "integrity", "admin")
OFFICE_ROLES = ("agent", "itinerant", "supervisor")
LOGIN = "login"        # 302 to the login page
REDIRECT = "redirect"  # 302 anywhere else (the role's home page, back to the form...)

# endpoint: expected outcome for (anonymous, agent, itinerant, supervisor, national_supervisor,
#                                   integrity, admin)
MATRIX: dict[str, tuple] = {
    # Public: the landing page, health, the OpenAPI document, the Libro and the field app's shell files.
    "main.index":                 (200, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "main.healthz":               (200, 200, 200, 200, 200, 200, 200),
    "main.favicon":               (200, 200, 200, 200, 200, 200, 200),
    "auth.login":                 (200, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "auth.logout":                (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "api.openapi":                (200, 200, 200, 200, 200, 200, 200),
    "public.libro_form":          (200, 200, 200, 200, 200, 200, 200),
    "public.libro_submit":        (422, 422, 422, 422, 422, 422, 422),
    "public.constancia":          (200, 200, 200, 200, 200, 200, 200),  # the signed link is the key
    "public.constancia_download": (200, 200, 200, 200, 200, 200, 200),
    "public.lookup":              (200, 200, 200, 200, 200, 200, 200),
    "public.privacy":             (200, 200, 200, 200, 200, 200, 200),
    # The satisfaction survey: the unguessable token is the key; an empty answer is refused (422).
    "public.survey":              (200, 200, 200, 200, 200, 200, 200),
    "public.answer_survey":       (422, 422, 422, 422, 422, 422, 422),
    "public.faq":                 (200, 200, 200, 200, 200, 200, 200),
    "public.static":              (200, 200, 200, 200, 200, 200, 200),
    "field.manifest":             (200, 200, 200, 200, 200, 200, 200),
    "field.reference_data":       (200, 200, 200, 200, 200, 200, 200),
    "field.validation_rules":     (200, 200, 200, 200, 200, 200, 200),  # the rules, no data
    "field.service_worker":       (200, 200, 200, 200, 200, 200, 200),
    # Twilio's signature is the credential: nobody gets in without it.
    "webhooks.twilio_whatsapp":   (403, 403, 403, 403, 403, 403, 403),
    "webhooks.twilio_status":     (403, 403, 403, 403, 403, 403, 403),
    # The TOAU workspace: every ticket-handling role, never the admin; integrity sees no reclamo.
    "agent.register":             (LOGIN, 200, 200, 200, 200, 200, 403),
    "agent.mine":                 (LOGIN, 200, 200, 200, 200, 200, 403),
    "agent.inbox":                (LOGIN, 200, 200, 200, 200, 200, 403),
    "agent.citizen_lookup":       (LOGIN, 200, 200, 200, 200, 200, 403),
    "agent.ticket":               (LOGIN, 200, 200, 200, 200, 404, 403),
    "agent.act":                  (LOGIN, 422, 422, 422, 422, 404, 403),
    # Triage: the empty form lacks its reason (422); integrity cannot see a reclamo.
    "agent.reclassify":           (LOGIN, 422, 422, 422, 422, 404, 403),
    # Files of a case: whoever sees the case downloads them (logged); no such WhatsApp message
    # here (404); an upload without a file is refused beside the form (422).
    "agent.attachment":           (LOGIN, 200, 200, 200, 200, 404, 403),
    # Triage of message cases: those who reclassify (not itinerant staff, not integrity).
    "agent.untriaged":            (LOGIN, 200, 403, 200, 200, 403, 403),
    "agent.whatsapp_media":       (LOGIN, 404, 404, 404, 404, 404, 403),
    "agent.upload":               (LOGIN, 422, 422, 422, 422, 404, 403),
    "agent.closing_receipt":      (LOGIN, 200, 200, 200, 200, 404, 403),
    # The knowledge base from the case page: whoever sees the case (integrity sees no reclamo).
    "agent.answers_for_case":     (LOGIN, 200, 200, 200, 200, 404, 403),
    "agent.use_answer":           (LOGIN, 200, 200, 200, 200, 404, 403),
    # The queues' workbench: an empty bulk form or filter name goes back to the queue with a
    # message; a saved filter of another person does not exist for anybody else.
    "agent.bulk":                 (LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, 403),
    "agent.save_filter":          (LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, 403),
    "agent.apply_filter":         (LOGIN, 404, 404, 404, 404, 404, 403),
    "agent.delete_filter":        (LOGIN, 404, 404, 404, 404, 404, 403),
    # Supervision.
    "supervisor.overview":        (LOGIN, 403, 403, 200, 200, 403, 403),
    "supervisor.queue":           (LOGIN, 403, 403, 200, 200, 403, 403),
    "supervisor.assign":          (LOGIN, 403, 403, 422, 422, 403, 403),
    "supervisor.export_queue":    (LOGIN, 403, 403, 200, 200, 403, 403),
    "supervisor.workload":        (LOGIN, 403, 403, 200, 200, 403, 403),
    "supervisor.dashboard":       (LOGIN, 403, 403, 200, 200, 403, 403),
    # Administration (and its access log).
    "admin.users":                (LOGIN, 403, 403, 403, 403, 403, 200),
    "admin.user":                 (LOGIN, 403, 403, 403, 403, 403, 200),
    "admin.reset_password":       (LOGIN, 403, 403, 403, 403, 403, 422),
    "admin.non_working_days":     (LOGIN, 403, 403, 403, 403, 403, 200),
    "admin.deadlines":            (LOGIN, 403, 403, 403, 403, 403, 200),
    "admin.access_log":           (LOGIN, 403, 403, 403, 403, 403, 200),
    "admin.access_log_csv":       (LOGIN, 403, 403, 403, 403, 403, 200),
    "admin.message_templates":    (LOGIN, 403, 403, 403, 403, 403, 200),
    "admin.edit_message_template": (LOGIN, 403, 403, 403, 403, 403, 200),
    # Reports: alerts for everyone who handles cases; indicators and targets for supervision and admin.
    "reports.alerts":             (LOGIN, 200, 200, 200, 200, 200, 200),
    "reports.mark_alerts_read":   (LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "reports.indicator":          (LOGIN, 403, 403, 200, 200, 403, 200),
    "reports.indicator_tickets":  (LOGIN, 403, 403, 200, 200, 403, 200),
    "reports.indicator_export":   (LOGIN, 403, 403, 200, 200, 403, 200),
    "reports.targets":            (LOGIN, 403, 403, 200, 200, 403, 200),
    "reports.targets_export":     (LOGIN, 403, 403, 200, 200, 403, 200),
    "reports.surveys":            (LOGIN, 403, 403, 200, 200, 403, 200),
    "reports.questions":          (LOGIN, 403, 403, 200, 200, 403, 200),
    # UCI maintains the knowledge base: national supervisors and administrators.
    "reports.answers":            (LOGIN, 403, 403, 403, 200, 403, 200),
    "reports.edit_answer":        (LOGIN, 403, 403, 403, 200, 403, 200),
    # The semester report goes to the Dirección Ejecutiva through UCI: national supervisors only.
    "reports.semester":           (LOGIN, 403, 403, 403, 200, 403, 403),
    "reports.semester_download":  (LOGIN, 403, 403, 403, 200, 403, 403),
    "reports.surveys_export":     (LOGIN, 403, 403, 200, 200, 403, 200),
    "reports.edit_targets":       (LOGIN, 403, 403, 403, 200, 403, 200),
    "reports.copy_targets":       (LOGIN, 403, 403, 403, REDIRECT, 403, REDIRECT),
    "reports.languages":          (LOGIN, 403, 403, 200, 200, 403, 200),
    "reports.languages_export":   (LOGIN, 403, 403, 200, 200, 403, 200),
    "reports.itinerant":          (LOGIN, 403, 403, 200, 200, 403, 200),
    # Itinerant trips: every role that works an office's cases sees them; those who travel plan them.
    "trips.index":                (LOGIN, 200, 200, 200, 200, 403, 403),
    "trips.new":                  (LOGIN, 403, 200, 200, 200, 403, 403),
    "trips.show":                 (LOGIN, 200, 200, 200, 200, 403, 403),
    # The field-capture app: field roles only; the fetch() endpoints answer JSON 401/403.
    "field.app_shell":            (LOGIN, 200, 200, 200, 403, 403, 403),
    "field.session_info":         (401, 200, 200, 200, 403, 403, 403),
    "field.trips":                (401, 200, 200, 200, 403, 403, 403),
    "field.districts":            (401, 200, 200, 200, 403, 403, 403),
    "field.sync":                 (401, 422, 422, 422, 403, 403, 403),
    # API v1 (bearer token). The Lima case is invisible to integrity; the admin reads (never a denuncia).
    "api.list_offices":           (401, 200, 200, 200, 200, 200, 200),
    "api.list_tickets":           (401, 200, 200, 200, 200, 200, 200),
    "api.get_ticket":             (401, 200, 200, 200, 200, 404, 200),
    "api.due_date":               (401, 200, 200, 200, 200, 200, 200),
    "api.list_non_working_days":  (401, 200, 200, 200, 200, 200, 200),
    "api.list_alerts":            (401, 200, 200, 200, 200, 200, 200),
    "api.indicator_three":        (401, 403, 403, 200, 200, 403, 200),
    "api.list_trips":             (401, 200, 200, 200, 200, 403, 403),
    "api.get_trip":               (401, 200, 200, 200, 200, 403, 403),
    # The role is checked first: an empty body is 403 for those who may not plan, 422 for the others.
    "api.create_trip":            (401, 403, 422, 422, 422, 403, 403),
    "api.list_surveys":           (401, 403, 403, 200, 200, 403, 200),
    "api.semester":               (401, 403, 403, 403, 200, 403, 403),
    # These API actions validate the body before the role: an empty body gets 422 from every
    # signed-in role. Their role rules, with valid bodies, are in tests/api/test_authorisation_matrix.py.
    "api.create_ticket":          (401, 422, 422, 422, 422, 422, 422),
    "api.close_ticket":           (401, 422, 422, 422, 422, 404, 422),
    "api.annul_ticket":           (401, 422, 422, 422, 422, 422, 422),
    "api.add_non_working_day":    (401, 422, 422, 422, 422, 422, 422),
    "api.sync_batch":             (401, 422, 422, 422, 422, 422, 422),
    "api.reclassify_ticket":      (401, 422, 422, 422, 422, 422, 422),
}

# GET routes whose URL needs values or a query string; `w` is the test's World.
URL_VALUES = {
    "agent.ticket": lambda w: {"code": w.code},
    "agent.act": lambda w: {"code": w.code, "action": "nota"},
    "agent.reclassify": lambda w: {"code": w.code},
    "agent.attachment": lambda w: {"code": w.code, "attachment_id": w.attachment_id},
    "agent.whatsapp_media": lambda w: {"code": w.code, "message_id": 1, "index": 0},
    "agent.upload": lambda w: {"code": w.code},
    "agent.citizen_lookup": lambda w: {"document_type": "DNI", "document_number": "12345678"},
    "supervisor.assign": lambda w: {"code": w.code},
    "agent.apply_filter": lambda w: {"filter_id": w.saved_filter_id},
    "agent.delete_filter": lambda w: {"filter_id": w.saved_filter_id},
    "admin.user": lambda w: {"user_id": w.other_user_id},
    "admin.reset_password": lambda w: {"user_id": w.other_user_id},
    "api.get_ticket": lambda w: {"code": w.code},
    "api.close_ticket": lambda w: {"code": w.code},
    "api.reclassify_ticket": lambda w: {"code": w.code},
    "api.annul_ticket": lambda w: {"code": w.code},
    "api.due_date": lambda w: {"from": "2024-03-04"},
    "api.indicator_three": lambda w: {"period": "2024-T1"},
    "api.list_surveys": lambda w: {"period": "2024-T1"},
    "api.semester": lambda w: {"period": "2024-S1"},
    "reports.semester_download": lambda w: {"kind": "pdf", "period": "2024-S1"},
    "public.constancia": lambda w: {"token": w.constancia},
    "public.constancia_download": lambda w: {"token": w.constancia},
    "public.survey": lambda w: {"token": w.survey_token},
    "public.answer_survey": lambda w: {"token": w.survey_token},
    "agent.closing_receipt": lambda w: {"code": w.closed_code},
    "agent.answers_for_case": lambda w: {"code": w.code},
    "agent.use_answer": lambda w: {"code": w.code, "article_id": w.article_id},
    "public.static": lambda w: {"filename": "public.css"},
    "reports.indicator": lambda w: {"period": "2024-T1"},
    "reports.indicator_tickets": lambda w: {"period": "2024-T1"},
    "reports.indicator_export": lambda w: {"period": "2024-T1"},
    "trips.show": lambda w: {"trip_id": w.trip_id},
    "admin.edit_message_template": lambda w: {"key": "response_whatsapp", "language": "qu"},
    "api.get_trip": lambda w: {"trip_id": w.trip_id},
}
LAST = "auth.logout"  # signs the user out: requested after every other route


class World:
    """The objects the URLs name: a reclamo of Lima, another user, a constancia link."""

    def __init__(self) -> None:
        system = Actor(None, "national_supervisor", "SEDE")
        self.code = ticket_service.register_ticket(system, ticket_body(office="LIM")).ticket.code
        self.other_user_id = UserFactory(role="agent", office=office("LIM"), username="otro.toau").id
        self.saved_filter_id = save_filter(self.other_user_id, "Vencidos", "agent.inbox", "sla=vencido").id
        self.constancia = _signer().dumps(self.code)
        self.attachment_id = attach_file(system, self.code, "recibo.pdf", b"%PDF-1.4 prueba", None).id
        closed = ticket_service.register_ticket(system, ticket_body(office="LIM")).ticket
        ticket_service.close_ticket(system, closed.code, "Atendido.")
        self.closed_code, self.survey_token = closed.code, closed.survey.token
        self.article_id = _published_answer()
        self.trip_id = trip_service.create_trip(system, {
            "office": "LIM", "ubigeo": "150101", "starts_on": "2024-03-04",
            "ends_on": "2024-03-08"}).id


def _published_answer() -> int:
    from service_desk import clock
    from service_desk.extensions import db
    from service_desk.models import AnswerArticle

    article = AnswerArticle(title="Fechas de pago", subject="pagos", body="Consulte Mi Juntos.",
                            published=True, uses=0, created_at=clock.now(), updated_at=clock.now())
    db.session.add(article)
    db.session.commit()
    return article.id


def routes(app) -> dict[str, str]:
    """endpoint -> the method to test (GET when it has one), from the url_map; static files excluded."""
    return {rule.endpoint: "GET" if "GET" in rule.methods else "POST"
            for rule in app.url_map.iter_rules() if rule.endpoint != "static"}


def outcome(response):
    """The status, with redirects told apart: to the login page, or anywhere else."""
    if response.status_code == 302:
        return LOGIN if response.headers["Location"].startswith("/login") else REDIRECT
    return response.status_code


def signed_in(client, role: str) -> dict[str, str]:
    """Sign the client in as a new user of `role`; return the API headers of that user."""
    if role == "anonymous":
        return {}
    person = UserFactory(role=role, office=office("LIM" if role in OFFICE_ROLES else "SEDE"),
                         password_hash=PASSWORD_HASH)
    assert sign_in(client, person).status_code == 302
    return {"Authorization": f"Bearer {create_token(person)}"}


def observe(app, client, role: str) -> dict[str, object]:
    """Request every route as `role` and return what each answered."""
    world, headers, seen = World(), signed_in(client, role), {}
    for endpoint, method in sorted(routes(app).items(), key=lambda item: item[0] == LAST):
        with app.test_request_context():
            url = url_for(endpoint, **URL_VALUES.get(endpoint, lambda w: {})(world))
        kwargs = {"headers": headers} if url.startswith("/api/") else {}
        if method == "GET":
            response = client.get(url, **kwargs)
        elif url.startswith(("/api/", "/campo/")):
            response = client.post(url, json={}, **kwargs)
        else:
            response = client.post(url, data={}, **kwargs)
        seen[endpoint] = outcome(response)
        response.close()  # file responses (static, PDF) hold an open file until closed
    return seen


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()  # the public forms limit posts per address; every role posts once
    yield
    limiter.reset()


def test_every_route_of_the_app_has_a_row_in_the_matrix(app):
    assert sorted(set(routes(app)) - set(MATRIX)) == []
    assert sorted(set(MATRIX) - set(routes(app))) == []  # no row for a route that is gone


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_outcome_on_every_route(app, client, role):
    column = ROLES.index(role)
    seen = observe(app, client, role)
    wrong = {endpoint: (MATRIX[endpoint][column], got) for endpoint, got in seen.items()
             if endpoint in MATRIX and MATRIX[endpoint][column] != got}
    assert wrong == {}, "endpoint: (expected, got)"
