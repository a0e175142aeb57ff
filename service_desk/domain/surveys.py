"""Satisfaction survey rules (ISO 9001): the 1–5 scale, the WhatsApp digit reply and the figures.

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from service_desk.domain.errors import ValidationError
from service_desk.domain.indicators import percentage

SCALE: dict[int, str] = {
    1: "Muy insatisfecho",
    2: "Insatisfecho",
    3: "Ni satisfecho ni insatisfecho",
    4: "Satisfecho",
    5: "Muy satisfecho",
}
SATISFIED_FROM = 4  # "% satisfechos" counts answers rated 4 or 5
# A bare digit from the case's number answers the survey for this long after the closing.
WHATSAPP_REPLY_WINDOW = timedelta(days=7)
MAX_COMMENT = 1000
# Denuncias are sealed (D. Leg. 1327): nobody outside integrity may reach their complainant.
EXCLUDED_TYPES = frozenset({"denuncia"})
_DIGIT_REPLY = re.compile(r"^\s*([1-5])\s*[.!]?\s*$")

WHATSAPP_QUESTION = (
    "Programa JUNTOS: su caso {code} fue atendido. ¿Qué tan satisfecho(a) quedó con la atención?\n"
    "Responda con un solo número:\n"
    "5 = Muy satisfecho\n4 = Satisfecho\n3 = Ni satisfecho ni insatisfecho\n"
    "2 = Insatisfecho\n1 = Muy insatisfecho\n"
    "También puede responder aquí: {url}")


def surveyed(ticket_type: str) -> bool:
    """Whether closing a case of this type starts a survey."""
    return ticket_type not in EXCLUDED_TYPES


def parse_rating(value: object) -> int:
    """The 1–5 rating of a form or API field; ValidationError otherwise."""
    text = str(value).strip() if value is not None else ""
    if text not in {str(n) for n in SCALE}:
        raise ValidationError({"rating": "Elija una calificación del 1 al 5."})
    return int(text)


def clean_comment(value: object) -> str | None:
    """The optional comment, trimmed; None when empty; ValidationError when too long."""
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > MAX_COMMENT:
        raise ValidationError({"comment": f"El comentario admite como máximo {MAX_COMMENT} caracteres."})
    return text or None


def digit_reply(body: str | None) -> int | None:
    """The rating a WhatsApp message gives when its whole text is one digit 1–5 ("4", " 5 ", "3.")."""
    match = _DIGIT_REPLY.match(body or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class SurveyFigures:
    """Survey results of one group (an office, a channel...): counts and the two percentages."""

    key: str | None
    sent: int = 0
    answered: int = 0
    rating_sum: int = 0
    satisfied_count: int = 0

    @property
    def average(self) -> float | None:
        """Mean rating with one decimal (half up); None without answers."""
        if not self.answered:
            return None
        value = Decimal(self.rating_sum) / Decimal(self.answered)
        return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    @property
    def satisfied(self) -> float | None:
        """% of answers rated 4 or 5, one decimal; None without answers."""
        return percentage(self.satisfied_count, self.answered)

    @property
    def response_rate(self) -> float | None:
        """% of surveys sent that were answered."""
        return percentage(self.answered, self.sent)


def total_figures(rows: list[SurveyFigures]) -> SurveyFigures:
    """The scope total: counts summed, percentages recomputed from the sums."""
    return SurveyFigures(None, sum(r.sent for r in rows), sum(r.answered for r in rows),
                         sum(r.rating_sum for r in rows), sum(r.satisfied_count for r in rows))
