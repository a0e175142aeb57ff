"""Configuration classes: the only module that reads environment variables."""

from __future__ import annotations

import os

DEFAULT_SECRET_KEY = "dev-only-change-me"


class Config:
    """Defaults shared by every environment; values come from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    # DATABASE_URL wins; without it create_app() uses a SQLite file in the instance folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # "pgbouncer" when DATABASE_URL (and DATABASE_REPLICA_URL) go through a transaction-mode
    # pooler: psycopg then never prepares statements server-side (the next transaction may
    # run on another server connection). See docs/deployment.md.
    DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "").strip().lower() or None
    # A hot-standby replica for the read-only work (reports, exports, dashboards, queues and
    # search, the API's lists); unset = everything on DATABASE_URL.
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL") or None
    # Reads fall back to the primary when the replica is this far behind (or down).
    REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "30"))
    # The replica's health is checked at most this often per process.
    REPLICA_HEALTH_CACHE_SECONDS = float(os.environ.get("REPLICA_HEALTH_CACHE_SECONDS", "5"))
    # After a page form writes, that browser reads from the primary for this long.
    REPLICA_STICKY_SECONDS = float(os.environ.get("REPLICA_STICKY_SECONDS", "10"))
    # Staff UI language (Flask-Babel): the browser's preferred language among the compiled
    # catalogs in service_desk/translations (or UI_TRANSLATIONS_DIR); Spanish otherwise.
    BABEL_DEFAULT_LOCALE = os.environ.get("UI_DEFAULT_LOCALE", "es")
    BABEL_TRANSLATION_DIRECTORIES = os.environ.get("UI_TRANSLATIONS_DIR", "translations")
    TESTING = False
    WTF_CSRF_ENABLED = os.environ.get("WTF_CSRF_ENABLED", "true").lower() != "false"
    SCHEDULER_ENABLED = os.environ.get("SCHEDULER_ENABLED", "false").lower() == "true"
    # How often each scheduler offers every job to the lease (seconds).
    SCHEDULER_TICK_SECONDS = int(os.environ.get("SCHEDULER_TICK_SECONDS", "60"))
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
    TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
    TWILIO_WHATSAPP_FROM = os.environ.get("TWILIO_WHATSAPP_FROM", "")
    TWILIO_API_BASE_URL = os.environ.get("TWILIO_API_BASE_URL", "")
    # Replies outside WhatsApp's 24-hour session window need a pre-approved template (Content SID,
    # variables {{1}} = case code, {{2}} = response); SMS replies go from this number.
    TWILIO_RESPONSE_TEMPLATE_SID = os.environ.get("TWILIO_RESPONSE_TEMPLATE_SID", "")
    TWILIO_SMS_FROM = os.environ.get("TWILIO_SMS_FROM", "")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "servicioalusuario@juntos.gob.pe")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "false").lower() == "true"
    # The service mailbox read by the `mail-fetch` job (correo channel); unset = not polled.
    MAIL_IMAP_SERVER = os.environ.get("MAIL_IMAP_SERVER", "")
    MAIL_IMAP_PORT = int(os.environ.get("MAIL_IMAP_PORT", "0"))  # 0: 993 with SSL, else 143
    MAIL_IMAP_SSL = os.environ.get("MAIL_IMAP_SSL", "true").lower() != "false"
    MAIL_IMAP_USER = os.environ.get("MAIL_IMAP_USER", "")
    MAIL_IMAP_PASSWORD = os.environ.get("MAIL_IMAP_PASSWORD", "")
    MAIL_IMAP_MAILBOX = os.environ.get("MAIL_IMAP_MAILBOX", "INBOX")
    # Public Libro de Reclamaciones: limits per client address (Flask-Limiter syntax) and
    # request size; a shared RATELIMIT_STORAGE_URI (redis://...) when several processes serve it.
    LIBRO_RATE_LIMIT = os.environ.get("LIBRO_RATE_LIMIT", "5 per minute;30 per hour")
    LIBRO_LOOKUP_RATE_LIMIT = os.environ.get("LIBRO_LOOKUP_RATE_LIMIT", "10 per minute;60 per hour")
    # Staff citizen lookup (DNI → personal data), per signed-in user: no walking the DNI space.
    CITIZEN_LOOKUP_RATE_LIMIT = os.environ.get("CITIZEN_LOOKUP_RATE_LIMIT", "30 per minute;300 per hour")
    # Rate-limited answers carry Retry-After (and X-RateLimit-*), so clients know when to retry.
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Every request body (API.md: 413 beyond 10 MiB); the public pages have their own, smaller.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(10 * 1024 * 1024)))
    PUBLIC_MAX_CONTENT_LENGTH = int(os.environ.get("PUBLIC_MAX_CONTENT_LENGTH", str(8 * 1024 * 1024)))
    # Días hábiles left at which a ticket turns "por vencer".
    SLA_WARNING_BUSINESS_DAYS = int(os.environ.get("SLA_WARNING_BUSINESS_DAYS", "5"))
    # INDECOPI calls an after-hours cut-off an illegal barrier, so it is off unless set ("HH:MM").
    RECEPTION_CUTOFF = os.environ.get("RECEPTION_CUTOFF") or None
    # Fernet keys sealing denuncias (newest first, comma-separated); see docs/security.md.
    SEALING_KEYS = os.environ.get("SEALING_KEYS", "")
    # Citizen data on tickets closed longer ago than this is anonymised (Ley 29733 retention).
    RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "5"))
    # How long API tokens live, in days.
    API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "365"))
    # "json": one JSON object per log line (service_desk/logging_config.py); "text" leaves Flask's.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # Reverse proxies in front of the app (nginx: 1); their X-Forwarded-* headers are trusted.
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    JSON_SORT_KEYS = False


class ProductionConfig(Config):
    """Production: secure cookies; a default secret key is refused at start."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    SCHEDULER_ENABLED = False
    SECRET_KEY = "testing-secret-key"


def config_for(name: str | None) -> type[Config]:
    """Pick the config class named by APP_ENV (development by default)."""
    name = name or os.environ.get("APP_ENV", "development")
    return {"production": ProductionConfig, "testing": TestingConfig}.get(name, Config)
