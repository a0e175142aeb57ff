"""`python -m bench --small` runs every measurement end to end, so the bench never rots.

Timings are whatever this machine gives: nothing here asserts a duration or a ratio.
"""

from __future__ import annotations

import os
import subprocess
import sys

from bench.serve import ROOT, child_env
from service_desk.extensions import db


def test_the_small_bench_runs_every_measurement_and_writes_the_report(_app, tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    with _app.app_context():  # the bench replaces the tables: no connection may hold a lock
        db.session.remove()
        db.engine.dispose()
    report = tmp_path / "performance.md"
    done = subprocess.run([sys.executable, "-m", "bench", "--small", "--tickets", "3000",
                           "--database", url, "--out", str(report)],
                          cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=540)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    for number in "123456789":
        assert f"\n| {number} | " in text, f"measurement {number} missing from the report"
    assert "núcleos lógicos" in text and "3,000 casos" in text
    assert "sqlite" in text or "127.0.0.1" in text
