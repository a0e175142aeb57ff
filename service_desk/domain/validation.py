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
from service_desk.domain.errors import ValidationError, invalid_message, required_message
from service_desk.domain.motives import check_motive

DNI_RE = re.compile(r"^[0-9]{8}$")
CE_RE = re.compile(r"^[A-Za-z0-9]{9,12}$")
PASSPORT_RE = re.compile(r"^[A-Za-z0-9]{6,12}$")
MOBILE_RE = re.compile(r"^9[0-9]{8}$")
# Fixed lines: Lima 01 + 7 digits, provinces 0 + two-digit area code + 6 digits.
FIXED_RE = re.compile(r"^(01[0-9]{7}|0[4-8][0-9]{7})$")
# E.164: "+", a country code (not Peru's 51, checked above) and up to 15 digits in all.
FOREIGN_E164_RE = re.compile(r"^\+(?!51)[1-9][0-9]{7,14}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[A-Za-z]{2,}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
LANGUAGE_MESSAGE = "Idioma no válido: use un código ISO 639 (es, qu, ay, cni, agr, shp...)."
DEFAULT_LANGUAGE = "es"
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
    # The citizen's preferred language when the body states it; None keeps the stored one.
    language: str | None = None


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
    # Language the attention was held in (top-level `language`); None = the citizen's preference.
    language: str | None = None
    # Id of the itinerant trip the attention belongs to (checked against the office by services).
    trip: int | None = None
    extra: dict = field(default_factory=dict)
    motive: str | None = None


def normalize_phone(raw: str) -> str | None:
    """A phone in E.164 (+51... for Peru), or None when it is not one.

    Peruvian numbers may be written without the country code; any other country's number
    must start with + and its code (a citizen abroad writes from it on WhatsApp)."""
    digits = re.sub(r"[\s\-().]", "", raw)
    if FOREIGN_E164_RE.match(digits):
        return digits
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
            errors[key] = required_message(label)
        return None
    if not isinstance(value, str):
        errors[key] = f"{label} debe ser texto."
        return None
    value = value.strip()
    limit = LIMITS.get(key)
    if limit and len(value) > limit:
        errors[key] = MAX_LENGTH_FORMAT.format(label=label, limit=limit)
        return None
    return value


def _choice(data: dict, key: str, options: dict, errors: dict, label: str) -> str | None:
    value = data.get(key)
    if value in (None, ""):
        errors[key] = required_message(label)
        return None
    if not isinstance(value, str) or value not in options:
        errors[key] = f"{invalid_message(label)}; use uno de: {', '.join(options)}."
        return None
    return value


# Document number per type, with the message shown beside the field (also sent to the field app).
DOCUMENT_RULES: dict[str, tuple[re.Pattern, str]] = {
    "DNI": (DNI_RE, "El DNI debe tener exactamente 8 dígitos."),
    "CE": (CE_RE, "El carné de extranjería debe tener de 9 a 12 letras o dígitos."),
    "PAS": (PASSPORT_RE, "El pasaporte debe tener de 6 a 12 letras o dígitos."),
}
PHONE_MESSAGE = ("Teléfono no válido: use un celular de 9 dígitos que empiece con 9 "
                 "o un fijo con código de ciudad.")
FUTURE_MESSAGE = "La fecha de presentación no puede estar en el futuro."
IDENTITY_MESSAGE = "Identifique al ciudadano con su documento o deje un teléfono o correo."
FILED_AT_REQUIRED = "Indique la fecha y hora en que se atendió al ciudadano."
REQUIRED_FORMAT = "{label} es obligatorio."
MAX_LENGTH_FORMAT = "{label} admite como máximo {limit} caracteres."
DOCUMENT_TYPE_MISSING = "Indique el tipo de documento."
DOCUMENT_NUMBER_MISSING = "Indique el número de documento."
EMAIL_MESSAGE = "Correo electrónico no válido."
# Free-text fields: the label their messages use (their limits are in LIMITS).
TEXT_LABELS = {"first_name": "El nombre", "last_name": "El apellido", "address": "La dirección",
               "email": "El correo", "description": "La descripción"}


def validate_document(doc_type: str | None, number: str | None) -> str | None:
    """Spanish error for a document number that does not fit its type, else None."""
    rule = DOCUMENT_RULES.get(doc_type or "")
    if rule and not rule[0].match(number or ""):
        return rule[1]
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
        first_name=_text(data, "first_name", local, TEXT_LABELS["first_name"]),
        last_name=_text(data, "last_name", local, TEXT_LABELS["last_name"]),
        address=_text(data, "address", local, TEXT_LABELS["address"]),
        email=_text(data, "email", local, TEXT_LABELS["email"]),
    )
    doc_type = data.get("document_type") or None
    number = data.get("document_number")
    if number not in (None, "") and not isinstance(number, str):
        local["document_number"] = "El número de documento debe ser texto."
    number = number.strip().upper() if isinstance(number, str) and number.strip() else None
    if doc_type is not None and (not isinstance(doc_type, str) or doc_type not in DOCUMENT_TYPES):
        local["document_type"] = "Tipo de documento no válido; use DNI, CE o PAS."
    elif doc_type and not number and "document_number" not in local:
        local["document_number"] = DOCUMENT_NUMBER_MISSING
    elif number and not doc_type:
        local["document_type"] = DOCUMENT_TYPE_MISSING
    elif doc_type and "document_number" not in local:
        problem = validate_document(doc_type, number)
        if problem:
            local["document_number"] = problem
    citizen.document_type, citizen.document_number = doc_type, number
    phone = data.get("phone")
    if isinstance(phone, str) and phone.strip():
        citizen.phone = normalize_phone(phone)
        if citizen.phone is None:
            local["phone"] = PHONE_MESSAGE
    elif phone not in (None, ""):
        local["phone"] = "El teléfono debe ser texto."
    if citizen.email and not EMAIL_RE.match(citizen.email):
        local["email"] = EMAIL_MESSAGE
    language = data.get("language")
    if language not in (None, ""):
        if valid_language(language):
            citizen.language = language
        else:
            local["language"] = LANGUAGE_MESSAGE
    errors.update({prefix + k: v for k, v in local.items()})
    return citizen


