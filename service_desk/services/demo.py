"""Demo users and realistic demo tickets for quickstart."""

from __future__ import annotations

import random
import secrets
import uuid
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from service_desk import clock
from service_desk.domain.access import Actor
from service_desk.domain.calendar import LIMA
from service_desk.domain.catalog import MOTIVES, OFFICES, SUBJECTS
from service_desk.extensions import db
from service_desk.models import Ticket, User
from service_desk.services import saved_filters, ticket_actions
from service_desk.services import tickets as ticket_service
from service_desk.services.users import create_user

DEMO_USERS = [
    ("toau.sede", "agent", "SEDE"),
    ("toau.lima", "agent", "LIM"),
    ("toau.cusco", "agent", "CUS"),
    ("itinerante.cusco", "itinerant", "CUS"),
    ("supervisor.lima", "supervisor", "LIM"),
    ("uci.nacional", "national_supervisor", "SEDE"),
    ("integridad", "integrity", "SEDE"),
    ("admin", "admin", "SEDE"),
]

# Shares from DOMAIN.md's 2023 targets (per 120,000 attentions).
CHANNEL_WEIGHTS = {"telefonico": 62, "presencial": 22, "itinerante": 17, "whatsapp": 7,
                   "correo": 5, "libro_reclamaciones": 3}
TYPE_WEIGHTS = {"consulta": 55, "pedido": 20, "reclamo": 12, "queja": 6, "sugerencia": 5,
                "denuncia": 2}
FIRST_NAMES = ["María", "Rosa", "Juana", "Luz", "Carmen", "Flor", "Teodora", "Ana", "Elena",
               "Julia", "Pedro", "Juan", "Santos", "Marcelino", "Felícitas", "Nilda"]
LAST_NAMES = ["Quispe", "Mamani", "Huamán", "Condori", "Flores", "Ccahuana", "Chávez",
              "Rojas", "Vargas", "Tito", "Ramos", "Sánchez", "Apaza", "Yupanqui"]
DESCRIPTIONS = {
    "afiliacion": "Solicita información sobre los requisitos de afiliación de su hogar.",
    "pagos": "Indica que no recibió el abono del último periodo en la agencia del Banco de la Nación.",
    "corresponsabilidades": "Consulta por qué figura incumplimiento en salud si llevó al niño al control.",
    "actualizacion_datos": "Pide actualizar la dirección y el teléfono del hogar.",
    "suspension": "Reclama la suspensión de su hogar sin haber sido notificada.",
    "mi_juntos": "No puede ingresar al aplicativo Mi Juntos con su DNI.",
    "otros": "Pide orientación sobre otros programas sociales.",
}


def create_demo_users() -> list[tuple[str, str, str, str]]:
    """One user per role (skipped if present); returns those created with their passwords."""
    created = []
    for username, role, office in DEMO_USERS:
        if db.session.scalar(select(User).where(User.username == username)):
            continue
        password = secrets.token_urlsafe(12)
        create_user(username, role, office, password, full_name=username.replace(".", " ").title())
        created.append((username, role, office, password))
    return created


def create_demo_tickets(count: int, seed: int = 2024) -> int:
    """Register `count` tickets over the last 90 days, some closed; only into an empty desk."""
    if db.session.scalar(select(func.count(Ticket.id))):
        return 0
    rng = random.Random(seed)
    system = Actor(id=None, role="national_supervisor", office="SEDE")
    integrity = Actor(id=None, role="integrity", office="SEDE")
    now = clock.now()
    workers = _office_workers()
    with_trip = count >= 2 * len(TRIP_ATTENTIONS)  # the trip's attentions are part of `count`
    for _ in range(count - len(TRIP_ATTENTIONS) if with_trip else count):
        body = _demo_body(rng, now)
        actor = integrity if body["type"] == "denuncia" else system
        ticket = ticket_service.register_ticket(actor, body, source="demo").ticket
        worker = workers.get(body["office"]) if body["type"] != "denuncia" else None
        _maybe_take(rng, worker, ticket, now)
        _maybe_close(rng, worker or actor, ticket, now)
    if with_trip:
        create_demo_trip(rng, now)
    _demo_saved_filter()
    _demo_survey_answers(rng, now)
    _demo_answer_articles()
    _demo_messages_to_triage(now)
    return count


