"""Validation of ticket and citizen input, shared by API, pages, sync and import.

Every rule reports a Spanish message on the field it concerns; all problems of a
record are collected at once so a person can fix them in one pass.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from service_desk.domain.calendar import OUTSIDE_CALENDAR, covers
from service_desk.domain.catalog import (
    CHANNELS,
    DOCUMENT_TYPES,
    OFFICES,
    SUBJECTS,
    TICKET_TYPES,
)
from service_desk.domain.errors import ValidationError
from service_desk.domain.motives import check_motive

DNI_RE = re.compile(r"^[0-9]{8}$")
CE_RE = re.compile(r"^[A-Za-z0-9]{9,12}$")
PASSPORT_RE = re.compile(r"^[A-Za-z0-9]{6,12}$")
MOBILE_RE = re.compile(r"^9[0-9]{8}$")
# Fixed lines: Lima 01 + 7 digits, provinces 0 + two-digit area code + 6 digits.
FIXED_RE = re.compile(r"^(01[0-9]{7}|0[4-8][0-9]{7})$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[A-Za-z]{2,}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
# NUL and the UTF-16 surrogate halves: no stored text may hold them (PostgreSQL refuses NUL,
# UTF-8 cannot encode a lone surrogate).
HOSTILE_TEXT = re.compile("[\x00\ud800-\udfff]")
HOSTILE_MESSAGE = "Contiene caracteres no permitidos (NUL o sustitutos UTF-16)."
# Devices in the field drift a little; beyond this a filed_at is "in the future".
CLOCK_SKEW = timedelta(minutes=2)
# An instant older than this counts as backdated (allowed only to some roles).
BACKDATE_TOLERANCE = timedelta(minutes=15)

LIMITS = {
    "first_name": 100, "last_name": 100, "address": 300, "email": 254,
    "description": 5000, "client_uuid": 64,
}


@dataclass
class CitizenInput:
    document_type: str | None = None
    document_number: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    language: str = "es"


@dataclass
class TicketInput:
    type: str
    channel: str
    office: str
    subject: str
    description: str
    citizen: CitizenInput
    filed_at: datetime | None = None
    client_uuid: str | None = None
    extra: dict = field(default_factory=dict)
    motive: str | None = None


def normalize_phone(raw: str) -> str | None:
    """A Peruvian phone as +51 followed by its digits, or None when it is not one."""
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+51"):
        digits = digits[3:]
    elif digits.startswith("0051"):
        digits = digits[4:]
    elif digits.startswith("51") and len(digits) == 11:
        digits = digits[2:]
    if MOBILE_RE.match(digits):
        return "+51" + digits
    if FIXED_RE.match(digits):
        return "+51" + digits[1:]
    return None


def _text(data: dict, key: str, errors: dict, label: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[key] = f"{label} es obligatorio."
        return None
    if not isinstance(value, str):
        errors[key] = f"{label} debe ser texto."
        return None
    value = value.strip()
    limit = LIMITS.get(key)
    if limit and len(value) > limit:
        errors[key] = f"{label} admite como máximo {limit} caracteres."
        return None
    return value


def _choice(data: dict, key: str, options: dict, errors: dict, label: str) -> str | None:
    value = data.get(key)
    if value in (None, ""):
        errors[key] = f"{label} es obligatorio."
        return None
    if not isinstance(value, str) or value not in options:
        errors[key] = f"{label} no es válido; use uno de: {', '.join(options)}."
        return None
    return value


def validate_document(doc_type: str | None, number: str | None) -> str | None:
    """Spanish error for a document number that does not fit its type, else None."""
    if doc_type == "DNI" and not DNI_RE.match(number or ""):
        return "El DNI debe tener exactamente 8 dígitos."
    if doc_type == "CE" and not CE_RE.match(number or ""):
        return "El carné de extranjería debe tener de 9 a 12 letras o dígitos."
    if doc_type == "PAS" and not PASSPORT_RE.match(number or ""):
        return "El pasaporte debe tener de 6 a 12 letras o dígitos."
    return None


def validate_citizen(data: object, errors: dict, prefix: str = "citizen.") -> CitizenInput:
    """Check a citizen object; errors go under keys like `citizen.document_number`."""
    if data is None:
        return CitizenInput()
    if not isinstance(data, dict):
        errors[prefix.rstrip(".")] = "Los datos del ciudadano deben ser un objeto."
        return CitizenInput()
    local: dict[str, str] = {}
    citizen = CitizenInput(
        first_name=_text(data, "first_name", local, "El nombre"),
        last_name=_text(data, "last_name", local, "El apellido"),
        address=_text(data, "address", local, "La dirección"),
        email=_text(data, "email", local, "El correo"),
    )
    doc_type = data.get("document_type") or None
    number = data.get("document_number")
    if number not in (None, "") and not isinstance(number, str):
        local["document_number"] = "El número de documento debe ser texto."
    number = number.strip().upper() if isinstance(number, str) and number.strip() else None
    if doc_type is not None and (not isinstance(doc_type, str) or doc_type not in DOCUMENT_TYPES):
        local["document_type"] = "Tipo de documento no válido; use DNI, CE o PAS."
    elif doc_type and not number:
        local["document_number"] = "Indique el número de documento."
    elif number and not doc_type:
        local["document_type"] = "Indique el tipo de documento."
    elif doc_type and "document_number" not in local:
        problem = validate_document(doc_type, number)
        if problem:
            local["document_number"] = problem
    citizen.document_type, citizen.document_number = doc_type, number
    phone = data.get("phone")
    if isinstance(phone, str) and phone.strip():
        citizen.phone = normalize_phone(phone)
        if citizen.phone is None:
            local["phone"] = ("Teléfono no válido: use un celular de 9 dígitos que empiece con 9 "
                              "o un fijo con código de ciudad.")
    elif phone not in (None, ""):
        local["phone"] = "El teléfono debe ser texto."
    if citizen.email and not EMAIL_RE.match(citizen.email):
        local["email"] = "Correo electrónico no válido."
    language = data.get("language") or "es"
    if not isinstance(language, str) or not LANGUAGE_RE.match(language):
        local["language"] = "Idioma no válido: use un código ISO 639 (es, qu, ay, cni, agr, shp...)."
    else:
        citizen.language = language
    errors.update({prefix + k: v for k, v in local.items()})
    return citizen


def parse_instant(value: object) -> datetime | None:
    """An ISO 8601 instant with a UTC offset, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _client_uuid(data: dict, errors: dict) -> str | None:
    value = data.get("client_uuid")
    if value in (None, ""):
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        errors["client_uuid"] = "client_uuid debe ser un UUID."
        return None


