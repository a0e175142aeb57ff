"""Stopping the real replica: every read page keeps working on the primary, /healthz says so."""

from __future__ import annotations

import pytest

from service_desk.extensions import db
from tests.factories import PASSWORD, ApiClient, make_user, ticket_body
from tests.scaleout.conftest import wait_for_replay

pytestmark = pytest.mark.postgres

READ_PAGES = ("/supervision/", "/supervision/cola", "/agente/bandeja", "/reportes/indicador-3",
              "/reportes/indicador-3/casos", "/reportes/indicador-3.xlsx", "/reportes/metas",
              "/reportes/metas.xlsx", "/reportes/encuestas", "/supervision/carga",
              "/supervision/tablero", "/supervision/cola/exportar?formato=csv")
API_LISTS = ("/api/v1/tickets", "/api/v1/offices", "/api/v1/alerts",
             "/api/v1/calendar/non-working-days", "/api/v1/indicators/3?period=2024",
             "/api/v1/surveys?period=2024")


def test_with_the_replica_stopped_every_page_reads_the_primary_and_healthz_says_so(
        app, routed_app, primary_url, replica_url, replica_control):
    user, token = make_user("national_supervisor", "SEDE")
    username = user.username
    db.session.commit()
    # A long health cache: the replica dies while still believed healthy, so the first
    # request meets the failure itself and must retry on the primary.
    routed = routed_app(primary_url, replica_url, REPLICA_HEALTH_CACHE_SECONDS=300)
    api = ApiClient(routed.test_client(), token, user)
    browser = routed.test_client()
    wait_for_replay(primary_url, replica_url)
    assert browser.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    assert api.client.get("/healthz").get_json()["replica"]["status"] == "ok"
    assert browser.get("/supervision/cola").status_code == 200  # pooled replica connections
    replica_control("stop")
    try:
        code = api.post("/api/v1/tickets", json=ticket_body()).get_json()["code"]
        listed = api.get("/api/v1/tickets")
        pages = {path: browser.get(path).status_code for path in READ_PAGES}
        lists = {path: api.get(path).status_code for path in API_LISTS}
        queue = browser.get("/supervision/cola").get_data(as_text=True)
        health = api.client.get("/healthz")
    finally:
        replica_control("start")
    assert listed.status_code == 200 and listed.get_json()["total"] == 1  # the primary's data
    assert pages == dict.fromkeys(READ_PAGES, 200)
    assert lists == dict.fromkeys(API_LISTS, 200)
    assert code in queue
    assert health.status_code == 200 and health.get_json()["database"] == "ok"
    assert health.get_json()["replica"]["status"] == "down"
    # Back: once the cache expires the replica serves reads again.
    routed.extensions["replica"].cache_seconds = 0
    wait_for_replay(primary_url, replica_url)
    assert api.client.get("/healthz").get_json()["replica"]["status"] == "ok"
