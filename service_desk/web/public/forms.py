"""Forms of the public pages; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from service_desk.domain.catalog import DOCUMENT_TYPES, SUBJECTS
from service_desk.services.libro import DEPARTMENTS


def _choices(pairs, prompt: str | None = None) -> list[SelectChoice]:
    head = [SelectChoice("", prompt)] if prompt else []
    return head + [SelectChoice(value, label) for value, label in pairs]


def _required(message: str):
    return InputRequired(message=message)


def _max(limit: int):
    return Length(max=limit, message=f"Admite como máximo {limit} caracteres.")


class HoneypotMixin:
    # Hidden from people by CSS; bots that fill every field reveal themselves.
    website = StringField("Sitio web (deje este campo vacío)", [Optional()])


class ReclamoForm(HoneypotMixin, FlaskForm):
    """The Hoja de Reclamación (DS 007-2020-PCM) as the citizen sees it."""

    document_type = SelectField("Tipo de documento", choices=_choices(DOCUMENT_TYPES.items()),
                                validators=[_required("Elija el tipo de documento.")])
    document_number = StringField("Número de documento", [_required("Indique su número de documento."),
                                                          _max(12)])
    first_name = StringField("Nombres", [_required("Indique sus nombres."), _max(100)])
    last_name = StringField("Apellidos", [_required("Indique sus apellidos."), _max(100)])
    address = StringField("Domicilio", [_required("Indique su domicilio."), _max(300)])
    department = SelectField("Departamento", choices=_choices(((d, d) for d in DEPARTMENTS),
                                              "Seleccione su departamento"),
                             validators=[_required("Elija su departamento.")])
    email = StringField("Correo electrónico", [Optional(), _max(254)])
    phone = StringField("Teléfono o celular", [Optional(), _max(20)])
    subject = SelectField("Servicio materia del reclamo",
                          choices=_choices(SUBJECTS.items(), "Seleccione el servicio"),
                          validators=[_required("Elija el servicio materia del reclamo.")])
    facts = TextAreaField("Detalle de los hechos", [_required("Describa los hechos."), _max(3000)])
    petition = TextAreaField("Pedido (qué solicita a JUNTOS)", [_required("Indique su pedido."),
                                                                _max(1500)])
    attachments = MultipleFileField("Archivos de sustento (opcional)")
    consent = BooleanField("Acepto el tratamiento de mis datos personales", [DataRequired(
        message="Debe aceptar el tratamiento de sus datos personales para registrar el reclamo.")])
    filing_id = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.email.data or "").strip() and not (self.phone.data or "").strip():
            self.email.errors = [*self.email.errors,
                                 "Indique un correo electrónico o un teléfono para responderle."]
            valid = False
        return valid


class LookupForm(HoneypotMixin, FlaskForm):
    """"Consulta tu reclamo": code plus document number."""

    code = StringField("Código del reclamo", [_required("Indique el código."), _max(24)])
    document_number = StringField("Número de documento", [_required("Indique su número de documento."),
                                                          _max(12)])