SURVEY_COMMENTS = ["Me atendieron con paciencia y en quechua.", "Demoraron en responder mi reclamo.",
                   "La orientadora me explicó bien cómo cobrar.",
                   "Tuve que llamar varias veces a la línea 1880."]


def _demo_survey_answers(rng: random.Random, now) -> None:
    """About half of the demo surveys answered (mostly satisfied), some with a comment."""
    from service_desk.models import Survey
    from service_desk.services.surveys import answer_survey

    for survey in db.session.scalars(select(Survey).order_by(Survey.id)).all():
        if rng.random() < 0.5:
            continue
        rating = rng.choices([5, 4, 3, 2, 1], [40, 30, 15, 10, 5])[0]
        comment = rng.choice(SURVEY_COMMENTS) if rng.random() < 0.3 else None
        with clock.frozen(min(survey.sent_at + timedelta(hours=rng.randint(1, 48)), now)):
            answer_survey(survey.token, str(rating), comment)


DEMO_ANSWERS = [
    ("¿Cuándo y dónde cobro el abono?", "pagos", True,
     "El abono se paga cada dos meses. Consulte su fecha y lugar de cobro en el aplicativo Mi Juntos, "
     "llamando gratis a la línea 1880 o en su Unidad Territorial. Puede cobrar en el Banco de la "
     "Nación, en agentes o con la banca celular."),
    ("¿Qué requisitos necesito para afiliarme?", "afiliacion", True,
     "Su hogar debe estar clasificado como pobre o pobre extremo en el Sistema de Focalización de "
     "Hogares (SISFOH) y tener una gestante, niñas, niños o adolescentes. Acérquese a su Unidad "
     "Territorial con el DNI de los miembros del hogar. Todo trámite es gratuito."),
    ("No puedo ingresar a Mi Juntos", "mi_juntos", True,
     "Verifique que ingresa el DNI de la titular y la fecha de emisión del DNI. Si el problema "
     "continúa, llame gratis a la línea 1880 para que registremos su caso."),
    ("¿Cómo actualizo la dirección de mi hogar?", "actualizacion_datos", False,
     "Borrador: revisar con UOAV el procedimiento de actualización de datos."),
]


def _demo_answer_articles() -> None:
    """The knowledge base UCI starts from (three published on /preguntas-frecuentes, one draft)."""
    from service_desk.models import AnswerArticle

    now = clock.now()
    db.session.add_all([AnswerArticle(title=title, subject=subject, body=body, published=published,
                                      uses=0, created_at=now, updated_at=now)
                        for title, subject, published, body in DEMO_ANSWERS])
    db.session.commit()


# A WhatsApp conversation and an e-mail waiting in "Por clasificar" (issue 11).
DEMO_MESSAGES = [
    ("whatsapp", "whatsapp:+51984111222", "Flor Ccahuana", [
        (-26, "Buenas tardes, soy de Paucartambo, Cusco. Desde enero no me depositan el abono."),
        (-25, "Fui al Banco de la Nación y me dijeron que mi hogar no figura en la planilla."),
    ]),
    ("correo", "marcelino.apaza@correo.pe", "Marcelino Apaza", [
        (-3, "Asunto: Cambio de titular\n\nMi esposa falleció y quiero ser el titular del hogar."),
    ]),
]


def _demo_messages_to_triage(now) -> None:
    """Messages as the channels register them, so the triage queue has work to show."""
    from service_desk.channels.mail import IncomingEmail
    from service_desk.services.conversations import receive_email, receive_whatsapp

    for index, (channel, sender, name, lines) in enumerate(DEMO_MESSAGES):
        for number, (hours, text) in enumerate(lines):
            with clock.frozen(now + timedelta(hours=hours)):
                provider_id = f"demo-{index}-{number}"
                if channel == "whatsapp":
                    receive_whatsapp("SM" + provider_id, sender, text, [], name)
                else:
                    subject, _, body = text.partition("\n\n")
                    receive_email(IncomingEmail(f"<{provider_id}@demo>", sender, name,
                                                subject.removeprefix("Asunto: "), body))


def _office_workers() -> dict[str, Actor]:
    """The demo TOAU of each office that has one: they take and close its cases, so the
    workload and dashboard pages (first response, closing times) have figures to show."""
    users = db.session.scalars(select(User).where(User.role == "agent", User.active.is_(True)))
    return {u.office.code: Actor(u.id, u.role, u.office.code) for u in users if u.office}


