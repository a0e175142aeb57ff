"""Timing primitives: repeated timings, HTTP latency samples, wrk load runs, and the result row."""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Measurement:
    """One line of the report: the subject against its anchor, measured in the same run."""

    number: str
    name: str
    scale: str
    subject: list[float]
    anchor: list[float]
    goal: float | None  # None: reported, no goal set by the issue
    unit: str = "ms"
    higher_is_better: bool = False
    how: str = ""
    why: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return median(self.subject) / median(self.anchor)

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        return self.ratio >= self.goal if self.higher_is_better else self.ratio <= self.goal

    @property
    def goal_text(self) -> str:
        if self.goal is None:
            return "—"
        return f"≥ {self.goal:g}×" if self.higher_is_better else f"≤ {self.goal:g}×"


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(func: Callable[[], object], repeats: int, warmup: int = 1,
          before: Callable[[], object] | None = None) -> list[float]:
    """Milliseconds of `repeats` calls of func (after `warmup` untimed calls); `before` is untimed."""
    for _ in range(warmup):
        if before:
            before()
        func()
    samples = []
    for _ in range(repeats):
        if before:
            before()
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


class HttpClient:
    """A minimal client (http.client, one connection per request as gunicorn's sync workers do)."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.headers = dict(headers or {})

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers={**self.headers, **(headers or {})})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def get(self, path: str) -> tuple[int, bytes]:
        status, _headers, body = self.request("GET", path)
        return status, body

    def login(self, username: str, password: str) -> None:
        """Sign in through the login form (CSRF off for the bench) and keep the session cookie."""
        body = f"username={username}&password={password}".encode()
        status, headers, _ = self.request("POST", "/login", body,
                                          {"Content-Type": "application/x-www-form-urlencoded"})
        cookie = headers.get("Set-Cookie", "")
        if status != 302 or "session=" not in cookie:
            raise RuntimeError(f"login failed for {username}: {status}")
        self.headers["Cookie"] = cookie.split(";", 1)[0]


def latencies(client: HttpClient, paths: list[str], requests: int, warmup: int = 5) -> list[float]:
    """Milliseconds per sequential GET, cycling through `paths`; any non-200 answer aborts."""
    samples = []
    for i in range(warmup + requests):
        path = paths[i % len(paths)]
        started = time.perf_counter()
        status, body = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
        if i >= warmup:
            samples.append(elapsed)
    return samples


WRK_SCRIPT = Path(__file__).resolve().parent / "register.lua"


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    errors: int
    tool: str


def load_test(base_url: str, path: str, headers: dict[str, str], body_for: Callable[[int], dict],
              seconds: float, connections: int = 8) -> LoadResult:
    """POST load on 127.0.0.1: wrk when installed, else a bounded thread pool in Python."""
    if shutil.which("wrk"):
        return _wrk(base_url + path, headers, seconds, connections)
    return _python_load(base_url, path, headers, body_for, seconds, connections)


def _wrk(url: str, headers: dict[str, str], seconds: float, connections: int) -> LoadResult:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
               "-s", str(WRK_SCRIPT), "-H", "Content-Type: application/json"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 120)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("{"):
        raise RuntimeError(f"wrk failed: {done.stdout[-500:]} {done.stderr[-500:]}")
    result = json.loads(lines[-1])
    return LoadResult(result["rps"], result["p50"] / 1000, result["p95"] / 1000, result["errors"],
                      "wrk")


def _python_load(base_url: str, path: str, headers: dict[str, str], body_for, seconds: float,
                 connections: int) -> LoadResult:
    client = HttpClient(base_url, {**headers, "Content-Type": "application/json"})
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    counter = iter(range(10**9))

    def worker():
        while time.perf_counter() < deadline:
            with lock:
                n = next(counter)
            started = time.perf_counter()
            status, _h, _b = client.request("POST", path, json.dumps(body_for(n)).encode())
            with lock:
                samples.append((time.perf_counter() - started) * 1000)
                errors[0] += status >= 400
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return LoadResult(len(samples) / elapsed, median(samples), p95(samples), errors[0], "python")
