"""Which views read from the replica, and read-your-writes for the person who just wrote.

Mark a view that only reads, and may show data a few seconds old, with
`@reads_from_replica` (reports, exports, dashboards, queues and searches, the API's
lists). Everything else stays on the primary: every write, the case page after an
action, the registration receipt. After a page form that writes (any POST that did
not fail), the same browser reads from the primary for REPLICA_STICKY_SECONDS, so the
agent who just closed a case never sees it open in a report or queue.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from functools import wraps

from flask import Flask, current_app, request, session
from sqlalchemy.exc import OperationalError

from service_desk.extensions import db
from service_desk.replica import current_replica, primary_reads, reading_from_replica, replica_reads

PINNED_KEY = "_primary_until"
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def reads_from_replica(view):
    """Run the view's reads on the replica when it is healthy, else on the primary.

    If the replica fails under the request (stopped, restarted, a query cancelled by
    recovery: all OperationalError), it is marked down and the view runs again on the
    primary: a read-only view has nothing half-done to undo. A write refused by the
    read-only replica is an InternalError and propagates: it is a bug in the view.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_replica() is None or _pinned_to_primary():
            return view(*args, **kwargs)
        with replica_reads() as used:
            if not used:
                return view(*args, **kwargs)
            try:
                return view(*args, **kwargs)
            except OperationalError as error:  # not a refused write: that must fail loudly
                current_app.logger.warning("replica read failed, retrying on the primary: %s",
                                           type(error.orig).__name__)
                db.session.rollback()
                current_replica().mark_down(f"{type(error.orig).__name__}: {error.orig}")
        with primary_reads():
            return view(*args, **kwargs)

    wrapper.reads_from_replica = True
    return wrapper


def stream_from_replica(chunks: Iterable) -> Iterator:
    """A streamed body (CSV export) keeps the view's routing: it is read after the view returned.

    Call it inside a @reads_from_replica view. A replica failing mid-stream cuts the
    download, as the primary failing would: the person downloads again.
    """
    routed = reading_from_replica()

    def generate():
        if not routed:
            yield from chunks
            return
        with replica_reads():
            yield from chunks

    return generate()


def _pinned_to_primary() -> bool:
    return float(session.get(PINNED_KEY, 0) or 0) > time.time()


def register(app: Flask) -> None:
    """With a replica configured, pin a browser to the primary for a while after it writes."""
    if not app.config.get("DATABASE_REPLICA_URL"):
        return
    sticky = float(app.config.get("REPLICA_STICKY_SECONDS", 10))

    @app.after_request
    def _pin_after_write(response):
        # Only cookie sessions of signed-in people; API clients read their write from its URL.
        # Signing in writes nothing the next pages show, so it does not pin.
        wrote = request.method in WRITING_METHODS and request.blueprint != "auth"
        if wrote and response.status_code < 400 and "_user_id" in session:
            session[PINNED_KEY] = time.time() + sticky
        return response
