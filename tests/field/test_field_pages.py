"""The /campo pages and JSON endpoints behind the offline capture app (session + CSRF)."""

import re

import pytest
from sqlalchemy import select

from service_desk.extensions import db
from service_desk.models import SyncBatch, Ticket
from tests.factories import make_user
from tests.field.helpers import field_record


def signed_in(client, role: str, office: str | None = None):
    user, _ = make_user(role, office)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return user


def test_the_field_app_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/campo/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["admin", "integrity", "national_supervisor"])
def test_the_field_app_is_refused_to_roles_that_do_not_capture_in_the_field(client, role):
    signed_in(client, role)
    assert client.get("/campo/").status_code == 403
    assert client.post("/campo/sincronizar", json={"records": []}).status_code == 403


def test_the_app_page_declares_its_manifest_and_scripts_and_has_no_inline_script(client):
    signed_in(client, "itinerant", "CUS")
    html = client.get("/campo/").get_data(as_text=True)
    assert 'rel="manifest" href="/campo/manifest.webmanifest"' in html
    assert 'data-sw="/campo/sw.js"' in html
    assert "Sincronizar" in html and "Idioma del ciudadano" in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert "https://" not in html  # no CDN


@pytest.mark.parametrize(("role", "shown"), [("itinerant", True), ("agent", True), ("supervisor", True),
                                             ("admin", False)])
def test_the_menu_links_to_field_capture_for_field_roles(client, role, shown):
    signed_in(client, role, "CUS" if role != "admin" else None)
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert ('href="/campo/"' in html and "Captura de campo" in html) is shown


def test_the_service_worker_is_served_from_campo_so_its_scope_covers_the_app(client):
    response = client.get("/campo/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert '"/campo/referencia.json"' in response.get_data(as_text=True)


def test_the_manifest_makes_the_app_installable_under_campo(client):
    manifest = client.get("/campo/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    body = manifest.get_json(force=True)
    assert (body["start_url"], body["scope"], body["display"]) == ("/campo/", "/campo/", "standalone")
    for icon in body["icons"]:
        with client.get(icon["src"]) as image:
            assert (image.status_code, image.mimetype) == (200, "image/png")


def test_reference_data_offers_the_languages_of_the_field_and_other(client):
    body = client.get("/campo/referencia.json").get_json()
    assert [lang["label"] for lang in body["languages"]] == [
        "Castellano", "Quechua", "Aimara", "Asháninka", "Awajún", "Shipibo-konibo", "Otro"]
    assert {"CUS", "PUN"} <= {o["code"] for o in body["offices"]}
    assert "consulta" in {t["code"] for t in body["types"]}


def test_session_info_gives_the_users_office_and_a_fresh_csrf_token(client):
    signed_in(client, "itinerant", "CUS")
    body = client.get("/campo/sesion.json").get_json()
    assert (body["office"], body["offices"], body["can_backdate"]) == ("CUS", ["CUS"], True)
    assert body["csrf_token"]


def test_the_app_syncs_under_the_signed_in_user_with_its_own_source(client, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    user = signed_in(client, "itinerant", "CUS")
    response = client.post("/campo/sincronizar", json={"device_id": "web-1", "records": [field_record()]})
    assert response.status_code == 200
    assert response.get_json()["results"][0]["code"] == "CUS-2024-000001"
    batch = db.session.scalar(select(SyncBatch))
    assert (batch.source, batch.user_id, batch.device_id) == ("campo", user.id, "web-1")


def test_sending_from_the_app_needs_a_session(client):
    response = client.post("/campo/sincronizar", json={"records": [field_record()]})
    assert response.status_code == 401
    assert "Inicie sesión" in response.get_json()["error"]["message"]


def test_sending_from_the_app_needs_the_csrf_token(app, client, monkeypatch, frozen):
    frozen("2024-03-06T18:00:00-05:00")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    signed_in(client, "itinerant", "CUS")
    refused = client.post("/campo/sincronizar", json={"records": [field_record()]})
    assert refused.status_code == 400
    assert db.session.scalar(select(Ticket.id)) is None
    token = client.get("/campo/sesion.json").get_json()["csrf_token"]
    accepted = client.post("/campo/sincronizar", json={"records": [field_record()]},
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


def test_a_bad_envelope_from_the_app_is_answered_in_json(client):
    signed_in(client, "itinerant", "CUS")
    response = client.post("/campo/sincronizar", json={"records": {"no": "lista"}})
    assert response.status_code == 422
    assert "records" in response.get_json()["error"]["fields"]
