"""Operations: `/healthz` (database, Redis, queue depth as JSON), the RQ worker loop
(`flask --app wsgi portal worker`) and the production start check (`flask --app wsgi portal
check-config`, also run by gunicorn.conf.py before workers start)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, jsonify
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Worker

from portal.auth.models import User
from portal.config import default_workers
from portal.demo.foundation import OTHERS, PEOPLE
from portal.extensions import db, limiter
from portal.generate.foundation import EMAIL_DOMAIN

bp = Blueprint("health", __name__)
# The portal's RQ queues, most urgent first (`portal worker` works them; /healthz reports depth).
QUEUES = ("reports",)
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "ceph", "glusterfs", "afs",
                       "fuse.sshfs", "fuse.glusterfs", "fuse.s3fs", "lustre", "gpfs"}
WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "test-secret-key", "please-change-me"}


def run_worker(redis_url: str, queues=QUEUES, burst: bool = False) -> bool:
    """Work the queues until stopped (or, with `burst`, until they are empty). The jobs are named
    by path (portal.worker.*), so this module need not import them."""
    return Worker(list(queues), connection=Redis.from_url(redis_url)).work(burst=burst)


def _database() -> dict:
    started = time.perf_counter()
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "dialect": db.engine.dialect.name,
            "ms": round((time.perf_counter() - started) * 1000, 1)}


def _redis(url: str | None) -> tuple[dict, dict]:
    if not url:
        return {"ok": True, "configured": False}, {}
    try:
        connection = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        started = time.perf_counter()
        connection.ping()
        depths = {name: Queue(name, connection=connection).count for name in QUEUES}
    except RedisError as error:
        return {"ok": False, "configured": True, "error": type(error).__name__}, {}
    return {"ok": True, "configured": True, "ms": round((time.perf_counter() - started) * 1000, 1)}, depths


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 when the database (and Redis, if configured) answer; 503 otherwise. Public: it says
    nothing about the records, only whether the services behind the portal are up."""
    database = _database()
    redis, queues = _redis(current_app.config.get("REDIS_URL"))
    ok = database["ok"] and redis["ok"]
    response = jsonify(status="ok" if ok else "failing", database=database, redis=redis, queues=queues)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response


# ---- the production start check --------------------------------------------------------------


def _mount_type(path: Path) -> str:
    """The filesystem type of the mount holding `path` (Linux /proc/mounts; "" elsewhere)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    best, kind = "", ""
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3:
            point = parts[1].replace("\\040", " ")
            if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
                best, kind = point, parts[2]
    return kind


def _demo_accounts() -> int:
    emails = [email for _k, _n, email, *_rest in PEOPLE] + [email for _k, _n, email, _a in OTHERS]
    return db.session.scalar(sa.select(sa.func.count(User.id)).where(sa.or_(
        User.email.in_(emails), User.email.like(f"%@{EMAIL_DOMAIN}")))) or 0


def config_problems(app: Flask, workers: int | None = None) -> list[str]:
    """What makes this configuration unfit for production, in plain words (empty: fit)."""
    config, problems = app.config, []
    secret = os.environ.get("SECRET_KEY", "")
    if secret.strip().lower() in WEAK_SECRETS or len(secret) < 32:
        problems.append("SECRET_KEY is not set to a long random value (the generated development "
                        "key in instance/ is not for production): set SECRET_KEY (32+ characters).")
    if app.debug or os.environ.get("FLASK_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
        problems.append("Debug mode is on: unset FLASK_DEBUG (the debugger runs code for anyone).")
    if config.get("DEMO_MODE"):
        problems.append("DEMO_MODE is on: set PORTAL_ENV=production and leave DEMO_MODE unset.")
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append("SESSION_COOKIE_SECURE is off: sessions would travel without HTTPS.")
    demo = _demo_accounts()
    if demo:
        problems.append(f"{demo} demo or generated account(s) are present (the demo password is public): "
                        "remove them or use a fresh database.")
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        kind = _mount_type(Path(url.database).parent)
        if kind in NETWORK_FILESYSTEMS:
            problems.append(f"The SQLite database is on a network filesystem ({kind}): its locks are not "
                            "reliable there; use PostgreSQL (DATABASE_URL) or a local disk.")
    workers = default_workers() if workers is None else workers
    if workers > 1 and not config.get("REDIS_URL"):
        problems.append(f"{workers} workers without REDIS_URL: rate limits would be counted per worker "
                        "and reports rendered in web threads; set REDIS_URL (or WEB_CONCURRENCY=1).")
    return problems
