"""Page fixtures (users of each role, signing in, cases) shared with tests/web."""

from tests.web.conftest import case, login, user  # noqa: F401  (re-exported fixtures)
