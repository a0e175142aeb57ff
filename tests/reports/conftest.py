"""Survey and report tests reuse the page helpers (users, sign-in, cases)."""

from tests.web.conftest import case, login, user  # noqa: F401
