"""Triage of a case: the rules of a reclassification request (API.md, reclassify). No I/O."""

from __future__ import annotations

from dataclasses import dataclass

from service_desk.domain.catalog import MOTIVES, OFFICES, SUBJECTS, TICKET_TYPES
from service_desk.domain.errors import ValidationError

REASON_MAX = 1000
FIELDS = ("type", "subject", "office")
LABELS = {"type": "El tipo", "subject": "El tema", "office": "La oficina", "motive": "El motivo"}
OPTIONS = {"type": TICKET_TYPES, "subject": SUBJECTS, "office": OFFICES, "motive": MOTIVES}
NOTHING_CHANGES = "Indique al menos un cambio de tipo, tema u oficina."


@dataclass(frozen=True)
class Reclassification:
    """What the caller asks for; None = keep as it is."""

    reason: str
    type: str | None = None
    subject: str | None = None
    office: str | None = None
    motive: str | None = None


@dataclass(frozen=True)
class Classification:
    type: str
    subject: str
    office: str


def validate_reclassification(data: object) -> Reclassification:
    """Check the body's shape: known codes and a reason; every problem under its field."""
    if not isinstance(data, dict):
        raise ValidationError({"reason": "El motivo de la reclasificación es obligatorio."})
    errors: dict[str, str] = {}
    values: dict[str, str | None] = {}
    for key in (*FIELDS, "motive"):
        raw = data.get(key)
        if raw in (None, ""):
            values[key] = None
        elif not isinstance(raw, str) or raw not in OPTIONS[key]:
            errors[key] = f"{LABELS[key]} no es válido; use uno de: {', '.join(OPTIONS[key])}."
        else:
            values[key] = raw
    reason = data.get("reason")
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        errors["reason"] = "El motivo de la reclasificación es obligatorio."
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"El motivo admite como máximo {REASON_MAX} caracteres."
    if not errors and not any(values[k] for k in FIELDS):
        errors |= {k: NOTHING_CHANGES for k in FIELDS}
    if errors:
        raise ValidationError(errors)
    return Reclassification(reason=reason, **values)


def changed_fields(current: Classification, wanted: Reclassification) -> dict[str, list[str]]:
    """{field: [old, new]} for what really changes; a ValidationError when nothing does."""
    changes = {k: [getattr(current, k), getattr(wanted, k)] for k in FIELDS
               if getattr(wanted, k) and getattr(wanted, k) != getattr(current, k)}
    if not changes:
        raise ValidationError({k: NOTHING_CHANGES for k in FIELDS if getattr(wanted, k)}
                              or {k: NOTHING_CHANGES for k in FIELDS},
                              "La reclasificación no cambia nada.")
    return changes
