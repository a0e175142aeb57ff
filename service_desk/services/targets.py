"""Annual channel targets per office (annex 8.1) as editable data, and logro % so far."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from service_desk import clock
from service_desk.domain.access import SEALED_TYPE, Actor
from service_desk.domain.catalog import CHANNELS, OFFICES
from service_desk.domain.errors import Forbidden, ValidationError
from service_desk.domain.indicators import TargetRow, expected_share
from service_desk.domain.workflow import Status
from service_desk.extensions import db
from service_desk.models import ChannelTarget, Office, Ticket
from service_desk.services.indicators import report_offices

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EDITING_ROLES = frozenset({"national_supervisor", "admin"})


def _read_default_targets() -> list[tuple[int, str, str, int]]:
    """(year, office, channel, target) from the package's data/targets_*.csv files."""
    found = []
    for path in sorted(DATA_DIR.glob("targets_*.csv")):
        with path.open(encoding="utf-8") as handle:
            lines = [line for line in handle if not line.startswith("#")]
        for row in csv.DictReader(lines):
            found.append((int(row["year"]), row["office"], row["channel"], int(row["target"])))
    return found


def seed_targets() -> int:
    """Add the shipped targets missing from the database (edited values are kept). No commit."""
    now = clock.now()
    ids = dict(db.session.execute(select(Office.code, Office.id)).all())
    existing = set(db.session.execute(
        select(ChannelTarget.year, ChannelTarget.office_id, ChannelTarget.channel)).all())
    new = [ChannelTarget(year=year, office_id=ids[office], channel=channel, target=target,
                         updated_at=now)
           for year, office, channel, target in _read_default_targets()
           if office in ids and (year, ids[office], channel) not in existing]
    db.session.add_all(new)
    return len(new)


@dataclass(frozen=True)
class TargetReport:
    year: int
    as_of: date
    expected_share: float  # fraction of the year elapsed
    rows: list[TargetRow]
    by_channel: list[TargetRow]  # scope totals per channel (office "TOTAL")


def targets_of(year: int, offices: list[str]) -> dict[tuple[str, str], int]:
    rows = db.session.execute(
        select(Office.code, ChannelTarget.channel, ChannelTarget.target)
        .join(Office, ChannelTarget.office_id == Office.id)
        .where(ChannelTarget.year == year, Office.code.in_(offices))).all()
    return {(r.code, r.channel): r.target for r in rows}


def _attentions(year: int, offices: list[str], until: date) -> dict[tuple[str, str], int]:
    """Attentions received in the year up to `until`, per office and channel (one GROUP BY).

    Annulled tickets (duplicates, errors) and denuncias (confidential) are not counted.
    """
    rows = db.session.execute(
        select(Office.code, Ticket.channel, func.count(Ticket.id).label("n"))
        .select_from(Ticket).join(Office, Ticket.office_id == Office.id)
        .where(Ticket.received_on.between(date(year, 1, 1), until), Office.code.in_(offices),
               Ticket.status != Status.ANULADO.value, Ticket.type != SEALED_TYPE)
        .group_by(Office.code, Ticket.channel)).all()
    return {(r.code, r.channel): r.n for r in rows}


def achievement(actor: Actor, year: int, office: str | None = None) -> TargetReport:
    """Logro % per office and channel for the year so far, against the annual targets."""
    offices = report_offices(actor, office)
    today = clock.today_in_lima()
    until = min(today, date(year, 12, 31))
    targets, actual = targets_of(year, offices), _attentions(year, offices, until)
    rows = [TargetRow(o, c, targets.get((o, c), 0), actual.get((o, c), 0))
            for o in offices for c in CHANNELS
            if targets.get((o, c)) or actual.get((o, c))]
    by_channel = [TargetRow("TOTAL", c, sum(r.target for r in rows if r.channel == c),
                            sum(r.actual for r in rows if r.channel == c)) for c in CHANNELS]
    return TargetReport(year, today, expected_share(year, today), rows,
                        [r for r in by_channel if r.target or r.actual])


def _require_editor(actor: Actor) -> None:
    if actor.role not in EDITING_ROLES:
        raise Forbidden("Solo la supervisión nacional o un administrador puede editar las metas.")


def save_targets(actor: Actor, year: int, values: dict[tuple[str, str], object]) -> int:
    """Set the targets of a year from {(office, channel): value}; returns how many changed."""
    _require_editor(actor)
    errors, clean = {}, {}
    for (office, channel), raw in values.items():
        key = f"{office}:{channel}"
        if office not in OFFICES or channel not in CHANNELS:
            errors[key] = "Oficina o canal desconocido."
            continue
        try:
            clean[(office, channel)] = int(str(raw).strip() or 0)
        except ValueError:
            errors[key] = "Ingrese un número entero."
            continue
        if not 0 <= clean[(office, channel)] <= 10_000_000:
            errors[key] = "La meta debe estar entre 0 y 10 000 000."
    if errors:
        raise ValidationError(errors, "Revise las metas marcadas.")
    changed = _upsert(year, clean)
    db.session.commit()
    return changed


def _upsert(year: int, values: dict[tuple[str, str], int]) -> int:
    now = clock.now()
    ids = dict(db.session.execute(select(Office.code, Office.id)).all())
    current = {(t.office_id, t.channel): t for t in db.session.scalars(
        select(ChannelTarget).where(ChannelTarget.year == year))}
    changed = 0
    for (office, channel), target in values.items():
        row = current.get((ids[office], channel))
        if row is None:
            db.session.add(ChannelTarget(year=year, office_id=ids[office], channel=channel,
                                         target=target, updated_at=now))
        elif row.target != target:
            row.target, row.updated_at = target, now
        else:
            continue
        changed += 1
    return changed


def copy_targets(actor: Actor, source_year: int, target_year: int) -> int:
    """Start a year's targets from another year's (only the missing ones are added)."""
    _require_editor(actor)
    source = targets_of(source_year, list(OFFICES))
    if not source:
        raise ValidationError({"source_year": f"No hay metas registradas para {source_year}."})
    existing = targets_of(target_year, list(OFFICES))
    added = _upsert(target_year, {k: v for k, v in source.items() if k not in existing})
    db.session.commit()
    return added
