"""Command line: seed, users, tokens, calendar and quickstart."""

from sqlalchemy import func, select

from service_desk import create_app
from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import Alert, NonWorkingDay, Office, Ticket, User
from service_desk.services.demo import DEMO_MESSAGES
from service_desk.services.untriaged import untriaged
from service_desk.services.users import user_for_token


def test_seed_is_idempotent(runner):
    first = runner.invoke(args=["seed"])
    second = runner.invoke(args=["seed"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "offices=0" in second.output
    assert db.session.scalar(select(func.count(Office.id))) == 22
    assert db.session.scalar(select(func.count(NonWorkingDay.id))) >= 20


def test_users_create_and_token_printed_last(runner):
    result = runner.invoke(args=["users", "create", "toau.puno", "--role", "agent", "--office", "PUN",
                                 "--password", "una-clave-larga"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "toau.puno"))
    assert (user.role, user.office_code) == ("agent", "PUN")
    token = runner.invoke(args=["users", "token", "toau.puno"])
    assert token.exit_code == 0
    last_line = token.output.strip().splitlines()[-1]
    assert user_for_token(last_line).username == "toau.puno"


def test_users_create_reports_bad_input_in_spanish(runner):
    result = runner.invoke(args=["users", "create", "x", "--role", "agent", "--office", "NOPE",
                                 "--password", "corta"])
    assert result.exit_code != 0
    assert "Oficina no válida" in result.output and "al menos 10" in result.output


def test_calendar_due_date_prints_the_due_date_last(runner):
    result = runner.invoke(args=["calendar", "due-date", "2024-03-04", "--days", "30"])
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1] == "2024-04-17"
    regional = runner.invoke(args=["calendar", "due-date", "2024-11-13", "--days", "1", "--office", "LIM"])
    assert regional.output.strip().splitlines()[-1] == "2024-11-18"


def test_calendar_due_date_rejects_a_bad_date(runner):
    result = runner.invoke(args=["calendar", "due-date", "04/03/2024"])
    assert result.exit_code != 0 and "AAAA-MM-DD" in result.output


def test_jobs_run_unknown_job_fails_clearly(runner):
    result = runner.invoke(args=["jobs", "run", "no-existe"])
    assert result.exit_code != 0 and "Tarea desconocida" in result.output


def test_quickstart_migrates_seeds_and_creates_demo_data_on_a_fresh_database(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'qs.db'}"})
    result = app.test_cli_runner().invoke(args=["quickstart", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "toau.lima" in result.output and "Casos de demostración creados: 300" in result.output
    assert "Alertas de plazo" in result.output
    with app.app_context():
        # 300 registered cases, plus the WhatsApp and e-mail messages waiting in "Por clasificar".
        assert db.session.scalar(select(func.count(Ticket.id))) == 300 + len(DEMO_MESSAGES)
        waiting = untriaged(Actor(None, "agent", "SEDE"))[1]
        assert waiting == len(DEMO_MESSAGES)
        trip_languages = set(db.session.scalars(select(Ticket.language).where(
            Ticket.trip_id.is_not(None))))
        assert trip_languages == {"qu"}  # the demo trip's attentions were held in Quechua
        types = set(db.session.scalars(select(Ticket.type)))
        assert types == {"consulta", "pedido", "sugerencia", "queja", "reclamo", "denuncia"}
        roles = set(db.session.scalars(select(User.role)))
        assert roles == {"agent", "itinerant", "supervisor", "national_supervisor", "integrity", "admin"}
        assert db.session.scalar(select(func.count(Alert.id))) > 0
        closed = db.session.scalar(select(func.count(Ticket.id)).where(Ticket.status == "cerrado"))
        assert 0 < closed < 300
        db.engine.dispose()
    again = app.test_cli_runner().invoke(args=["quickstart", "--no-serve"])
    assert "Casos de demostración creados: 0" in again.output
