"""Motive of a reclamo or queja (DS 007-2020-PCM art. 4): where it applies, when it is due."""

from __future__ import annotations

from service_desk.domain.catalog import MOTIVES
from service_desk.domain.errors import ValidationError

MOTIVE_TYPES = ("reclamo", "queja")
REQUIRED = ("El motivo (DS 007-2020-PCM art. 4) es obligatorio al cerrar un reclamo o una queja; "
            f"use uno de: {', '.join(MOTIVES)}.")
ONLY_FOR = "El motivo se registra solo en reclamos y quejas."


def check_motive(ticket_type: str | None, motive: object) -> str | None:
    """A known motive for a reclamo or queja, None when none was given; 422 otherwise."""
    if motive in (None, ""):
        return None
    if not isinstance(motive, str) or motive not in MOTIVES:
        raise ValidationError({"motive": f"El motivo no es válido; use uno de: {', '.join(MOTIVES)}."})
    if ticket_type not in MOTIVE_TYPES:
        raise ValidationError({"motive": ONLY_FOR})
    return motive


def motive_for_closing(ticket_type: str, recorded: str | None, given: object) -> str | None:
    """The motive a closing keeps: the one given now or the one recorded before; required for
    reclamos and quejas (at the latest when closing)."""
    motive = check_motive(ticket_type, given) or recorded
    if ticket_type in MOTIVE_TYPES and not motive:
        raise ValidationError({"motive": REQUIRED}, "Falta el motivo del reclamo o queja.")
    return motive
