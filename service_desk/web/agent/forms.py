"""Forms of the agent workspace. Business rules live in the domain; forms render and carry CSRF."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from service_desk.domain.catalog import (
    CHANNELS,
    DOCUMENT_TYPES,
    LANGUAGES,
    MOTIVES,
    OFFICES,
    SUBJECTS,
    TICKET_TYPES,
)
from service_desk.domain.sla import SLA_LABELS
from service_desk.domain.workflow import STATUS_LABELS
from service_desk.services.queues import OPEN
from service_desk.services.ticket_actions import UNITS
from service_desk.web.agent.formkit import SpanishForm, options

# Channels an agent enters by hand at the desk (field capture and the public Libro have their own).
DESK_CHANNELS = ("presencial", "telefonico", "correo", "whatsapp", "redes_sociales")
ANY = [("", "Todos")]


def _pairs(mapping: dict, keys=None) -> list[tuple[str, str]]:
    return [(k, mapping[k]) for k in (keys or mapping)]



def _select(label, choices, **kw) -> SelectField:
    # Choices are checked by the domain, which answers in Spanish beside the field.
    return SelectField(label, choices=options(choices), validate_choice=False, **kw)


class RegisterForm(SpanishForm):
    """Registrar atención: the case and the citizen; a consulta may be answered at once."""

    office = _select(_l("Oficina"), _pairs(OFFICES))
    channel = _select(_l("Canal"), _pairs(CHANNELS, DESK_CHANNELS))
    type = _select(_l("Tipo"), [("", "Elija el tipo")] + _pairs(TICKET_TYPES))
    subject = _select(_l("Tema"), [("", "Elija el tema")] + _pairs(SUBJECTS))
    description = TextAreaField(_l("Descripción"), render_kw={"rows": 4, "maxlength": 5000})
    document_type = _select(_l("Tipo de documento"), [("", "Sin documento")] + _pairs(DOCUMENT_TYPES),
                            default="DNI")
    document_number = StringField(_l("Número de documento"), render_kw={
        "autocomplete": "off", "maxlength": 12, "inputmode": "numeric"})
    first_name = StringField(_l("Nombres"), render_kw={"maxlength": 100})
    last_name = StringField(_l("Apellidos"), render_kw={"maxlength": 100})
    phone = StringField(_l("Teléfono"), render_kw={"maxlength": 20, "inputmode": "tel",
                                               "autocomplete": "off"})
    email = StringField(_l("Correo electrónico"), render_kw={"maxlength": 254, "autocomplete": "off"})
    address = StringField(_l("Dirección"), render_kw={"maxlength": 300})
    language = _select(_l("Idioma preferido del ciudadano"), _pairs(LANGUAGES), default="es")
    attention_language = _select(_l("Idioma de la atención"),
                                 [("", "El del ciudadano")] + _pairs(LANGUAGES), default="")
    motive = _select(_l("Motivo (solo reclamos y quejas)"), [("", "Sin motivo aún")] + _pairs(MOTIVES))
    answered_now = BooleanField(_l("Atendida en el momento: registrar y cerrar con la respuesta dada"))
    answer = TextAreaField(_l("Respuesta dada al ciudadano"), render_kw={"rows": 3, "maxlength": 5000})
    client_uuid = HiddenField()

    def limit_to(self, types: list[str], offices: list[str], channels: list[str]) -> None:
        """Offer only the types, offices and channels the actor may register."""
        self.type.choices = options([("", "Elija el tipo")] + _pairs(TICKET_TYPES, types))
        self.office.choices = options(_pairs(OFFICES, offices))
        self.channel.choices = options(_pairs(CHANNELS, channels))

    def as_ticket_body(self) -> dict:
        """The API.md ticket shape, so the page and the API share one validation."""
        citizen = {name: (getattr(self, name).data or "").strip() or None for name in (
            "document_type", "document_number", "first_name", "last_name", "phone", "email",
            "address", "language")}
        if not citizen["document_number"]:
            citizen["document_type"] = None  # the select defaults to DNI; no number = no document
        return {"type": self.type.data or None, "channel": self.channel.data or None,
                "office": self.office.data or None, "subject": self.subject.data or None,
                "description": self.description.data, "citizen": citizen,
                "client_uuid": self.client_uuid.data or None,
                "language": self.attention_language.data or None, "motive": self.motive.data or None}


class FilterForm(SpanishForm):
    """Queue filters, sent by GET (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    text = StringField(_l("Buscar"), validators=[Optional(), Length(max=100)],
                       render_kw={"placeholder": "Código, DNI, apellido o texto"})
    type = _select(_l("Tipo"), ANY + _pairs(TICKET_TYPES, [t for t in TICKET_TYPES if t != "denuncia"]))
    channel = _select(_l("Canal"), ANY + _pairs(CHANNELS))
    status = _select(_l("Estado"), [(OPEN, "Abiertos")] + ANY
                     + [(s.value, label) for s, label in STATUS_LABELS.items()], default=OPEN)
    sla = _select(_l("Plazo"), ANY + [(s.value, label) for s, label in SLA_LABELS.items()])
    office = _select(_l("Oficina"), ANY + _pairs(OFFICES))
    language = _select(_l("Idioma"), ANY + _pairs(LANGUAGES))
    motive = _select(_l("Motivo"), ANY + _pairs(MOTIVES))


class NoteForm(SpanishForm):
    note = TextAreaField(_l("Nota interna (no la ve el ciudadano)"), render_kw={"rows": 3})


class DeriveForm(SpanishForm):
    unit = _select(_l("Unidad"), [("", "Elija la unidad")] + _pairs(UNITS))
    note = TextAreaField(_l("Qué se necesita de la unidad"), render_kw={"rows": 3})


MOTIVE_CHOICES = [("", "Elija el motivo")] + _pairs(MOTIVES)


class CloseForm(SpanishForm):
    response = TextAreaField(_l("Respuesta al ciudadano (es lo que recibirá)"), render_kw={"rows": 5})
    motive = _select(_l("Motivo del reclamo o queja (DS 007-2020-PCM art. 4)"), MOTIVE_CHOICES)


class AnnulForm(SpanishForm):
    reason = TextAreaField(_l("Motivo de la anulación (duplicado, error de registro...)"),
                           render_kw={"rows": 2})


class TakeForm(SpanishForm):
    """Only the CSRF token."""


class AssignForm(SpanishForm):
    assignee = _select(_l("Asignar a"), [], coerce=str)


class ReclassifyForm(SpanishForm):
    """Triage: the case's new type, topic and office, and why (the reason is required)."""

    type = _select(_l("Tipo"), _pairs(TICKET_TYPES))
    subject = _select(_l("Tema"), _pairs(SUBJECTS))
    office = _select(_l("Oficina"), _pairs(OFFICES))
    motive = _select(_l("Motivo (reclamos y quejas)"), [("", "Sin motivo aún")] + _pairs(MOTIVES))
    reason = TextAreaField(_l("Motivo de la reclasificación (obligatorio)"),
                           render_kw={"rows": 2, "maxlength": 1000})

    def fill_from(self, ticket) -> None:
        self.type.data, self.subject.data = ticket.type, ticket.subject
        self.office.data, self.motive.data = ticket.office.code, ticket.motive or ""

    def as_body(self) -> dict:
        return {"type": self.type.data or None, "subject": self.subject.data or None,
                "office": self.office.data or None, "motive": self.motive.data or None,
                "reason": self.reason.data}
