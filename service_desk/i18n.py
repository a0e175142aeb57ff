"""Staff UI language: Flask-Babel gettext catalogs, chosen from the browser's languages.

A translator adds a catalog (service_desk/translations/<lang>/LC_MESSAGES/messages.po,
compiled to .mo with pybabel) and it is offered at once: no code names the languages.
"""

from __future__ import annotations

from flask import current_app, request


def available_locales() -> list[str]:
    """The default locale plus every compiled catalog found in the translation directories."""
    default = current_app.config.get("BABEL_DEFAULT_LOCALE", "es")
    from service_desk.extensions import babel

    found = [str(locale) for locale in babel.list_translations()]
    return list(dict.fromkeys([default, *found]))


def select_locale() -> str:
    """The browser's preferred language among the available catalogs, else the default (es)."""
    default = current_app.config.get("BABEL_DEFAULT_LOCALE", "es")
    if not request:
        return default
    return request.accept_languages.best_match(available_locales()) or default
