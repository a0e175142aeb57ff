"""Ticket statuses and the table of allowed transitions (as in django-helpdesk)."""

from __future__ import annotations

from enum import StrEnum

from service_desk.domain.errors import InvalidTransition, ValidationError, required_message


class Status(StrEnum):
    REGISTRADO = "registrado"
    EN_PROCESO = "en_proceso"
    DERIVADO = "derivado"
    CERRADO = "cerrado"
    ANULADO = "anulado"


STATUS_LABELS = {
    Status.REGISTRADO: "Registrado",
    Status.EN_PROCESO: "En proceso",
    Status.DERIVADO: "Derivado",
    Status.CERRADO: "Cerrado",
    Status.ANULADO: "Anulado",
}

# from-status -> statuses it may move to. Closed and annulled are final.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.REGISTRADO: frozenset({Status.EN_PROCESO, Status.DERIVADO, Status.CERRADO, Status.ANULADO}),
    Status.EN_PROCESO: frozenset({Status.DERIVADO, Status.CERRADO, Status.ANULADO}),
    Status.DERIVADO: frozenset({Status.EN_PROCESO, Status.CERRADO, Status.ANULADO}),
    Status.CERRADO: frozenset(),
    Status.ANULADO: frozenset(),
}

OPEN_STATUSES = frozenset({Status.REGISTRADO, Status.EN_PROCESO, Status.DERIVADO})
MAX_TEXT = 5000


def allowed_next(current: str) -> frozenset[Status]:
    return TRANSITIONS[Status(current)]


def check_transition(current: str, target: str) -> None:
    """Raise InvalidTransition unless current -> target is in the table."""
    if Status(target) not in allowed_next(current):
        raise InvalidTransition(
            f"No se puede pasar de «{STATUS_LABELS[Status(current)]}» "
            f"a «{STATUS_LABELS[Status(target)]}».",
            {"status": current},
        )


def require_text(field: str, value: object, label: str, max_length: int = MAX_TEXT) -> str:
    """A non-empty text of bounded length, or a ValidationError on `field`."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError({field: required_message(label)})
    if len(text) > max_length:
        raise ValidationError({field: f"{label} admite como máximo {max_length} caracteres."})
    return text
