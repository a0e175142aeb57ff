"""The page-test fixtures (users of each role, signing in, cases) serve the workbench tests too."""

from tests.web.conftest import case, login, user  # noqa: F401
