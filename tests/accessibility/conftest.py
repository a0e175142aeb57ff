"""The page-test fixtures (users of each role) serve the accessibility run too."""

from tests.web.conftest import user  # noqa: F401
