"""Ticket codes stay unique when several processes register at once on PostgreSQL."""

import multiprocessing
import os

import pytest
from sqlalchemy import func, select

from service_desk.extensions import db
from service_desk.models import Ticket

PROCESSES = 4
PER_PROCESS = 15


def _register_many(url: str, worker: int, queue) -> None:
    from service_desk import create_app
    from service_desk.domain.access import Actor
    from service_desk.services.tickets import register_ticket
    from tests.factories import ticket_body

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    actor = Actor(id=None, role="national_supervisor", office="SEDE")
    codes, errors = [], []
    with app.app_context():
        for i in range(PER_PROCESS):
            # Same office and same new citizen from every process: the worst case.
            body = ticket_body(citizen={"document_number": f"{70000000 + i}"})
            try:
                codes.append(register_ticket(actor, body).ticket.code)
            except Exception as error:  # reported back to the parent, which asserts none
                errors.append(repr(error))
        db.engine.dispose()
    queue.put((worker, codes, errors))


@pytest.mark.postgres
def test_processes_registering_at_once_get_unique_codes_without_errors(app):
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL no apunta a PostgreSQL")
    db.session.commit()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_register_many, args=(url, n, queue)) for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    codes = [code for _, found, _ in results for code in found]
    assert [errors for _, _, errors in results] == [[]] * PROCESSES
    assert len(codes) == PROCESSES * PER_PROCESS == len(set(codes))
    assert db.session.scalar(select(func.count(Ticket.id))) == len(codes)
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, len(codes) + 1))
