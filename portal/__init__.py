"""The Partnership Portal application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import config as portal_config
from portal.extensions import csrf, db, htmx, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent

# Feature blueprints, in the order their URLs should be matched.
BLUEPRINTS = [
    "portal.auth.views:bp",
    "portal.auth.security_views:bp",
    "portal.public.views:bp",
    "portal.contracts.views:bp",
    "portal.admin.views:bp",
    "portal.audit.views:bp",
    "portal.notifications.views:bp",
    "portal.performance.views:bp",
    "portal.feedback.views:bp",
    "portal.reports.views:bp",
    "portal.opendata.views:bp",
]


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(portal_config.from_environment(instance))
    if config:
        app.config.update(config)

    if app.config.get("PROXY_COUNT"):
        # Behind N reverse proxies: the client's address and scheme come from their headers.
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    if app.config.get("PORTAL_ENV") == "production" and str(app.config.get("RATELIMIT_STORAGE_URI")).startswith("memory"):
        app.logger.warning("REDIS_URL is not set: rate limits are counted per worker process. "
                           "Set REDIS_URL in production so that all workers share them.")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from portal import database, errors, security, templating
    from portal.audit import services as audit_services  # noqa: F401  registers the flush hooks

    database.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)

    import importlib

    for target in BLUEPRINTS:
        module_name, _, attribute = target.partition(":")
        app.register_blueprint(getattr(importlib.import_module(module_name), attribute))

    from portal import cli

    cli.init_app(app)
    return app
