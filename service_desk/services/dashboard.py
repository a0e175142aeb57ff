"""The supervisors' dashboard: weekly attentions per channel, SLA compliance trend, backlog by
age, first-response time and top topics, for one office or all the visible ones.

Everything is grouped in SQL by day (and channel, office or subject); the
weeks, the días hábiles and the medians are then computed over those few
grouped rows, so the cost does not grow with the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func

from service_desk import clock
from service_desk.domain import workload as rules
from service_desk.domain.access import Actor
from service_desk.domain.workflow import OPEN_STATUSES
from service_desk.extensions import db
from service_desk.models import Office, Ticket
from service_desk.services import calendar as calendar_service
from service_desk.services.workload import case_times, scoped_tickets

WEEKS = 8
TOP_TOPICS = 5


@dataclass
class Dashboard:
    weeks: list[date]                           # Mondays, oldest first
    channels: list[str]                         # channel codes that appear
    attentions: dict[date, dict[str, int]]      # week -> channel -> attentions received
    compliance: dict[date, tuple[int, int]]     # week -> (closed by their due day, due that week)
    backlog: dict[str, int]                     # "en plazo" / age bucket -> open cases
    first_response: dict[date, float | None]    # week -> median hours to first response
    first_response_days: dict[date, float | None]
    topics: list[tuple[str, int]]               # (subject, attentions) most frequent first
    today: date

    def compliance_percent(self, week: date) -> float | None:
        done, due = self.compliance[week]
        return rules.percent(done, due)


def dashboard(actor: Actor, office: str | None = None, weeks: int = WEEKS) -> Dashboard:
    """The figures of the last `weeks` weeks (this one included) for the actor's scope."""
    today = clock.today_in_lima()
    mondays = [rules.week_start(today) - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    start = mondays[0]
    attentions, channels = _attentions(actor, office, start, today, mondays)
    first, first_days = _first_response(actor, office, start, today, mondays)
    return Dashboard(mondays, channels, attentions, _compliance(actor, office, start, today, mondays),
                     _backlog(actor, office, today), first, first_days,
                     _topics(actor, office, start, today), today)


def _attentions(actor, office, start, today, mondays):
    query = scoped_tickets(actor, office).where(Ticket.received_on >= start, Ticket.received_on <= today) \
        .with_only_columns(Ticket.received_on, Ticket.channel, func.count(Ticket.id)) \
        .group_by(Ticket.received_on, Ticket.channel)
    table = {monday: {} for monday in mondays}
    channels: set[str] = set()
    for day, channel, count in db.session.execute(query):
        week = table[rules.week_start(day)]
        week[channel] = week.get(channel, 0) + count
        channels.add(channel)
    return table, sorted(channels)


def _compliance(actor, office, start, today, mondays) -> dict[date, tuple[int, int]]:
    """Per week of due day: cases due (up to today) and those closed on or before it.

    A case still open past its due day, or closed late, counts against the week it
    fell due; annulled cases and cases without a deadline do not count.
    """
    on_time = func.sum(case((Ticket.closed_on <= Ticket.due_on, 1), else_=0))
    query = scoped_tickets(actor, office).where(
        Ticket.due_on >= start, Ticket.due_on < today, Ticket.status != "anulado"
    ).with_only_columns(Ticket.due_on, func.count(Ticket.id), on_time).group_by(Ticket.due_on)
    table = {monday: (0, 0) for monday in mondays}
    for due_on, count, done in db.session.execute(query):
        week = rules.week_start(due_on)
        old_done, old_due = table[week]
        table[week] = (old_done + int(done or 0), old_due + count)
    return table


def _backlog(actor, office, today) -> dict[str, int]:
    """Open cases with a deadline by días hábiles overdue (with each office's calendar)."""
    query = scoped_tickets(actor, office).where(
        Ticket.status.in_([s.value for s in OPEN_STATUSES]), Ticket.due_on.is_not(None)
    ).with_only_columns(Office.code, Ticket.due_on, func.count(Ticket.id)) \
        .group_by(Office.code, Ticket.due_on)
    cal = calendar_service.business_calendar()
    buckets = {"en plazo": 0} | {label: 0 for label, _, _ in rules.AGE_BUCKETS}
    for code, due_on, count in db.session.execute(query):
        overdue = rules.business_days_overdue(cal, code, due_on, today)
        buckets[rules.age_bucket(overdue) or "en plazo"] += count
    return buckets


def _first_response(actor, office, start, today, mondays):
    samples: dict[date, list[float]] = {m: [] for m in mondays}
    days: dict[date, list[float]] = {m: [] for m in mondays}
    for row in case_times(actor, start, today, office):
        if row.first_response_hours is not None:
            samples[rules.week_start(row.received_on)].append(row.first_response_hours)
            days[rules.week_start(row.received_on)].append(row.first_response_days)
    return ({m: _round(rules.median(v)) for m, v in samples.items()},
            {m: _round(rules.median(v)) for m, v in days.items()})


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _topics(actor, office, start, today) -> list[tuple[str, int]]:
    count = func.count(Ticket.id)
    query = scoped_tickets(actor, office).where(Ticket.received_on >= start, Ticket.received_on <= today) \
        .with_only_columns(Ticket.subject, count).group_by(Ticket.subject) \
        .order_by(count.desc(), Ticket.subject).limit(TOP_TOPICS)
    return [(subject, n) for subject, n in db.session.execute(query)]