def hostile_fields(data: object, path: str = "") -> dict[str, str]:
    """Dotted paths of the keys and texts of `data` holding NUL or lone surrogates."""
    found: dict[str, str] = {}
    stack: list[tuple[object, str]] = [(data, path)]
    while stack:  # no recursion: the nesting depth may be the attack
        value, where = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                name = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and HOSTILE_TEXT.search(key):
                    found[where or "body"] = HOSTILE_MESSAGE
                else:
                    stack.append((item, name))
        elif isinstance(value, list):
            stack.extend((item, where) for item in value)
        elif isinstance(value, str) and HOSTILE_TEXT.search(value):
            found[where or "body"] = HOSTILE_MESSAGE
    return found


def validate_ticket(data: object, now: datetime) -> TicketInput:
    """Check a ticket body (API.md shape); raise ValidationError with every field problem."""
    if not isinstance(data, dict):
        raise ValidationError({"body": "Se esperaba un objeto JSON."})
    hostile = hostile_fields(data)
    if hostile:
        raise ValidationError(hostile)
    errors: dict[str, str] = {}
    ticket_type = _choice(data, "type", TICKET_TYPES, errors, "El tipo")
    channel = _choice(data, "channel", CHANNELS, errors, "El canal")
    office = _choice(data, "office", OFFICES, errors, "La oficina")
    subject = _choice(data, "subject", SUBJECTS, errors, "El tema")
    description = _text(data, "description", errors, "La descripción", required=True)
    citizen = validate_citizen(data.get("citizen"), errors)
    filed_at = None
    if data.get("filed_at") not in (None, ""):
        filed_at = parse_instant(data["filed_at"])
        if filed_at is None:
            errors["filed_at"] = "filed_at debe ser una fecha y hora ISO 8601 con zona horaria."
        elif not covers(filed_at.date()):
            errors["filed_at"] = OUTSIDE_CALENDAR
        elif filed_at > now + CLOCK_SKEW:
            errors["filed_at"] = "La fecha de presentación no puede estar en el futuro."
    client_uuid = _client_uuid(data, errors)
    motive = None
    try:
        motive = check_motive(ticket_type, data.get("motive"))
    except ValidationError as error:
        errors |= error.fields
    if ticket_type and ticket_type != "denuncia" and not _has_contact_or_identity(citizen):
        errors.setdefault(
            "citizen", "Identifique al ciudadano con su documento o deje un teléfono o correo."
        )
    if errors:
        raise ValidationError(errors)
    return TicketInput(
        type=ticket_type, channel=channel, office=office, subject=subject,
        description=description, citizen=citizen, filed_at=filed_at, client_uuid=client_uuid,
        motive=motive,
    )


def _has_contact_or_identity(citizen: CitizenInput) -> bool:
    return bool(citizen.document_number or citizen.phone or citizen.email)


def is_backdated(filed_at: datetime | None, now: datetime) -> bool:
    return filed_at is not None and filed_at < now - BACKDATE_TOLERANCE
