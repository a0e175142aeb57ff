"""Itinerant trips: the shape of a trip and the rule that ties an attention to one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from service_desk.domain.calendar import OUTSIDE_CALENDAR, covers
from service_desk.domain.catalog import OFFICES
from service_desk.domain.errors import ValidationError
from service_desk.domain.validation import LANGUAGE_RE

UBIGEO_RE = re.compile(r"^[0-9]{6}$")
MAX_DAYS = 60  # a trip longer than two months is a typing error
MAX_NOTES = 2000
MAX_STAFF = 30
ITINERANT_CHANNEL = "itinerante"


@dataclass
class TripInput:
    office: str
    ubigeo: str
    starts_on: date
    ends_on: date
    staff: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    notes: str | None = None


def _date(data: dict, key: str, label: str, errors: dict) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        errors[key] = f"{label} es obligatoria."
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if covers(day):
                return day
            errors[key] = OUTSIDE_CALENDAR
            return None
    errors[key] = f"{label} debe tener el formato AAAA-MM-DD."
    return None


def _codes(data: dict, key: str, errors: dict, pattern: re.Pattern, message: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or len(value) > MAX_STAFF or \
            not all(isinstance(v, str) and pattern.match(v) for v in value):
        errors[key] = message
        return []
    return list(dict.fromkeys(value))


def validate_trip(data: object) -> TripInput:
    """Check a trip body; raise ValidationError with every field problem at once."""
    if not isinstance(data, dict):
        raise ValidationError({"body": "Se esperaba un objeto JSON."})
    errors: dict[str, str] = {}
    office = data.get("office")
    if not isinstance(office, str) or office not in OFFICES:
        errors["office"] = "Indique una oficina válida."
    ubigeo = data.get("ubigeo")
    if not isinstance(ubigeo, str) or not UBIGEO_RE.match(ubigeo):
        errors["ubigeo"] = "Indique el distrito (ubigeo INEI de 6 dígitos)."
    starts_on = _date(data, "starts_on", "La fecha de inicio", errors)
    ends_on = _date(data, "ends_on", "La fecha de fin", errors)
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "La fecha de fin no puede ser anterior a la de inicio."
    elif starts_on and ends_on and (ends_on - starts_on).days >= MAX_DAYS:
        errors["ends_on"] = f"Un viaje dura como máximo {MAX_DAYS} días."
    staff = _codes(data, "staff", errors, re.compile(r"^[\w.@-]{1,64}$"),
                   "El personal es una lista de nombres de usuario.")
    languages = _codes(data, "languages", errors, LANGUAGE_RE,
                       "Los idiomas son códigos ISO 639 (es, qu, ay...).")
    notes = data.get("notes")
    if notes not in (None, "") and (not isinstance(notes, str) or len(notes) > MAX_NOTES):
        errors["notes"] = f"Las notas son un texto de hasta {MAX_NOTES} caracteres."
    if errors:
        raise ValidationError(errors)
    return TripInput(office=office, ubigeo=ubigeo, starts_on=starts_on, ends_on=ends_on,
                     staff=staff, languages=languages, notes=(notes or "").strip() or None)


TRIP_MESSAGES = {
    "unknown": "No existe un viaje itinerante con ese número.",
    "other_office": "El viaje itinerante es de otra oficina.",
    "outside": "La fecha de la atención ({day}) está fuera del viaje ({starts} al {ends}).",
    "channel": "Una atención de un viaje itinerante se registra con el canal Itinerante.",
}


def attention_trip_error(trip_office: str | None, starts_on: date | None, ends_on: date | None,
                         office: str, channel: str, day: date) -> str | None:
    """Why an attention cannot belong to a trip (Spanish), or None when it can.

    `trip_office` None means the trip does not exist. The field app applies the same
    rule offline with these messages (client_rules).
    """
    if trip_office is None:
        return TRIP_MESSAGES["unknown"]
    if trip_office != office:
        return TRIP_MESSAGES["other_office"]
    if not starts_on <= day <= ends_on:
        return TRIP_MESSAGES["outside"].format(day=f"{day:%d/%m/%Y}", starts=f"{starts_on:%d/%m/%Y}",
                                               ends=f"{ends_on:%d/%m/%Y}")
    if channel != ITINERANT_CHANNEL:
        return TRIP_MESSAGES["channel"]
    return None


def client_rules() -> dict:
    """The trip rule as data for the field app (dates shown dd/mm/aaaa)."""
    return {"messages": TRIP_MESSAGES, "channel": ITINERANT_CHANNEL}
