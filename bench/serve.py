"""Start, probe and stop gunicorn on 127.0.0.1, and read the memory of its processes.

The bench serves the real app and the bare anchor the same way through these
helpers; the deployment tests use them to start the production configuration.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_env(**extra: str) -> dict[str, str]:
    """This environment plus `extra`, with the project importable and no stray scheduler."""
    env = {**os.environ, "SCHEDULER_ENABLED": "false", **extra}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def start_gunicorn(app_spec: str, env: dict[str, str], workers: int = 2, probe: str = "/healthz",
                   timeout: float = 60) -> Server:
    """gunicorn -c deploy/gunicorn.conf.py on a free port; returns once `probe` answers 200."""
    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "--bind",
               f"127.0.0.1:{port}", "--workers", str(workers), app_spec]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=child_env(**env), stdout=log,
                                   stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{server.log()[-3000:]}")
        if _answers(server.url + probe):
            return server
        time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"gunicorn did not answer {probe} in {timeout} s:\n{server.log()[-3000:]}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def stop(server: Server | subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
    """Ask the process to stop (SIGTERM: gunicorn's graceful stop); kill it if it hangs."""
    process = server.process if isinstance(server, Server) else server
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def worker_pids(master_pid: int) -> list[int]:
    """Process ids whose parent is `master_pid` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may contain spaces, so split after the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == master_pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mib(pid: int) -> float:
    """Resident set size of a process in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")
