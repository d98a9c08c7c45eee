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
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
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
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env != "development"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per 15 minutes"),
        "FEEDBACK_RATE_LIMIT": os.environ.get("FEEDBACK_RATE_LIMIT", "5 per hour"),
        "RESET_TOKEN_HOURS": int(os.environ.get("RESET_TOKEN_HOURS", "2")),
        "INVITE_TOKEN_DAYS": int(os.environ.get("INVITE_TOKEN_DAYS", "7")),
        "DEMO_MODE": _bool("DEMO_MODE", env == "development"),
        # Reports larger than this (table rows and list entries) render off the web worker.
        "REPORT_BACKGROUND_ROWS": int(os.environ.get("REPORT_BACKGROUND_ROWS", "30")),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        # Reverse proxies in front of the portal that set X-Forwarded-For/-Proto/-Host (0: none).
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
    }


def default_workers() -> int:
    """gunicorn workers: WEB_CONCURRENCY, else two per CPU plus one (at most 12)."""
    if os.environ.get("WEB_CONCURRENCY"):
        return max(1, int(os.environ["WEB_CONCURRENCY"]))
    return min(12, (os.cpu_count() or 1) * 2 + 1)
