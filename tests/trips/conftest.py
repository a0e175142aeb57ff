"""Page fixtures shared with tests/web (users, signing in)."""

from tests.web.conftest import login, user  # noqa: F401  (pytest fixtures)
