"""Fixtures shared by the triage tests: the web user factory and sign-in."""

from tests.web.conftest import user  # noqa: F401
