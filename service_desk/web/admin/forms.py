"""Administration forms (Spanish messages; the services re-check every rule)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, Optional

from service_desk.domain.catalog import OFFICES, ROLES
from service_desk.web.agent.formkit import SpanishForm, options, within_calendar

OFFICE_CHOICES = options(OFFICES.items())
ROLE_CHOICES = options(ROLES.items())


class UserCreateForm(SpanishForm):
    username = StringField("Usuario", validators=[InputRequired("Indique el usuario."),
                                                  Length(max=64)], render_kw={"autocomplete": "off"})
    full_name = StringField("Nombre completo", validators=[Length(max=120)])
    email = StringField("Correo", validators=[Optional(), Length(max=254)])
    role = SelectField("Rol", choices=ROLE_CHOICES, validate_choice=False)
    office = SelectField("Oficina", choices=OFFICE_CHOICES, validate_choice=False)
    password = PasswordField("Contraseña inicial (mínimo 10 caracteres)",
                             render_kw={"autocomplete": "new-password"})


class UserEditForm(SpanishForm):
    full_name = StringField("Nombre completo", validators=[Length(max=120)])
    role = SelectField("Rol", choices=ROLE_CHOICES, validate_choice=False)
    office = SelectField("Oficina", choices=OFFICE_CHOICES, validate_choice=False)
    active = BooleanField("Activo (puede ingresar)")


class PasswordForm(SpanishForm):
    password = PasswordField("Nueva contraseña (mínimo 10 caracteres)",
                             render_kw={"autocomplete": "new-password"})


class NonWorkingDayForm(SpanishForm):
    day = DateField("Fecha", validators=[InputRequired("Indique la fecha."), within_calendar])
    scope = RadioField("Alcance", choices=options([("national", "Todo el país"),
                                                   ("offices", "Solo las oficinas elegidas")]),
                       default="national", validate_choice=False)
    offices = SelectMultipleField("Oficinas", choices=OFFICE_CHOICES, validate_choice=False,
                                  render_kw={"size": 8})
    reason = StringField("Norma que lo declara (p. ej. DS 011-2024-PCM)",
                         render_kw={"maxlength": 200})


class DeadlineForm(SpanishForm):
    ticket_type = HiddenField()
    business_days = StringField("Días hábiles", render_kw={"inputmode": "numeric", "size": 4})


ACCESS_ACTIONS = {"view": "Consulta", "search": "Búsqueda", "export": "Exportación",
                  "rectify": "Rectificación"}
ACCESS_OBJECTS = {"ticket": "Caso", "citizen": "Ciudadano", "queue": "Lista de casos",
                  "report": "Reporte", "access_log": "Registro de accesos"}


class AccessLogFilterForm(SpanishForm):
    """Filters of the access log, sent by GET (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    usuario = StringField("Usuario", validators=[Optional(), Length(max=64)])
    objeto = StringField("Código u objeto", validators=[Optional(), Length(max=120)],
                         render_kw={"placeholder": "Código de caso o documento"})
    accion = SelectField("Acción", choices=options([("", "Todas"), *ACCESS_ACTIONS.items()]),
                         validate_choice=False)
    desde = DateField("Desde", validators=[Optional(), within_calendar])
    hasta = DateField("Hasta", validators=[Optional(), within_calendar])

