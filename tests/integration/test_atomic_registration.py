"""A new ticket and whatever the channel saves with it land together or not at all."""

import pytest
from sqlalchemy import func, select

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import Citizen, Ticket, TicketEvent
from service_desk.services.tickets import register_ticket
from tests.factories import ticket_body

SYSTEM = Actor(id=None, role="national_supervisor", office="SEDE")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_failure_while_saving_the_channel_data_leaves_no_ticket_behind(app):
    def broken_attachment_store(ticket):
        raise OSError("disco lleno")

    with pytest.raises(OSError):
        register_ticket(SYSTEM, ticket_body(), on_created=broken_attachment_store)
    db.session.rollback()
    assert (count(Ticket), count(Citizen), count(TicketEvent)) == (0, 0, 0)


def test_work_done_on_creation_is_committed_with_the_ticket(app):
    def add_note(ticket):
        db.session.add(TicketEvent(ticket_id=ticket.id, at=ticket.created_at, kind="note",
                                   changes={}, note="Adjuntos guardados"))

    registration = register_ticket(SYSTEM, ticket_body(), on_created=add_note)
    db.session.rollback()  # nothing pending: both were committed together
    kinds = db.session.scalars(select(TicketEvent.kind).where(
        TicketEvent.ticket_id == registration.ticket.id)).all()
    assert sorted(kinds) == ["created", "note"]


def test_a_repeated_client_uuid_does_not_run_the_creation_work_again(app):
    body, calls = ticket_body(), []
    register_ticket(SYSTEM, body, on_created=calls.append)
    again = register_ticket(SYSTEM, body, on_created=calls.append)
    assert again.created is False and len(calls) == 1
