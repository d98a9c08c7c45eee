"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden by the environment (names below) or on the command line."""

import os

from portal import create_app
from portal.config import default_workers
from portal.health import config_problems

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = default_workers()  # WEB_CONCURRENCY, else 2 x CPUs + 1 (at most 12)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes longer is killed; report rendering runs off the request (RQ or a thread).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# The app is imported once in the master, so workers share its memory (copy on write).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Access log to stdout (set ACCESS_LOG to a path, or "" to turn it off), with the time taken.
accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
# Which addresses may set X-Forwarded-* headers for gunicorn itself (the portal uses PROXY_COUNT).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Refuse a production start with an unsafe configuration (what `portal check-config` says)."""
    if os.environ.get("PORTAL_ENV") != "production":
        return
    app = create_app()
    with app.app_context():
        problems = config_problems(app, workers)
    for problem in problems:
        server.log.error("REFUSED: %s", problem)
    if problems:
        raise SystemExit(1)
