"""The bench's national data set looks like JUNTOS: channels, offices, types, legal dates, history."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from bench import profile
from bench.generate import generate
from service_desk import clock
from service_desk.domain.calendar import LIMA
from service_desk.extensions import db
from service_desk.models import Citizen, Office, Ticket, TicketEvent
from service_desk.services.calendar import business_calendar, deadline_days

TICKETS = 6_000


@pytest.fixture(scope="module")
def dataset(_app):
    """A 6,000-ticket, ten-year data set generated into the test database."""
    url = _app.config["SQLALCHEMY_DATABASE_URI"]
    with _app.app_context():
        db.session.remove()
        db.engine.dispose()
    summary = generate(url, TICKETS, years=10, end=date(2024, 6, 28), seed=7)
    with _app.app_context():
        db.engine.dispose()
        yield summary
        db.session.remove()


@pytest.fixture
def session(dataset, _app):
    with _app.app_context():
        yield db.session
        db.session.rollback()


def _count_by(session, column, *where) -> Counter:
    query = select(column, func.count()).select_from(Ticket).join(Office, Ticket.office_id == Office.id)
    return Counter(dict(session.execute(query.where(*where).group_by(column)).all()))


def _share(counter: Counter, key: str) -> float:
    return counter[key] / sum(counter.values())


def test_channels_follow_the_national_targets_of_the_plan(session):
    counts = _count_by(session, Ticket.channel)
    targets = Counter()
    for (_office, channel), weight in profile.office_channel_weights().items():
        targets[channel] += weight
    assert sum(counts.values()) == TICKETS
    for channel in targets:
        assert _share(counts, channel) == pytest.approx(_share(targets, channel), abs=0.02)
    assert _share(counts, "telefonico") > 0.5  # the 1880 line carries most of the load


def test_whatsapp_correo_and_libro_are_handled_at_sede_central(session):
    offices = set(session.scalars(
        select(Office.code).join(Ticket, Ticket.office_id == Office.id)
        .where(Ticket.channel.in_(profile.SEDE_ONLY)).distinct()))
    assert offices == {"SEDE"}


def test_every_territorial_unit_receives_attentions_in_the_annex_proportions(session):
    counts = _count_by(session, Office.code, Ticket.channel == "telefonico")
    weights = Counter({o: w for (o, c), w in profile.office_channel_weights().items()
                       if c == "telefonico"})
    assert set(counts) == set(weights)
    for office in weights:
        assert _share(counts, office) == pytest.approx(_share(weights, office), abs=0.03)


def test_consultas_dominate_and_the_libro_only_holds_reclamos_and_quejas(session):
    types = _count_by(session, Ticket.type)
    assert _share(types, "consulta") > 0.5
    assert 0.02 < _share(types, "reclamo") < 0.15
    libro = set(session.scalars(select(Ticket.type).where(
        Ticket.channel == "libro_reclamaciones").distinct()))
    assert libro == {"reclamo", "queja"}


def test_the_history_spans_ten_years_with_old_cases_closed_and_recent_ones_open(session):
    first, last = session.execute(select(func.min(Ticket.received_on), func.max(Ticket.received_on))).one()
    assert first.year == 2014 and last <= date(2024, 6, 28)
    old_open = session.scalar(select(func.count()).where(
        Ticket.received_on < date(2023, 1, 1), Ticket.status.in_(["registrado", "en_proceso", "derivado"])))
    recent_open = session.scalar(select(func.count()).where(
        Ticket.received_on >= date(2024, 6, 1), Ticket.status.in_(["registrado", "en_proceso", "derivado"])))
    closed = session.scalar(select(func.count()).where(Ticket.status == "cerrado"))
    assert closed > 0.9 * TICKETS
    assert recent_open > old_open


def test_legal_dates_are_those_of_the_real_business_calendar(session):
    cal = business_calendar()
    sample = session.execute(
        select(Ticket.type, Office.code, Ticket.filed_at, Ticket.received_on, Ticket.due_on)
        .join(Office, Ticket.office_id == Office.id).where(Ticket.due_on.is_not(None))
        .order_by(Ticket.id).limit(200)).all()
    for kind, office, filed_at, received_on, due_on in sample:
        assert received_on == cal.reception_day(filed_at, office)
        assert due_on == cal.add_business_days(received_on, deadline_days(kind), office)


def test_nothing_is_filed_in_the_future_nor_closed_before_it_was_filed(session):
    assert session.scalar(select(func.max(Ticket.filed_at))) <= clock.now()
    assert session.scalar(select(func.count()).where(Ticket.closed_at < Ticket.filed_at)) == 0
    closed_days = session.execute(select(Ticket.closed_at, Ticket.closed_on)
                                  .where(Ticket.closed_at.is_not(None)).limit(200)).all()
    assert all(at.astimezone(LIMA).date() == on for at, on in closed_days)


def test_every_ticket_has_an_audit_trail_and_citizens_come_back(session):
    without_events = session.scalar(select(func.count()).select_from(Ticket).where(
        ~select(TicketEvent.id).where(TicketEvent.ticket_id == Ticket.id).exists()))
    assert without_events == 0
    assert session.scalar(select(func.count()).select_from(TicketEvent)) > 2 * TICKETS
    repeat = session.scalar(select(func.count()).select_from(
        select(Ticket.citizen_id).where(Ticket.citizen_id.is_not(None)).group_by(Ticket.citizen_id)
        .having(func.count() > 1).subquery()))
    assert repeat > 100
    assert session.scalar(select(func.count()).select_from(Citizen).where(
        func.length(Citizen.document_number) != 8, Citizen.document_type == "DNI")) == 0


def test_denuncias_carry_no_citizen(session):
    assert session.scalar(select(func.count()).where(
        Ticket.type == "denuncia", Ticket.citizen_id.is_not(None))) == 0
