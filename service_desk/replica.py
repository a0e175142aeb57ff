"""Read routing to a hot-standby replica (DATABASE_REPLICA_URL), with fallback to the primary.

The one `db.session` serves both databases: while a read-only view runs inside
`replica_reads()`, the statements it executes go to the replica engine, except the
ORM's flushes (an access-log line, say), which always go to the primary. Core
INSERT/UPDATE/DELETE executed there are not rerouted: the replica's connections
are opened read-only, so such a write fails loudly instead of slipping through.

The replica serves reads only while it is healthy: reachable, and either caught up
with the WAL it received or less than REPLICA_MAX_LAG_SECONDS behind. The check is
cached for REPLICA_HEALTH_CACHE_SECONDS per process, so it is not a query per request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

# Set while a read-only view runs; per thread/greenlet, so concurrent requests never mix.
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)

APPLICATION_NAME = "service-desk-replica-reads"

# One round trip: is it a standby, has it replayed all it received, how old is the last replay,
# is the WAL receiver streaming. An idle primary makes the replay timestamp old, so the age
# only counts while WAL is pending.
LAG_QUERY = text("""
    SELECT pg_is_in_recovery() AS standby,
           COALESCE(pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn(), false) AS caught_up,
           EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) AS replay_age,
           (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS receiver
""")


@dataclass(frozen=True)
class ReplicaState:
    """What /healthz reports: status is ok, lagging, disconnected or down."""

    status: str
    lag_seconds: float | None = None
    detail: str | None = None

    @property
    def serves_reads(self) -> bool:
        return self.status == "ok"

    def as_dict(self) -> dict:
        found = {"status": self.status, "lag_seconds": self.lag_seconds}
        return found | ({"detail": self.detail} if self.detail else {})


class Replica:
    """The replica engine and its cached health."""

    def __init__(self, engine: Engine, max_lag_seconds: float, cache_seconds: float):
        self.engine = engine
        self.max_lag_seconds = max_lag_seconds
        self.cache_seconds = cache_seconds
        self._lock = threading.Lock()
        self._state: ReplicaState | None = None
        self._checked_at = 0.0

    def state(self) -> ReplicaState:
        """The replica's health, probed at most once per cache period in this process."""
        with self._lock:
            if self._state is None or time.monotonic() - self._checked_at >= self.cache_seconds:
                self._state = self._probe()
                self._checked_at = time.monotonic()
                if not self._state.serves_reads:
                    log.warning("replica not serving reads: %s", self._state.as_dict())
            return self._state

    def mark_down(self, reason: str) -> None:
        """A query on the replica just failed: reads go to the primary until the next probe."""
        with self._lock:
            self._state = ReplicaState("down", detail=reason[:200])
            self._checked_at = time.monotonic()

    def _probe(self) -> ReplicaState:
        try:
            with self.engine.connect() as connection:
                if connection.dialect.name != "postgresql":
                    connection.execute(text("SELECT 1"))
                    return ReplicaState("ok", 0.0)
                row = connection.execute(LAG_QUERY).one()
        except Exception as error:  # unreachable, refused, timed out: all mean "use the primary"
            return ReplicaState("down", detail=f"{type(error).__name__}: {error}".splitlines()[0][:200])
        return self._judge(row)

    def _judge(self, row) -> ReplicaState:
        if not row.standby:  # a promoted replica, or a primary named as replica: always current
            return ReplicaState("ok", 0.0)
        if row.receiver != "streaming":
            return ReplicaState("disconnected", None, "the WAL receiver is not streaming")
        if row.caught_up:
            return ReplicaState("ok", 0.0)
        lag = float(row.replay_age) if row.replay_age is not None else None
        if lag is None or lag > self.max_lag_seconds:
            return ReplicaState("lagging", lag)
        return ReplicaState("ok", lag)


def replica_engine(url: str, pooler: str | None = None) -> Engine:
    """An engine whose connections refuse to write: a write through the replica path fails."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, pool_pre_ping=True)

        @event.listens_for(engine, "connect")
        def _query_only(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA query_only = ON")

        return engine
    # application_name: the replica's pg_stat_activity shows which sessions are the desk's reads.
    connect_args: dict = {"connect_timeout": 3, "application_name": APPLICATION_NAME,
                          "options": "-c default_transaction_read_only=on"}
    if pooler:
        connect_args["prepare_threshold"] = None
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection, _record):
        # psycopg then opens every transaction with BEGIN READ ONLY: this survives a pooler
        # that drops the `options` startup parameter (PgBouncer ignores it).
        dbapi_connection.read_only = True

    return engine


def init_replica(app: Flask) -> None:
    """Create the replica engine when DATABASE_REPLICA_URL is set; without it nothing changes."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if not url:
        return
    app.extensions["replica"] = Replica(
        replica_engine(url, app.config.get("DATABASE_POOLER")),
        float(app.config.get("REPLICA_MAX_LAG_SECONDS", 30)),
        float(app.config.get("REPLICA_HEALTH_CACHE_SECONDS", 5)))


def current_replica() -> Replica | None:
    return current_app.extensions.get("replica") if has_app_context() else None


def replica_state() -> ReplicaState:
    """The current app's replica state; "off" when no replica is configured."""
    replica = current_replica()
    return replica.state() if replica else ReplicaState("off")


@contextmanager
def replica_reads() -> Iterator[bool]:
    """Send this block's reads to the replica if it is healthy; yields whether it is used."""
    replica = current_replica()
    use = replica is not None and replica.state().serves_reads
    token = _reading_from_replica.set(use)
    try:
        yield use
    finally:
        _reading_from_replica.reset(token)


def reading_from_replica() -> bool:
    """True inside `replica_reads()` when the replica is in use."""
    return _reading_from_replica.get()


@contextmanager
def primary_reads() -> Iterator[None]:
    """Force this block back to the primary (the fallback after a replica failure)."""
    token = _reading_from_replica.set(False)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class RoutingSession(Session):
    """Flask-SQLAlchemy's session, sending reads to the replica inside `replica_reads()`."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and not self._flushing and _reading_from_replica.get():
            replica = current_replica()
            if replica is not None:
                return replica.engine
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