def valid_language(value: object) -> bool:
    return isinstance(value, str) and bool(LANGUAGE_RE.match(value))


def attention_language(entry: TicketInput, stored_preference: str | None = None) -> str:
    """The language of the attention: stated, else the citizen's (stated or stored), else 'es'."""
    return entry.language or entry.citizen.language or stored_preference or DEFAULT_LANGUAGE


def _ticket_language(data: dict, errors: dict) -> str | None:
    value = data.get("language")
    if value in (None, ""):
        return None
    if not valid_language(value):
        errors["language"] = LANGUAGE_MESSAGE
        return None
    return value


def _trip(data: dict, errors: dict) -> int | None:
    value = data.get("trip")
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit() \
            or not 0 < int(value) < 2**31:
        errors["trip"] = "trip debe ser el número de un viaje itinerante."
        return None
    return int(value)


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
    description = _text(data, "description", errors, TEXT_LABELS["description"], required=True)
    citizen = validate_citizen(data.get("citizen"), errors)
    filed_at = None
    if data.get("filed_at") not in (None, ""):
        filed_at = parse_instant(data["filed_at"])
        if filed_at is None:
            errors["filed_at"] = "filed_at debe ser una fecha y hora ISO 8601 con zona horaria."
        elif not covers(filed_at.date()):
            errors["filed_at"] = OUTSIDE_CALENDAR
        elif filed_at > now + CLOCK_SKEW:
            errors["filed_at"] = FUTURE_MESSAGE
    client_uuid = _client_uuid(data, errors)
    language, trip = _ticket_language(data, errors), _trip(data, errors)
    motive = None
    try:
        motive = check_motive(ticket_type, data.get("motive"))
    except ValidationError as error:
        errors |= error.fields
    if ticket_type and ticket_type != "denuncia" and not _has_contact_or_identity(citizen):
        errors.setdefault("citizen", IDENTITY_MESSAGE)
    if errors:
        raise ValidationError(errors)
    return TicketInput(
        type=ticket_type, channel=channel, office=office, subject=subject,
        description=description, citizen=citizen, filed_at=filed_at, client_uuid=client_uuid,
        language=language, trip=trip, motive=motive,
    )


def _has_contact_or_identity(citizen: CitizenInput) -> bool:
    return bool(citizen.document_number or citizen.phone or citizen.email)


def is_backdated(filed_at: datetime | None, now: datetime) -> bool:
    return filed_at is not None and filed_at < now - BACKDATE_TOLERANCE


def client_rules() -> dict:
    """The rules above as data, for the field app to apply offline with the same messages.

    Patterns are written in the common subset of Python and JavaScript regular expressions.
    """
    return {
        "documents": {kind: {"pattern": rx.pattern, "message": message}
                      for kind, (rx, message) in DOCUMENT_RULES.items()},
        "document_type_missing": DOCUMENT_TYPE_MISSING,
        "document_number_missing": DOCUMENT_NUMBER_MISSING,
        "phone": {"strip": r"[\s\-().]", "prefixes": ["+51", "0051"], "mobile": MOBILE_RE.pattern,
                  "fixed": FIXED_RE.pattern, "message": PHONE_MESSAGE},
        "email": {"pattern": EMAIL_RE.pattern, "message": EMAIL_MESSAGE},
        "language": {"pattern": LANGUAGE_RE.pattern, "message": LANGUAGE_MESSAGE},
        "texts": {key: {"label": label, "max": LIMITS[key]} for key, label in TEXT_LABELS.items()},
        "required_format": REQUIRED_FORMAT, "max_length_format": MAX_LENGTH_FORMAT,
        "filed_at": {"max_skew_seconds": int(CLOCK_SKEW.total_seconds()),
                     "future_message": FUTURE_MESSAGE, "required_message": FILED_AT_REQUIRED},
        "identity": {"message": IDENTITY_MESSAGE, "exempt_types": ["denuncia"]},
    }
