"""The scheduler runs as its own process (`flask --app wsgi scheduler`) and stops cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from bench.serve import ROOT, child_env, rss_mib, stop

pytestmark = pytest.mark.postgres


def test_the_scheduler_process_starts_against_postgresql_and_stops_on_interrupt(app, postgres_url):
    # A missing command is a defect of this build, never a reason to skip.
    assert "scheduler" in app.cli.commands, "the `scheduler` command is not registered"
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"], cwd=ROOT,
                               env=child_env(DATABASE_URL=postgres_url, SECRET_KEY="deploy-test"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        banner = process.stdout.readline()
        time.sleep(1)
        alive, memory = process.poll() is None, rss_mib(process.pid)
    finally:
        code = stop(process, signal.SIGINT)
        output = banner + process.stdout.read()
        process.stdout.close()
    assert "sla-scan" in banner, output
    assert alive and memory > 10
    assert code == 0, output
