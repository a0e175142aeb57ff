"""Form helpers: Spanish WTForms messages, and domain errors shown beside their fields."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.meta import DefaultMeta

from service_desk.domain.calendar import OUTSIDE_CALENDAR, covers
from service_desk.domain.errors import DomainError, ValidationError


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def option_values(field) -> set[str]:
    """The values a select field offers (to ignore anything else sent in a query string)."""
    return {choice.value for choice in field.choices}


def within_calendar(_form, field) -> None:
    """WTForms validator: a date in the years the business calendar covers."""
    from wtforms.validators import ValidationError as FieldError

    if field.data is not None and not covers(field.data):
        raise FieldError(OUTSIDE_CALENDAR)


class SpanishForm(FlaskForm):
    """A FlaskForm whose built-in messages (dates, numbers, CSRF) are in Spanish."""

    class Meta:
        locales = ("es",)

        def get_translations(self, form):
            # Flask-WTF only translates through Flask-Babel; WTForms ships Spanish itself.
            return DefaultMeta.get_translations(self, form)


def apply_errors(form: FlaskForm, error: DomainError, aliases: dict[str, str] | None = None) -> list[str]:
    """Attach field messages to `form`; return the messages no field shows (for the top)."""
    general: list[str] = []
    if not isinstance(error, ValidationError):
        return [error.message]
    for key, message in error.fields.items():
        name = (aliases or {}).get(key, key.removeprefix("citizen."))
        field = getattr(form, name, None) if name and not name.startswith("_") else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
        else:
            general.append(message)
    return general
