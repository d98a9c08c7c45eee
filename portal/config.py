"""Configuration: safe embedded defaults, overridden by environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _audit_key(instance_path: Path) -> str:
    """AUDIT_KEY from the environment, else one generated once into instance/audit_key: the key
    that signs audit events lives outside the database, so a database edit cannot re-sign them.
    Back it up with the database (portal backup includes it)."""
    if os.environ.get("AUDIT_KEY"):
        return os.environ["AUDIT_KEY"]
    key_file = instance_path / "audit_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def normalise_database_url(url: str) -> str:
    # Heroku-style URLs name the old driver; we ship psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def from_environment(instance_path: Path) -> dict:
    env = os.environ.get("PORTAL_ENV", "development")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.db'}"
    redis_url = os.environ.get("REDIS_URL") or None
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": _secret_key(instance_path),
        "AUDIT_KEY": _audit_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # How long a SQLite writer waits for another's transaction to end before failing.
        "SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "30000")),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "STORAGE_DIR": os.environ.get("STORAGE_DIR") or str(instance_path / "files"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "console"),  # console | file | smtp
        "MAIL_FILE_DIR": os.environ.get("MAIL_FILE_DIR") or str(instance_path / "mail"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Partnership Portal <no-reply@portal.local>"),
        "SMTP_HOST": os.environ.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_USER": os.environ.get("SMTP_USER") or None,
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": _bool("SMTP_STARTTLS", False),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        # Strict-Transport-Security max-age; on (one year) in production, off in development.
        "HSTS_SECONDS": int(os.environ.get("HSTS_SECONDS", "31536000" if env == "production" else "0")),
        # Over HTTPS the session cookie is a __Host- cookie: only this host, path /, Secure.
        "SESSION_COOKIE_NAME": "__Host-session" if _bool("SESSION_COOKIE_SECURE", env != "development") else "session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env != "development"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Sessions: idle timeout for government, operator, reviewer and administrator accounts,
        # for community accounts (0 = none), and the absolute lifetime of any session.
        "IDLE_TIMEOUT_MINUTES": int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30")),
        "COMMUNITY_IDLE_MINUTES": int(os.environ.get("COMMUNITY_IDLE_MINUTES", "0")),
        "SESSION_LIFETIME_HOURS": int(os.environ.get("SESSION_LIFETIME_HOURS", "12")),
        # Two-factor sign-in for government, operator, reviewer and administrator accounts.
        "TWO_FACTOR_REQUIRED": _bool("TWO_FACTOR_REQUIRED", True),
        "TWO_FACTOR_RATE_LIMIT": os.environ.get("TWO_FACTOR_RATE_LIMIT", "5 per 15 minutes"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per 15 minutes"),
        # Failed sign-ins (and reset requests) per account, whatever the address.
        "ACCOUNT_LOGIN_RATE_LIMIT": os.environ.get("ACCOUNT_LOGIN_RATE_LIMIT", "20 per hour"),
        "REGISTER_RATE_LIMIT": os.environ.get("REGISTER_RATE_LIMIT", "5 per hour"),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust (Werkzeug's
        # ProxyFix); 0 = none, and the header is ignored (anyone can send it).
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "FEEDBACK_RATE_LIMIT": os.environ.get("FEEDBACK_RATE_LIMIT", "5 per hour"),
        "RESET_TOKEN_HOURS": int(os.environ.get("RESET_TOKEN_HOURS", "2")),
        "INVITE_TOKEN_DAYS": int(os.environ.get("INVITE_TOKEN_DAYS", "7")),
        "DEMO_MODE": _bool("DEMO_MODE", env == "development"),
        # Reports larger than this (table rows and list entries) render off the web worker.
        "REPORT_BACKGROUND_ROWS": int(os.environ.get("REPORT_BACKGROUND_ROWS", "30")),
        # Spreadsheet imports (failure-event logs): rows, unpacked workbook size, errors listed.
        "IMPORT_MAX_ROWS": int(os.environ.get("IMPORT_MAX_ROWS", "2000")),
        "IMPORT_MAX_UNPACKED_MB": int(os.environ.get("IMPORT_MAX_UNPACKED_MB", "20")),
        "IMPORT_MAX_ERRORS": int(os.environ.get("IMPORT_MAX_ERRORS", "50")),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    }


def default_workers() -> int:
    """gunicorn workers: WEB_CONCURRENCY, else two per CPU plus one (at most 12)."""
    if os.environ.get("WEB_CONCURRENCY"):
        return max(1, int(os.environ["WEB_CONCURRENCY"]))
    return min(12, (os.cpu_count() or 1) * 2 + 1)
