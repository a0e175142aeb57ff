"""The retention job is declared daily and runs from the CLI like every scheduler job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from service_desk import clock
from service_desk.extensions import db
from service_desk.jobs import find_job
from service_desk.models import Citizen
from tests.factories import ticket_body


def test_the_retention_job_runs_once_a_day():
    job = find_job("retention-anonymise")
    assert job is not None and job.minutes == 1440


def test_jobs_run_retention_anonymise_erases_citizens_of_long_closed_cases(api, runner):
    clock.freeze(datetime.fromisoformat("2018-03-05T10:00:00-05:00"))
    agent = api("agent", "LIM")
    code = agent.post("/api/v1/tickets", json=ticket_body()).json["code"]
    agent.post(f"/api/v1/tickets/{code}/close", json={"response": "Atendido."})
    clock.freeze(datetime.fromisoformat("2024-03-05T10:00:00-05:00"))
    result = runner.invoke(args=["jobs", "run", "retention-anonymise"])
    assert result.exit_code == 0, result.output
    assert "retention-anonymise: ciudadanos anonimizados=1" in result.output
    citizen = db.session.scalar(select(Citizen))
    assert citizen.document_number is None and citizen.anonymised_at is not None
