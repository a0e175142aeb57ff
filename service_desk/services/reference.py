"""Reference data: offices, deadline policies and the decreed non-working days."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service_desk import clock
from service_desk.domain.catalog import DEFAULT_DEADLINES, OFFICES
from service_desk.extensions import db
from service_desk.models import DeadlinePolicy, NonWorkingDay, Office
from service_desk.models.guards import install_append_only_guards

DS_2023 = "DS 151-2022-PCM (días no laborables del sector público)"
DS_2024 = "DS 011-2024-PCM (días no laborables del sector público)"
DS_2025 = "DS 042-2025-PCM (días no laborables del sector público)"
DS_APEC = "DS 110-2024-PCM (APEC: Lima Metropolitana y Callao)"

# (day, offices or None for national, decree). Regional days name the offices they cover.
DECREED_DAYS: list[tuple[date, tuple[str, ...] | None, str]] = [
    *[(date(2023, m, d), None, DS_2023) for m, d in
      ((1, 2), (4, 28), (6, 30), (7, 27), (10, 9), (12, 7), (12, 26))],
    (date(2024, 1, 2), None, DS_2023),
    *[(date(2024, m, d), None, DS_2024) for m, d in
      ((7, 26), (10, 7), (12, 6), (12, 23), (12, 24), (12, 30), (12, 31))],
    *[(date(2024, 11, d), ("LIM", "SEDE"), DS_APEC) for d in (14, 15, 16)],
    (date(2025, 5, 2), None, DS_2025),
    (date(2025, 12, 26), None, DS_2025),
    (date(2026, 1, 2), None, DS_2025),
]


def seed_reference_data() -> dict[str, int]:
    """Load offices, deadline policies and decreed days, and guard the audit tables; safe to run again."""
    now = clock.now()
    added = {"offices": 0, "policies": 0, "non_working_days": 0}
    known = set(db.session.scalars(select(Office.code)))
    for code, name in OFFICES.items():
        if code not in known:
            db.session.add(Office(code=code, name=name))
            added["offices"] += 1
    db.session.flush()
    policies = set(db.session.scalars(select(DeadlinePolicy.ticket_type)))
    for ticket_type, days in DEFAULT_DEADLINES.items():
        if ticket_type not in policies:
            db.session.add(DeadlinePolicy(ticket_type=ticket_type, business_days=days,
                                          updated_at=now))
            added["policies"] += 1
    added["non_working_days"] = _seed_days(now)
    added["channel_targets"] = _seed_targets()
    added["message_templates"] = _seed_templates()
    db.session.commit()
    install_append_only_guards(db.engine)  # PostgreSQL: audit tables refuse UPDATE/DELETE
    return added


def _seed_targets() -> int:
    from service_desk.services.targets import seed_targets  # annex 8.1, shipped as package data

    return seed_targets()


def _seed_templates() -> int:
    from service_desk.services.messages import seed_templates  # the Spanish texts for citizens

    return seed_templates()


def _seed_days(now) -> int:
    ids = dict(db.session.execute(select(Office.code, Office.id)).all())
    existing = set(db.session.execute(select(NonWorkingDay.day, NonWorkingDay.office_id)).all())
    count = 0
    for day, offices, reason in DECREED_DAYS:
        for office_id in [ids[o] for o in offices] if offices else [None]:
            if (day, office_id) not in existing:
                db.session.add(NonWorkingDay(day=day, office_id=office_id, reason=reason,
                                             created_at=now))
                count += 1
    return count
