"""Trip pages: the list, the registration form and one trip with its attentions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from service_desk.domain import access
from service_desk.domain.catalog import LANGUAGES, OFFICES, TICKET_TYPES
from service_desk.domain.errors import ValidationError
from service_desk.extensions import db
from service_desk.models import Office, User
from service_desk.services import trips as trip_service
from service_desk.services import ubigeo
from service_desk.web.audit import log_access
from service_desk.web.auth.guards import current_actor
from service_desk.web.trips import bp


def _offices() -> list[str]:
    actor = current_actor()
    return list(OFFICES) if access.sees_all_offices(actor) else [actor.office]


@bp.get("/")
def index():
    """Trips of my office (every office for national roles), newest first."""
    actor = current_actor()
    office = request.args.get("office") if request.args.get("office") in OFFICES else None
    trips = trip_service.list_trips(actor, office)
    return render_template("trips/list.html", trips=trips, district=ubigeo.district,
                           offices=OFFICES, office=office,
                           national=access.sees_all_offices(actor),
                           can_plan=actor.role in access.TRIP_PLANNING_ROLES)


def _staff_choices(offices: list[str]) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Office, User.office_id == Office.id)
        .where(Office.code.in_(offices), User.active.is_(True),
               User.role.in_(trip_service.FIELD_STAFF_ROLES)).order_by(User.username)))


@bp.route("/nuevo", methods=["GET", "POST"])
def new():
    """Register a trip: office, district, dates, staff, languages and notes."""
    actor = current_actor()
    if actor.role not in access.TRIP_PLANNING_ROLES:
        abort(403)
    offices = _offices()
    values = {"office": actor.office if actor.office in offices else offices[0], "staff": [],
              "languages": []}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in (
            "office", "ubigeo", "starts_on", "ends_on", "notes")}
        values.update(staff=request.form.getlist("staff"), languages=request.form.getlist("languages"))
        try:
            trip = trip_service.create_trip(actor, values)
        except ValidationError as error:
            db.session.rollback()
            errors = error.fields
        else:
            flash(f"Viaje N.º {trip.id} registrado.", "success")
            return redirect(url_for("trips.show", trip_id=trip.id))
    office = values.get("office") if values.get("office") in offices else offices[0]
    return render_template(
        "trips/new.html", values=values, errors=errors, offices={c: OFFICES[c] for c in offices},
        districts=ubigeo.districts_of(office if len(offices) == 1 else "SEDE"),
        staff=_staff_choices(offices), languages=LANGUAGES), 422 if errors else 200


@bp.get("/<int:trip_id>")
def show(trip_id: int):
    """One trip: its district and staff, attentions by type and language, its open cases."""
    actor = current_actor()
    trip = trip_service.get_trip(actor, trip_id)
    report = trip_service.trip_report(actor, trip)
    html = render_template("trips/show.html", trip=trip, report=report,
                           district=ubigeo.district(trip.ubigeo), types=TICKET_TYPES,
                           languages=LANGUAGES)
    if report.open_cases:  # the open cases carry citizens' names
        log_access("view", "trip", str(trip.id))
    return html
