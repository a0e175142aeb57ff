"""The README's first command: quickstart leaves a running service with demo data."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_quickstart_serves_the_desk_with_its_scheduler(tmp_path):
    port = _free_port()
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "", "APP_ENV": "development"}
    env.pop("TEST_DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "quickstart", "--port", str(port),
             "--tickets", "30"]
    process = subprocess.Popen(flask, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        body = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert body is not None and '"database":"ok"' in body.replace(" ", "")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
            assert "Contraseña" in r.read().decode()
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "Casos de demostración creados: 30" in output
    assert "admin" in output and "Sirviendo en" in output