def _maybe_take(rng: random.Random, worker: Actor | None, ticket: Ticket, now) -> None:
    if worker is None or ticket.type == "consulta" or rng.random() < 0.3:
        return
    taken_at = min(ticket.filed_at + timedelta(hours=rng.randint(1, 72)), now)
    with clock.frozen(taken_at):
        ticket_actions.take_ticket(worker, ticket.code)


def _demo_saved_filter() -> None:
    """A saved filter for the Lima supervisor: overdue reclamos, most overdue first."""
    supervisor = db.session.scalar(select(User).where(User.username == "supervisor.lima"))
    if supervisor is not None:
        saved_filters.save_filter(supervisor.id, "Reclamos vencidos", "supervisor.queue",
                                  "type=reclamo&sla=vencido&sort=vence")


TRIP_ATTENTIONS = [  # (type, subject, description), all held in Quechua
    ("consulta", "pagos", "Pregunta en quechua por la fecha del próximo abono."),
    ("reclamo", "corresponsabilidades", "Reclama en quechua un incumplimiento en salud mal registrado."),
    ("pedido", "actualizacion_datos", "Pide en quechua actualizar la comunidad de residencia."),
    ("consulta", "mi_juntos", "Pregunta en quechua cómo ingresar a Mi Juntos."),
]


def create_demo_trip(rng: random.Random, now) -> None:
    """A finished trip of Cusco to Ccorca with its attentions in Quechua (quickstart's demo)."""
    from service_desk.services import trips as trip_service

    system = Actor(id=None, role="national_supervisor", office="SEDE")
    starts = clock.today_in_lima() - timedelta(days=6)
    trip = trip_service.create_trip(system, {
        "office": "CUS", "ubigeo": "080102", "starts_on": starts.isoformat(),
        "ends_on": (starts + timedelta(days=3)).isoformat(), "staff": ["itinerante.cusco"],
        "languages": ["qu", "es"], "notes": "Comunidades altas de Ccorca (demostración)."})
    for day, (kind, subject, description) in enumerate(TRIP_ATTENTIONS):
        body = _demo_body(rng, now)
        body.update(type=kind, subject=subject, description=description, office="CUS",
                    channel="itinerante", trip=trip.id, language="qu",
                    filed_at=datetime.combine(starts + timedelta(days=day % 3), time(11),
                                              LIMA).isoformat())
        body["citizen"]["language"] = "qu"
        ticket_service.register_ticket(system, body, source="demo")


def _demo_body(rng: random.Random, now) -> dict:
    subject = rng.choice(list(SUBJECTS))
    channel = rng.choices(list(CHANNEL_WEIGHTS), weights=CHANNEL_WEIGHTS.values())[0]
    office = "SEDE" if channel in ("whatsapp", "correo", "libro_reclamaciones") \
        else rng.choice(list(OFFICES))
    filed_at = now - timedelta(days=rng.randint(0, 90), minutes=rng.randint(0, 600))
    return {
        "type": rng.choices(list(TYPE_WEIGHTS), weights=TYPE_WEIGHTS.values())[0],
        "channel": channel, "office": office, "subject": subject,
        "description": DESCRIPTIONS[subject],
        "citizen": {"document_type": "DNI", "document_number": f"{rng.randint(10**7, 10**8 - 1)}",
                    "first_name": rng.choice(FIRST_NAMES),
                    "last_name": f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}",
                    "phone": f"9{rng.randint(10**7, 10**8 - 1)}",
                    "language": rng.choices(["es", "qu", "ay", "cni"], [80, 14, 4, 2])[0]},
        "filed_at": filed_at.isoformat(), "client_uuid": str(uuid.UUID(int=rng.getrandbits(128))),
    }


def _maybe_close(rng: random.Random, actor: Actor, ticket: Ticket, now) -> None:
    age = (now - ticket.filed_at).days
    if ticket.type == "consulta" or (age > 20 and rng.random() < 0.7):
        closed_at = min(ticket.filed_at + timedelta(days=rng.randint(0, max(age, 0)),
                                                    hours=1), now)
        motive = rng.choice(list(MOTIVES)) if ticket.type in ("reclamo", "queja") else None
        with clock.frozen(closed_at):
            ticket_service.close_ticket(actor, ticket.code, "Se atendió lo solicitado y se "
                                        "informó al ciudadano por teléfono.", motive)
