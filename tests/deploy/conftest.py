"""Deployment tests need PostgreSQL (TEST_DATABASE_URL) and the PostgreSQL client tools."""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture
def postgres_url(app) -> str:
    """The test database's URL when it is PostgreSQL; skips with the reason otherwise."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://...")
    return url


@pytest.fixture
def pg_tools():
    missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs the PostgreSQL client tools ({', '.join(missing)}): apt-get install "
                    "postgresql-client")
