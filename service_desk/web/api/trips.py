"""Itinerant trip endpoints: list, register, one trip with its attentions."""

from __future__ import annotations

from flask import jsonify, request

from service_desk.domain.catalog import OFFICES
from service_desk.services import trips as trip_service
from service_desk.web.api import bp
from service_desk.web.api.auth import current_actor
from service_desk.web.api.parsing import json_body, parse_date, query_choice
from service_desk.web.api.serializers import trip_json, trip_report_json


@bp.get("/trips")
def list_trips():
    """Visible trips, newest first (office scope); `since` keeps those ending on or after it."""
    actor = current_actor()
    office = query_choice("office", OFFICES, "La oficina")
    since = request.args.get("since")
    trips = trip_service.list_trips(actor, office, parse_date(since, "since") if since else None)
    return jsonify({"items": [trip_json(t) for t in trips]})


@bp.post("/trips")
def create_trip():
    """Register a trip of an office to a district (INEI ubigeo)."""
    trip = trip_service.create_trip(current_actor(), json_body())
    return jsonify(trip_json(trip)), 201


@bp.get("/trips/<int:trip_id>")
def get_trip(trip_id: int):
    """One trip with its attentions by type and language and its open cases."""
    actor = current_actor()
    trip = trip_service.get_trip(actor, trip_id)
    return jsonify(trip_report_json(trip_service.trip_report(actor, trip)))
