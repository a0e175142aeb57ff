"""Itinerant trips: register, list, one trip's attentions, and the trip check of an attention."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from service_desk import clock
from service_desk.domain import access
from service_desk.domain.access import Actor
from service_desk.domain.calendar import lima_date
from service_desk.domain.errors import Forbidden, NotFound, ValidationError
from service_desk.domain.trips import attention_trip_error, validate_trip
from service_desk.domain.workflow import OPEN_STATUSES
from service_desk.extensions import db
from service_desk.models import Office, Ticket, Trip, User
from service_desk.services import ubigeo

FIELD_STAFF_ROLES = frozenset({"itinerant", "agent", "supervisor"})
# The field app downloads the trips that ended at most this long ago, and the coming ones.
FIELD_WINDOW = timedelta(days=30)


def _require(actor: Actor, roles: frozenset[str], message: str) -> None:
    if actor.role not in roles:
        raise Forbidden(message)


def create_trip(actor: Actor, data: object) -> Trip:
    """Register a trip of an office to one of its districts, with its staff and languages."""
    _require(actor, access.TRIP_PLANNING_ROLES, "Su rol no puede registrar viajes itinerantes.")
    entry = validate_trip(data)
    if not (access.sees_all_offices(actor) or actor.office == entry.office):
        raise Forbidden("Solo puede registrar viajes de su oficina.", {"office": entry.office})
    errors: dict[str, str] = {}
    if not ubigeo.in_office_territory(entry.office, entry.ubigeo):
        errors["ubigeo"] = "El distrito no existe o no pertenece al ámbito de la oficina."
    staff = list(db.session.scalars(select(User).where(User.username.in_(entry.staff))))
    unknown = [name for name in entry.staff if name not in {u.username for u in staff}
               or not _may_travel(next(u for u in staff if u.username == name), entry.office)]
    if unknown:
        errors["staff"] = f"Personal desconocido o de otra oficina: {', '.join(unknown)}."
    if errors:
        raise ValidationError(errors)
    office = db.session.scalar(select(Office).where(Office.code == entry.office))
    trip = Trip(office=office, ubigeo=entry.ubigeo, starts_on=entry.starts_on,
                ends_on=entry.ends_on, languages=entry.languages, notes=entry.notes,
                staff=staff, created_by_id=actor.id, created_at=clock.now())
    db.session.add(trip)
    db.session.commit()
    return trip


def _may_travel(user: User, office: str) -> bool:
    return user.active and user.role in FIELD_STAFF_ROLES and user.office_code == office


def _visible(actor: Actor):
    _require(actor, access.TRIP_ROLES, "Su rol no usa los viajes itinerantes.")
    query = select(Trip).join(Office, Trip.office_id == Office.id).options(
        selectinload(Trip.staff), selectinload(Trip.office))
    return query if access.sees_all_offices(actor) else query.where(Office.code == actor.office)


def list_trips(actor: Actor, office: str | None = None, since: date | None = None) -> list[Trip]:
    """Visible trips, newest first; `since` keeps those ending on or after that day."""
    query = _visible(actor)
    if office:
        query = query.where(Office.code == office)
    if since:
        query = query.where(Trip.ends_on >= since)
    return list(db.session.scalars(query.order_by(Trip.starts_on.desc(), Trip.id.desc())))


def field_trips(actor: Actor) -> list[Trip]:
    """The trips the field app downloads: the actor's offices, recent and coming."""
    if actor.role not in access.TRIP_ROLES:
        return []
    return list_trips(actor, since=clock.today_in_lima() - FIELD_WINDOW)


def get_trip(actor: Actor, trip_id: int) -> Trip:
    trip = db.session.scalar(_visible(actor).where(Trip.id == trip_id))
    if trip is None:
        raise NotFound("No existe un viaje con ese número.")
    return trip


@dataclass(frozen=True)
class TripReport:
    trip: Trip
    total: int
    by_type: dict[str, int]
    by_language: dict[str, int]
    by_type_and_language: dict[tuple[str, str], int]
    open_cases: list[Ticket]


def trip_report(actor: Actor, trip: Trip) -> TripReport:
    """Attentions of the trip by type and language, and its cases still open (no denuncias)."""
    rows = db.session.execute(
        select(Ticket.type, Ticket.language, func.count(Ticket.id))
        .where(Ticket.trip_id == trip.id, Ticket.type != access.SEALED_TYPE)
        .group_by(Ticket.type, Ticket.language)).all()
    pairs = {(t, lang or "es"): n for t, lang, n in rows}
    by_type: Counter = Counter()
    by_language: Counter = Counter()
    for (kind, lang), n in pairs.items():
        by_type[kind] += n
        by_language[lang] += n
    open_cases = list(db.session.scalars(
        select(Ticket).where(Ticket.trip_id == trip.id, Ticket.type != access.SEALED_TYPE,
                             Ticket.status.in_([s.value for s in OPEN_STATUSES]))
        .options(selectinload(Ticket.citizen)).order_by(Ticket.due_on.asc().nulls_last(), Ticket.id)))
    return TripReport(trip, sum(pairs.values()), dict(by_type), dict(by_language), pairs, open_cases)


class TripChecker:
    """Checks attentions against their trips, loading each trip once (a sync batch has many)."""

    def __init__(self) -> None:
        self._trips: dict[int, tuple[str, date, date] | None] = {}

    def error(self, trip_id: int | None, office: str, channel: str,
              filed_at: datetime | None) -> str | None:
        if trip_id is None:
            return None
        if trip_id not in self._trips:
            row = db.session.execute(
                select(Office.code, Trip.starts_on, Trip.ends_on)
                .join(Office, Trip.office_id == Office.id).where(Trip.id == trip_id)).first()
            self._trips[trip_id] = tuple(row) if row else None
        known = self._trips[trip_id]
        day = lima_date(filed_at or clock.now())
        if known is None:
            return attention_trip_error(None, None, None, office, channel, day)
        return attention_trip_error(known[0], known[1], known[2], office, channel, day)


def check_attention_trip(trip_id: int | None, office: str, channel: str,
                         filed_at: datetime | None) -> None:
    """Raise a 422 on `trip` when the attention cannot belong to that trip."""
    problem = TripChecker().error(trip_id, office, channel, filed_at)
    if problem:
        raise ValidationError({"trip": problem})
