"""gunicorn settings for the service desk: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every value can be overridden from the environment (systemd EnvironmentFile,
container env), so one file serves every host. Web workers are stateless: the
session lives in a signed cookie and everything else in PostgreSQL, so more
hosts behind the proxy means more capacity. The scheduler is NOT started here
(SCHEDULER_ENABLED stays false): it runs as its own process, `flask --app wsgi
scheduler`, so jobs do not run once per worker.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the app is CPU- and database-bound; 2 x cores + 1 is gunicorn's rule of thumb.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # large exports and sync batches
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Only the reverse proxy may say the original scheme was https (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# gunicorn >= 27 opens a control socket in ~/.gunicorn by default; several instances on one
# host would share it, so it is off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

# Logs to stdout/stderr for journald or the container runtime; "" turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
if os.environ.get("LOG_FORMAT", "text").lower() == "json":
    # The path only (%(U)s, no query string): queries may carry DNIs.
    access_log_format = ('{"logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", '
                         '"path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, '
                         '"request_id": "%({x-request-id}i)s"}')
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "service_desk.logging_config.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
            # The access line is already JSON; the raw formatter keeps it as it is.
            "gunicorn.access": {"handlers": ["raw"], "level": "INFO", "propagate": False},
        },
    }
    logconfig_dict["formatters"]["raw"] = {"format": "%(message)s"}
    logconfig_dict["handlers"]["raw"] = {"class": "logging.StreamHandler", "formatter": "raw"}
