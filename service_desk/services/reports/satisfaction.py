"""Survey results for supervisors: per office, channel, type or topic, by the case's Lima closing day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from service_desk.domain import surveys as rules
from service_desk.domain.access import Actor
from service_desk.domain.catalog import CHANNELS, OFFICES, SUBJECTS, TICKET_TYPES
from service_desk.domain.errors import ValidationError
from service_desk.domain.indicators import Period
from service_desk.domain.surveys import SurveyFigures, total_figures
from service_desk.extensions import db
from service_desk.models import Office, Survey, Ticket
from service_desk.services.indicators import report_offices

# What the results can be grouped by, with the vocabulary of each key.
GROUPINGS: dict[str, tuple[str, dict[str, str]]] = {
    "office": ("Oficina", OFFICES),
    "channel": ("Canal", CHANNELS),
    "type": ("Tipo", TICKET_TYPES),
    "subject": ("Tema", SUBJECTS),
}


@dataclass(frozen=True)
class SurveyReport:
    period: Period
    group_by: str
    rows: list[SurveyFigures]
    total: SurveyFigures


@dataclass(frozen=True)
class SurveyComment:
    closed_on: date
    code: str
    office: str
    channel: str
    type: str
    rating: int
    comment: str


def _scope(period: Period, offices: list[str]):
    return (Ticket.closed_on.between(period.start, period.end), Office.code.in_(offices),
            Ticket.type.not_in(rules.EXCLUDED_TYPES))


def _key_column(group_by: str):
    if group_by not in GROUPINGS:
        raise ValidationError({"group_by": "Agrupe por oficina, canal, tipo o tema."})
    return Office.code if group_by == "office" else getattr(Ticket, group_by)


def survey_results(actor: Actor, period: Period, office: str | None = None,
                   group_by: str = "office") -> SurveyReport:
    """Sent, answered, average and % satisfied per group, in one GROUP BY (surveys of the scope)."""
    offices = report_offices(actor, office)
    key = _key_column(group_by)
    query = (select(key.label("key"), func.count(Survey.id).label("sent"),
                    func.count(Survey.rating).label("answered"),
                    func.coalesce(func.sum(Survey.rating), 0).label("rating_sum"),
                    func.coalesce(func.sum(case((Survey.rating >= rules.SATISFIED_FROM, 1), else_=0)),
                                  0).label("satisfied"))
             .select_from(Survey).join(Ticket, Survey.ticket_id == Ticket.id)
             .join(Office, Ticket.office_id == Office.id)
             .where(*_scope(period, offices)).group_by(key))
    found = {r.key: SurveyFigures(r.key, int(r.sent), int(r.answered), int(r.rating_sum),
                                  int(r.satisfied)) for r in db.session.execute(query)}
    keys = offices if group_by == "office" else [k for k in GROUPINGS[group_by][1] if k in found]
    rows = [found.get(k, SurveyFigures(k)) for k in keys]
    return SurveyReport(period, group_by, rows, total_figures(rows))


def survey_comments(actor: Actor, period: Period, office: str | None = None,
                    limit: int = 500) -> list[SurveyComment]:
    """The comments citizens left, newest closing first."""
    offices = report_offices(actor, office)
    rows = db.session.execute(
        select(Ticket.closed_on, Ticket.code, Office.code.label("office"), Ticket.channel, Ticket.type,
               Survey.rating, Survey.comment)
        .select_from(Survey).join(Ticket, Survey.ticket_id == Ticket.id)
        .join(Office, Ticket.office_id == Office.id)
        .where(*_scope(period, offices), Survey.comment.is_not(None))
        .order_by(Ticket.closed_on.desc(), Ticket.id.desc()).limit(limit))
    return [SurveyComment(r.closed_on, r.code, r.office, r.channel, r.type, r.rating, r.comment)
            for r in rows]


def figures_json(row: SurveyFigures, key_name: str = "office") -> dict:
    """One row as API.md shows it (plus the response rate)."""
    return {key_name: row.key, "sent": row.sent, "answered": row.answered, "average": row.average,
            "satisfied": row.satisfied, "response_rate": row.response_rate}


def surveys_json(report: SurveyReport) -> dict:
    """The body of GET /api/v1/surveys."""
    return {"period": report.period.code, "from": report.period.start.isoformat(),
            "to": report.period.end.isoformat(),
            "rows": [figures_json(r) for r in report.rows], "total": figures_json(report.total)}
