"""Texts the desk sends to citizens: their keys, placeholders and the Spanish shipped with the app.

Administrators edit them per language (/admin/plantillas); the program's translators add
the other languages there. Nothing here is a translation: only Spanish ships.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from service_desk.domain.errors import ValidationError
from service_desk.domain.surveys import WHATSAPP_QUESTION

SIGNATURE = "Programa JUNTOS - Atención al usuario"
MAX_BODY = 5000


@dataclass(frozen=True)
class MessageKind:
    label: str  # what it is, for the administrator
    placeholders: tuple[str, ...]
    spanish: str


MESSAGES: dict[str, MessageKind] = {
    "whatsapp_ack_new": MessageKind(
        "WhatsApp: respuesta automática al abrir un caso", ("code",),
        "Programa JUNTOS: recibimos su mensaje. Su código de atención es {code}. "
        "Un orientador lo revisará y le responderá por este mismo chat. "
        "Si desea añadir algo, escriba aquí mismo."),
    "whatsapp_ack_joined": MessageKind(
        "WhatsApp: respuesta automática al añadir un mensaje a un caso abierto", ("code",),
        "Programa JUNTOS: añadimos su mensaje a su caso {code}. "
        "Le responderemos por este mismo chat; no necesita abrir otro caso."),
    "whatsapp_not_registered": MessageKind(
        "WhatsApp: no se pudo registrar el mensaje", (),
        "No pudimos registrar su mensaje desde este número. Llame gratis a la línea 1880 "
        "o escriba a servicioalusuario@juntos.gob.pe."),
    "email_ack_subject": MessageKind(
        "Correo: asunto del acuse de recibo", ("code",),
        "Recibimos su mensaje - caso {code} - Programa JUNTOS"),
    "email_ack_body": MessageKind(
        "Correo: acuse de recibo", ("code", "signature"),
        "Estimado(a) ciudadano(a):\n\nRegistramos su mensaje con el código {code}. "
        "Un orientador lo atenderá y le responderá a este correo.\n"
        "Para añadir información, responda a este mensaje sin borrar el código del asunto.\n\n"
        "{signature}"),
    "response_email_subject": MessageKind(
        "Correo: asunto de la respuesta al caso", ("code",),
        "Respuesta a su caso {code} - Programa JUNTOS"),
    "response_email_body": MessageKind(
        "Correo: respuesta al caso", ("code", "response", "signature"),
        "Estimado(a) ciudadano(a):\n\n{response}\n\nCódigo de su caso: {code}\n{signature}"),
    "response_whatsapp": MessageKind(
        "WhatsApp: respuesta al caso", ("code", "response"),
        "Programa JUNTOS - respuesta a su caso {code}:\n\n{response}"),
    "constancia_subject": MessageKind(
        "Libro de Reclamaciones: asunto del correo con la constancia", ("code",),
        "Constancia de su reclamo {code} - Libro de Reclamaciones - Programa JUNTOS"),
    "constancia_next_steps": MessageKind(
        "Libro de Reclamaciones: texto fijo de la constancia (siguientes pasos)", (),
        "JUNTOS responderá su reclamo a más tardar en la fecha máxima indicada "
        "(30 días hábiles, DS 007-2020-PCM). Puede seguirlo en «Consulta tu reclamo» "
        "con su código y su número de documento."),
    "survey_question": MessageKind(
        "Encuesta de satisfacción: la pregunta por WhatsApp", ("code", "url"), WHATSAPP_QUESTION),
    "survey_email_subject": MessageKind(
        "Encuesta de satisfacción: asunto del correo", ("code",),
        "¿Cómo lo atendimos? Caso {code} - Programa JUNTOS"),
    "survey_email_body": MessageKind(
        "Encuesta de satisfacción: el correo", ("code", "url", "signature"),
        "Estimado(a) ciudadano(a):\n\nSu caso {code} fue atendido. Nos ayuda mucho "
        "saber qué tan satisfecho(a) quedó con la atención: responder toma un minuto.\n\n"
        "{url}\n\nLa encuesta es voluntaria y se responde una sola vez.\n\n{signature}"),
    "survey_sms": MessageKind(
        "Encuesta de satisfacción: el SMS con el enlace", ("code", "url"),
        "Programa JUNTOS: su caso {code} fue atendido. ¿Cómo lo atendimos? "
        "Responda en un minuto: {url}"),
    "survey_thanks": MessageKind(
        "Encuesta de satisfacción: agradecimiento por WhatsApp", ("code",),
        "Programa JUNTOS: gracias, registramos su calificación de la atención del caso {code}."),
}


def placeholders_in(body: str) -> set[str]:
    """The {names} a template uses; ValueError for a malformed brace."""
    return {name for _, name, _, _ in string.Formatter().parse(body) if name is not None}


def check_template(key: str, body: object) -> str:
    """The cleaned body, or ValidationError when it is empty, too long or names unknown values."""
    if key not in MESSAGES:
        raise ValidationError({"key": "Plantilla desconocida."})
    if not isinstance(body, str) or not body.strip():
        raise ValidationError({"body": "Escriba el texto de la plantilla."})
    body = body.strip().replace("\r\n", "\n")
    if len(body) > MAX_BODY:
        raise ValidationError({"body": f"El texto admite como máximo {MAX_BODY} caracteres."})
    allowed = set(MESSAGES[key].placeholders)
    try:
        used = placeholders_in(body)
    except ValueError:
        raise ValidationError({"body": "Llaves { } mal cerradas en el texto."}) from None
    unknown = sorted(used - allowed)
    if unknown or any(not name.isidentifier() for name in used):
        shown = ", ".join("{" + n + "}" for n in sorted(allowed)) or "ninguno"
        raise ValidationError({"body": f"Datos desconocidos en el texto: {', '.join(unknown)}. "
                                       f"Puede usar: {shown}."})
    return body


def fill(body: str, values: dict[str, object]) -> str:
    """The template with its placeholders replaced (unknown ones left visible, never an error)."""
    class _Keep(dict):
        def __missing__(self, name: str) -> str:
            return "{" + name + "}"

    try:
        return body.format_map(_Keep({k: str(v) for k, v in values.items()}))
    except (ValueError, IndexError, AttributeError):
        return body
