"""The semester report to the Dirección Ejecutiva (seed 000, section VII), computed from the register.

One function builds the figures (JSON, per API.md, plus the sections the PDF and the
workbook show); every count is one GROUP BY. Denuncias are never counted here: the
report leaves the integrity role's sealed cases out of every section.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from service_desk import clock
from service_desk.domain.access import SEALED_TYPE, Actor
from service_desk.domain.catalog import CHANNELS, MOTIVES, OFFICES, SUBJECTS, TICKET_TYPES
from service_desk.domain.errors import Forbidden
from service_desk.domain.indicators import INDICATOR_TARGET, Period, percentage, quarters_in
from service_desk.domain.semester import BACKLOG_AGES, NOT_RECORDED, backlog_age, semester_target
from service_desk.domain.workflow import OPEN_STATUSES, Status
from service_desk.extensions import db
from service_desk.models import ChannelTarget, Citizen, Office, Ticket
from service_desk.services.indicators import IndicatorReport, indicator_3
from service_desk.services.reports.satisfaction import survey_results, surveys_json
from service_desk.services.targets import targets_of

REPORT_ROLES = frozenset({"national_supervisor"})
# The scheduler and the CLI prepare the national report as this actor.
SYSTEM_ACTOR = Actor(id=None, role="national_supervisor", office="SEDE")


def indicator3_json(report: IndicatorReport) -> dict:
    """The body of GET /api/v1/indicators/3."""
    period = report.period
    return {"period": period.code, "from": period.start.isoformat(), "to": period.end.isoformat(),
            "as_of": report.as_of.isoformat(), "target": float(INDICATOR_TARGET),
            "rows": [row.as_dict() for row in report.rows], "total": report.total.as_dict()}


def semester_report(actor: Actor, period: Period) -> dict:
    """The whole report for national supervisors (403 for every other role)."""
    if actor.role not in REPORT_ROLES:
        raise Forbidden("Solo la supervisión nacional (UCI) puede ver el informe semestral.")
    return build_report(period)


def build_report(period: Period) -> dict:
    today = clock.today_in_lima()
    return {
        "period": period.code, "from": period.start.isoformat(), "to": period.end.isoformat(),
        "as_of": today.isoformat(),
        "indicator3": indicator3_json(indicator_3(SYSTEM_ACTOR, period)),
        "indicator3_quarters": [indicator3_json(indicator_3(SYSTEM_ACTOR, q))
                                for q in quarters_in(period)],
        "volumes": volumes(period), "targets_year": target_year(period),
        "types": _count_by(Ticket.type, period, keys=[t for t in TICKET_TYPES if t != SEALED_TYPE]),
        "subjects": _count_by(Ticket.subject, period, keys=list(SUBJECTS)),
        "motives": motives(period),
        "languages": languages(period),
        "surveys": surveys_json(survey_results(SYSTEM_ACTOR, period)),
        "backlog": backlog(period, today),
    }


def _attentions(period: Period):
    """Attentions received in the period: annulled (duplicates, errors) and denuncias left out."""
    return (Ticket.received_on.between(period.start, period.end),
            Ticket.status != Status.ANULADO.value, Ticket.type != SEALED_TYPE)


def _count_by(column, period: Period, keys: list[str] | None = None, *where) -> dict[str, int]:
    rows = db.session.execute(select(column.label("key"), func.count(Ticket.id))
                              .where(*_attentions(period), *where).group_by(column)).all()
    found = {key if key is not None else NOT_RECORDED: n for key, n in rows}
    ordered = {k: found.pop(k, 0) for k in keys or []}
    return ordered | dict(sorted(found.items()))


def volumes(period: Period) -> list[dict]:
    """Attentions per office and channel against the semester's share of the annual target."""
    offices = list(OFFICES)
    counts = dict(((r.code, r.channel), r.n) for r in db.session.execute(
        select(Office.code, Ticket.channel, func.count(Ticket.id).label("n"))
        .select_from(Ticket).join(Office, Ticket.office_id == Office.id)
        .where(*_attentions(period)).group_by(Office.code, Ticket.channel)))
    annual = targets_of(target_year(period), offices)
    rows = []
    for office in offices:
        for channel in CHANNELS:
            target = semester_target(annual.get((office, channel), 0))
            count = counts.get((office, channel), 0)
            if target or count:
                rows.append({"office": office, "channel": channel, "count": count, "target": target,
                             "achievement": percentage(count, target)})
    return rows


def target_year(period: Period) -> int:
    """The year whose annex 8.1 targets apply: the period's own, else the latest earlier one recorded."""
    latest = db.session.scalar(select(func.max(ChannelTarget.year)).where(ChannelTarget.year <= period.year))
    return latest or period.year


def motives(period: Period) -> dict[str, int]:
    """Reclamos of the period by motive (DS 007-2020-PCM art. 4); no_registrado when none was set."""
    return _count_by(Ticket.motive, period, [*MOTIVES, NOT_RECORDED], Ticket.type == "reclamo")


def languages(period: Period) -> dict[str, int]:
    """Attentions by language; without one recorded, the citizen's language, else no_registrado."""
    language = func.coalesce(Ticket.language, Citizen.language, NOT_RECORDED)
    rows = db.session.execute(
        select(language.label("key"), func.count(Ticket.id)).select_from(Ticket)
        .outerjoin(Citizen, Ticket.citizen_id == Citizen.id)
        .where(*_attentions(period)).group_by(language)).all()
    return dict(sorted(((k, n) for k, n in rows), key=lambda item: -item[1]))


def backlog(period: Period, today: date) -> dict[str, int]:
    """Open cases received up to the period's end and overdue today, by days past their due date."""
    rows = db.session.execute(
        select(Ticket.due_on, func.count(Ticket.id)).where(
            Ticket.received_on <= period.end, Ticket.type != SEALED_TYPE,
            Ticket.status.in_([s.value for s in OPEN_STATUSES]), Ticket.due_on < today)
        .group_by(Ticket.due_on)).all()
    ages = dict.fromkeys(BACKLOG_AGES, 0)
    for due_on, n in rows:
        ages[backlog_age((today - due_on).days)] += n
    return ages
