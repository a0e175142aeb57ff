"""The scheduler prepares each closed semester's report on the next semester's first día hábil.

The report is kept as delivered (JSON, PDF and workbook) and every active national
supervisor gets an in-app notice. Running the job again changes nothing: one report
per period (unique), one notice per person and report.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from service_desk import clock
from service_desk.domain.indicators import Period
from service_desk.domain.semester import previous_semester
from service_desk.extensions import db
from service_desk.models import ReportNotice, SemesterReport, User
from service_desk.services.calendar import business_calendar
from service_desk.services.reports.semester import build_report
from service_desk.services.reports.semester_pdf import report_pdf
from service_desk.services.reports.semester_xlsx import report_workbook


def due_semester(today) -> Period | None:
    """The semester to prepare today: the one just closed, from the first día hábil after it."""
    period = previous_semester(today)
    first_business_day = business_calendar().next_business_day(period.end + timedelta(days=1))
    return period if today >= first_business_day else None


def prepare_due_report() -> str:
    """The `semester-report` job."""
    period = due_semester(clock.today_in_lima())
    if period is None:
        return "sin informe pendiente"
    if db.session.scalar(select(SemesterReport.id).where(SemesterReport.period == period.code)):
        return f"informe {period.code} ya preparado"
    report = prepare_report(period)
    return f"informe {report.period} preparado"


def prepare_report(period: Period) -> SemesterReport:
    """Compute, render and keep the report, and notify national supervisors (commits once)."""
    body = build_report(period)
    now = clock.now()
    report = SemesterReport(period=period.code, as_of=clock.today_in_lima(), prepared_at=now,
                            body=body, pdf=report_pdf(body), xlsx=report_workbook(body).getvalue())
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:  # another runner prepared it first
        db.session.rollback()
        return db.session.scalar(select(SemesterReport).where(SemesterReport.period == period.code))
    supervisors = db.session.scalars(select(User.id).where(
        User.role == "national_supervisor", User.active.is_(True))).all()
    db.session.add_all([ReportNotice(user_id=uid, report_id=report.id, created_at=now)
                        for uid in supervisors])
    db.session.commit()
    return report


def prepared_reports() -> list[SemesterReport]:
    return list(db.session.scalars(select(SemesterReport).order_by(SemesterReport.period.desc())))


def prepared_report(period_code: str) -> SemesterReport | None:
    return db.session.scalar(select(SemesterReport).where(SemesterReport.period == period_code))


def unread_notices(user_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ReportNotice).where(
        ReportNotice.user_id == user_id, ReportNotice.read_at.is_(None))) or 0


def mark_notices_read(user_id: int) -> None:
    db.session.execute(update(ReportNotice).where(
        ReportNotice.user_id == user_id, ReportNotice.read_at.is_(None)).values(read_at=clock.now()))
    db.session.commit()
